package dev.citadel.itest.jca;

import dev.citadel.cli.SpeProcess;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One {@code citadel spe serve} process with an initialised token (user PIN {@code 0000}), for tests that run
 * {@code citadel provision} against it as a user does.
 */
final class ProvisionRig implements AutoCloseable {
    static final String PIN = "0000";
    static final String SO_PIN = "so-secret";

    private final SpeProcess spe;
    private final String socket;

    private ProvisionRig(SpeProcess spe, String socket) {
        this.spe = spe;
        this.socket = socket;
    }

    /** Starts the SPE on {@code dir}/device and initialises the token through the CLI. */
    static ProvisionRig start(Path dir) throws IOException, InterruptedException {
        Path sock = dir.resolve("spe.sock");
        ProvisionRig rig = new ProvisionRig(SpeProcess.start(dir.resolve("device"), sock, line -> {}), sock.toString());
        CitadelCli.ok("provision", "init-token", "--spe", rig.socket, "--so-pin", SO_PIN, "--pin", PIN);
        return rig;
    }

    /** The SPE's socket, for {@code --spe}. */
    String socket() {
        return socket;
    }

    /** {@code provision SUB --spe SOCKET --pin 0000 REST...}. */
    String[] args(String sub, String... rest) {
        List<String> a = new ArrayList<>(List.of("provision", sub, "--spe", socket, "--pin", PIN));
        a.addAll(List.of(rest));
        return a.toArray(new String[0]);
    }

    @Override
    public void close() {
        spe.close();
    }
}
