package dev.citadel.spe.ps;

import static dev.citadel.psa.storage.StorageWire.GET;
import static dev.citadel.psa.storage.StorageWire.GET_INFO;
import static dev.citadel.psa.storage.StorageWire.GET_SUPPORT;
import static dev.citadel.psa.storage.StorageWire.INFO_SIZE;
import static dev.citadel.psa.storage.StorageWire.REMOVE;
import static dev.citadel.psa.storage.StorageWire.SET;
import static dev.citadel.psa.storage.StorageWire.U32_SIZE;
import static dev.citadel.psa.storage.StorageWire.UID_SIZE;

import dev.citadel.hal.flash.FlashDevice;
import dev.citadel.psa.PartitionIds;
import dev.citadel.psa.PsaStatus;
import dev.citadel.psa.TfmService;
import dev.citadel.spe.its.ItsFlashFs;
import dev.citadel.spe.spm.PartitionContext;
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
 * TF-M's Protected Storage partition ({@code TFM_SP_PS}, 256): {@code psa_ps_set/get/get_info/remove/get_support}
 * on the stateless handle {@code 0x40000101}, with the vector checks of {@code tfm_ps_req_mngr.c} (an unknown type
 * or a wrong vector size is {@code PSA_ERROR_PROGRAMMER_ERROR}). Objects are encrypted and authenticated through the
 * Crypto partition and protected against rollback by the PS NV counters of the Platform partition, both called as
 * partition 256; see {@link PsObjectSystem}. The object table is loaded and authenticated at the first storage
 * call. Each client sees only its own uids.
 */
public final class PsPartition implements SecurePartition {
    private static final PartitionManifest MANIFEST =
            PartitionManifest.builder("TFM_SP_PS", PartitionIds.PROTECTED_STORAGE)
                    .type(PartitionType.PSA_ROT)
                    .model(PartitionModel.SFN)
                    .service(ServiceManifest.stateless(
                            TfmService.PROTECTED_STORAGE.serviceName(),
                            TfmService.PROTECTED_STORAGE.sid(),
                            TfmService.PROTECTED_STORAGE.version(),
                            VersionPolicy.STRICT,
                            TfmService.PROTECTED_STORAGE.statelessIndex(),
                            true))
                    .dependency(TfmService.CRYPTO.serviceName())
                    .dependency(TfmService.PLATFORM.serviceName())
                    .build();

    private final ItsFlashFs fs;
    private final PsConfig config;
    private PsObjectSystem objects;
    private boolean prepared;
    private final FormatRequest formatRequest;

    /**
     * Serves the PS area that {@code config} places on {@code flash} (the device's external flash), mounting its FS
     * now; the object table is loaded and authenticated at the first storage call, through Crypto and Platform.
     *
     * @throws IllegalArgumentException if the area does not fit the flash or a block cannot hold the largest object
     *     together with the table
     */
    public PsPartition(FlashDevice flash, PsConfig config) {
        this(flash, config, FormatRequest.NONE);
    }

    /**
     * As {@link #PsPartition(FlashDevice, PsConfig)}, with {@code formatRequest} saying whether the user erased the
     * area on purpose ({@code citadel device format --ps}).
     */
    public PsPartition(FlashDevice flash, PsConfig config, FormatRequest formatRequest) {
        int blockSize = flash.geometry().sectorSize() * config.sectorsPerBlock();
        if (PsConfig.objectFileSize(config.maxAssetSize()) + ObjectTable.size(config.tableEntries()) > blockSize) {
            throw new IllegalArgumentException("a PS block of " + blockSize + " bytes cannot hold the largest object "
                    + "and the object table");
        }
        this.fs = ItsFlashFs.mount(flash, config.fsConfig(), "PS");
        this.config = config;
        this.formatRequest = formatRequest;
    }

    @Override
    public PartitionManifest manifest() {
        return MANIFEST;
    }

    @Override
    public void init(PartitionContext context) {
        objects = new PsObjectSystem(fs, config, new PsCrypto(context.client()), new PsNvCounters(context.client()),
                formatRequest);
    }

    /**
     * TF-M's {@code ps_system_prepare}, run at the first call rather than at start: the outcome for callers is the
     * same, and an SPE whose clients never use PS pays nothing for its crypto at start.
     */
    private void prepareOnce() {
        if (!prepared) {
            prepared = true;
            objects.prepare();
        }
    }

    @Override
    public int serve(ServiceManifest service, PsaMessage m) {
        try {
            if (m.type() >= SET && m.type() <= REMOVE) {
                prepareOnce();
            }
            return switch (m.type()) {
                case SET -> set(m);
                case GET -> get(m);
                case GET_INFO -> getInfo(m);
                case REMOVE -> remove(m);
                case GET_SUPPORT -> getSupport(m);
                default -> PsaStatus.PROGRAMMER_ERROR.value();
            };
        } catch (PsException e) {
            return e.status().value();
        }
    }

    private int set(PsaMessage m) throws PsException {
        if (m.inSize(0) != UID_SIZE || m.inSize(2) != U32_SIZE) {
            return PsaStatus.PROGRAMMER_ERROR.value();
        }
        long uid = le(m.read(0)).getLong();
        int flags = le(m.read(2)).getInt();
        // The data is read only once the checks pass, so an oversized vector is never copied.
        objects.set(m.clientId(), uid, m.inSize(1), () -> m.read(1), flags);
        return PsaStatus.SUCCESS.value();
    }

    private int get(PsaMessage m) throws PsException {
        if (m.inSize(0) != UID_SIZE || m.inSize(1) != U32_SIZE) {
            return PsaStatus.PROGRAMMER_ERROR.value();
        }
        long uid = le(m.read(0)).getLong();
        long offset = Integer.toUnsignedLong(le(m.read(1)).getInt());
        if (offset > Integer.MAX_VALUE) {
            objects.info(m.clientId(), uid); // DOES_NOT_EXIST comes first for an absent uid
            return PsaStatus.INVALID_ARGUMENT.value();
        }
        m.write(0, objects.get(m.clientId(), uid, (int) offset, m.outSize(0)));
        return PsaStatus.SUCCESS.value();
    }

    private int getInfo(PsaMessage m) throws PsException {
        if (m.inSize(0) != UID_SIZE || m.outSize(0) != INFO_SIZE) {
            return PsaStatus.PROGRAMMER_ERROR.value();
        }
        PsObjectSystem.Info info = objects.info(m.clientId(), le(m.read(0)).getLong());
        ByteBuffer out = ByteBuffer.allocate(INFO_SIZE).order(ByteOrder.LITTLE_ENDIAN);
        out.putInt(info.capacity()).putInt(info.size()).putInt(info.flags());
        m.write(0, out.array());
        return PsaStatus.SUCCESS.value();
    }

    private int remove(PsaMessage m) throws PsException {
        if (m.inSize(0) != UID_SIZE) {
            return PsaStatus.PROGRAMMER_ERROR.value();
        }
        objects.remove(m.clientId(), le(m.read(0)).getLong());
        return PsaStatus.SUCCESS.value();
    }

    /** No optional feature ({@code psa_ps_create}, {@code set_extended}) is supported: 0, as TF-M. */
    private static int getSupport(PsaMessage m) {
        if (m.outSize(0) != U32_SIZE) {
            return PsaStatus.PROGRAMMER_ERROR.value();
        }
        m.write(0, new byte[4]);
        return PsaStatus.SUCCESS.value();
    }

    private static ByteBuffer le(byte[] b) {
        return ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
    }
}
