package dev.citadel.cli;

import dev.citadel.hal.DeviceDirectory;
import dev.citadel.hal.DeviceException;
import dev.citadel.ns.Dispatcher;
import dev.citadel.ns.FunctionCallClient;
import dev.citadel.psa.PsaClient;
import dev.citadel.spe.SpePartitions;
import dev.citadel.spe.spm.NsAgent;
import dev.citadel.spe.spm.Spm;
import dev.citadel.spe.spm.SpmStartException;
import java.nio.file.Path;

/**
 * A device's SPE hosted in this process and reached through the function-call door: the SPM, its partitions and its
 * checks as {@code citadel spe serve} runs them, without the socket. It holds the device directory's lock, so no
 * other SPE can serve the device meanwhile. Closing it releases the device.
 */
final class InProcessSpe implements Dispatcher {
    /** TF-M's defaults, as {@code citadel spe serve} uses them. */
    private static final int CRYPTO_OPERATIONS = 8;
    private static final int CRYPTO_KEY_SLOTS = 32;

    private final DeviceDirectory device;
    private final FunctionCallClient client;

    private InProcessSpe(DeviceDirectory device, FunctionCallClient client) {
        this.device = device;
        this.client = client;
    }

    /** Opens (or creates) the device and starts its SPE; one-line {@link UserException}s for what a user can fix. */
    static InProcessSpe open(Path dir) {
        DeviceDirectory device;
        try {
            device = DeviceDirectory.openOrCreate(dir);
        } catch (DeviceException e) {
            throw new UserException("cannot open the device " + dir + ": " + e.getMessage());
        }
        try {
            Spm spm = Spm.builder()
                    .partitions(SpePartitions.forDevice(device, CRYPTO_OPERATIONS, CRYPTO_KEY_SLOTS,
                            client -> System.err.println("p11: system reset requested by client " + client
                                    + " (logged only)")))
                    .log(line -> System.err.println("p11: spe: " + line))
                    .build();
            spm.start();
            return new InProcessSpe(device, new FunctionCallClient(spm.openSession(NsAgent.trustZone())));
        } catch (SpmStartException | DeviceException | RuntimeException e) {
            device.close();
            throw new UserException("the SPE of " + dir + " did not start: " + e.getMessage());
        }
    }

    @Override
    public PsaClient asClient(int nsid) {
        return client.asClient(nsid);
    }

    @Override
    public PsaClient defaultClient() {
        return client.defaultClient();
    }

    @Override
    public void close() {
        client.close();
        device.close();
    }
}
