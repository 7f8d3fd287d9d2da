package dev.citadel.spe.its;

import static dev.citadel.psa.storage.StorageWire.GET;
import static dev.citadel.psa.storage.StorageWire.GET_INFO;
import static dev.citadel.psa.storage.StorageWire.INFO_SIZE;
import static dev.citadel.psa.storage.StorageWire.REMOVE;
import static dev.citadel.psa.storage.StorageWire.SET;
import static dev.citadel.psa.storage.StorageWire.U32_SIZE;
import static dev.citadel.psa.storage.StorageWire.UID_SIZE;

import dev.citadel.hal.flash.FlashDevice;
import dev.citadel.psa.PartitionIds;
import dev.citadel.psa.PsaStatus;
import dev.citadel.psa.TfmService;
import dev.citadel.spe.spm.PartitionManifest;
import dev.citadel.spe.spm.PartitionModel;
import dev.citadel.spe.spm.PartitionType;
import dev.citadel.spe.spm.PsaMessage;
import dev.citadel.spe.spm.SecurePartition;
import dev.citadel.spe.spm.ServiceManifest;
import dev.citadel.spe.spm.VersionPolicy;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * TF-M's Internal Trusted Storage partition ({@code TFM_SP_ITS}, 257): {@code psa_its_set/get/get_info/remove} on
 * the stateless handle {@code 0x40000102}, with the vector layout and size checks of {@code tfm_its_req_mngr.c}.
 * The caller's client ID is part of every file ID, so clients never see each other's assets.
 */
public final class ItsPartition implements SecurePartition {
    private static final PartitionManifest MANIFEST =
            PartitionManifest.builder("TFM_SP_ITS", PartitionIds.INTERNAL_TRUSTED_STORAGE)
                    .type(PartitionType.PSA_ROT)
                    .model(PartitionModel.SFN)
                    .service(ServiceManifest.stateless(
                            TfmService.INTERNAL_TRUSTED_STORAGE.serviceName(),
                            TfmService.INTERNAL_TRUSTED_STORAGE.sid(),
                            TfmService.INTERNAL_TRUSTED_STORAGE.version(),
                            VersionPolicy.STRICT,
                            TfmService.INTERNAL_TRUSTED_STORAGE.statelessIndex(),
                            true))
                    .build();

    private final ItsStorage storage;

    /** Serves the ITS area that {@code config} places on {@code flash}, mounting it now. */
    public ItsPartition(FlashDevice flash, ItsConfig config) {
        this(new ItsStorage(ItsFlashFs.mount(flash, config)));
    }

    /** Serves {@code storage}. */
    public ItsPartition(ItsStorage storage) {
        this.storage = storage;
    }

    @Override
    public PartitionManifest manifest() {
        return MANIFEST;
    }

    @Override
    public int serve(ServiceManifest service, PsaMessage m) {
        try {
            return switch (m.type()) {
                case SET -> set(m);
                case GET -> get(m);
                case GET_INFO -> getInfo(m);
                case REMOVE -> remove(m);
                default -> PsaStatus.NOT_SUPPORTED.value();
            };
        } catch (ItsException e) {
            return e.status().value();
        }
    }

    private int set(PsaMessage m) throws ItsException {
        if (m.inSize(0) != UID_SIZE || m.inSize(2) != U32_SIZE) {
            return PsaStatus.PROGRAMMER_ERROR.value();
        }
        long uid = le(m.read(0)).getLong();
        byte[] data = m.read(1);
        int flags = le(m.read(2)).getInt();
        storage.set(m.clientId(), uid, data, flags);
        return PsaStatus.SUCCESS.value();
    }

    private int get(PsaMessage m) throws ItsException {
        if (m.inSize(0) != UID_SIZE || m.inSize(1) != U32_SIZE) {
            return PsaStatus.PROGRAMMER_ERROR.value();
        }
        long uid = le(m.read(0)).getLong();
        long offset = Integer.toUnsignedLong(le(m.read(1)).getInt());
        if (offset > Integer.MAX_VALUE) {
            storage.info(m.clientId(), uid); // DOES_NOT_EXIST comes first for an absent uid
            return PsaStatus.INVALID_ARGUMENT.value();
        }
        byte[] data = storage.get(m.clientId(), uid, (int) offset, m.outSize(0));
        m.write(0, data);
        return PsaStatus.SUCCESS.value();
    }

    private int getInfo(PsaMessage m) throws ItsException {
        if (m.inSize(0) != UID_SIZE || m.outSize(0) != INFO_SIZE) {
            return PsaStatus.PROGRAMMER_ERROR.value();
        }
        ItsFileInfo info = storage.info(m.clientId(), le(m.read(0)).getLong());
        ByteBuffer out = ByteBuffer.allocate(INFO_SIZE).order(ByteOrder.LITTLE_ENDIAN);
        out.putInt(info.size()).putInt(info.size()).putInt(info.flags());
        m.write(0, out.array());
        return PsaStatus.SUCCESS.value();
    }

    private int remove(PsaMessage m) throws ItsException {
        if (m.inSize(0) != UID_SIZE) {
            return PsaStatus.PROGRAMMER_ERROR.value();
        }
        storage.remove(m.clientId(), le(m.read(0)).getLong());
        return PsaStatus.SUCCESS.value();
    }

    private static ByteBuffer le(byte[] b) {
        return ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
    }
}
