package dev.citadel.spe.its;

import static dev.citadel.psa.storage.StorageWire.FLAG_WRITE_ONCE;
import static dev.citadel.psa.storage.StorageWire.SUPPORTED_FLAGS;

import dev.citadel.psa.PsaStatus;

/**
 * The semantics of the PSA ITS API 1.0 over the flash FS, as TF-M's {@code tfm_internal_trusted_storage.c} has
 * them: uid 0 is invalid, unknown create flags are not supported, a WRITE_ONCE asset can be neither replaced nor
 * removed, and each client sees only its own uids.
 */
public final class ItsStorage {
    /** The create flags are stored in the low half of the FS's flags word. */
    private static final int USER_FLAGS_MASK = 0xFFFF;

    private final ItsFlashFs fs;

    /** Serves assets stored in {@code fs}. */
    public ItsStorage(ItsFlashFs fs) {
        this.fs = fs;
    }

    /** {@code psa_its_set}. */
    public void set(int clientId, long uid, byte[] data, int flags) throws ItsException {
        checkUid(uid);
        if ((flags & ~SUPPORTED_FLAGS) != 0) {
            throw new ItsException(PsaStatus.NOT_SUPPORTED, "unsupported create flags " + Integer.toHexString(flags));
        }
        ItsFileId id = new ItsFileId(clientId, uid);
        // WRITE_ONCE is checked before the size, as TF-M does.
        if (fs.info(id).filter(i -> (i.flags() & FLAG_WRITE_ONCE) != 0).isPresent()) {
            throw new ItsException(PsaStatus.NOT_PERMITTED, "asset is write-once");
        }
        fs.write(id, data, flags);
    }

    /** {@code psa_its_get}: up to {@code length} bytes from {@code offset}; {@code offset > size} is invalid. */
    public byte[] get(int clientId, long uid, int offset, int length) throws ItsException {
        ItsFileInfo info = info(clientId, uid);
        if (offset < 0 || offset > info.size()) {
            throw new ItsException(PsaStatus.INVALID_ARGUMENT, "offset beyond the asset");
        }
        return fs.read(new ItsFileId(clientId, uid), offset, Math.min(length, info.size() - offset));
    }

    /** {@code psa_its_get_info}: size (also the capacity) and the user flags. */
    public ItsFileInfo info(int clientId, long uid) throws ItsException {
        checkUid(uid);
        ItsFileInfo info = fs.info(new ItsFileId(clientId, uid))
                .orElseThrow(() -> new ItsException(PsaStatus.DOES_NOT_EXIST, "no such uid"));
        return new ItsFileInfo(info.size(), info.flags() & USER_FLAGS_MASK);
    }

    /** {@code psa_its_remove}. */
    public void remove(int clientId, long uid) throws ItsException {
        if ((info(clientId, uid).flags() & FLAG_WRITE_ONCE) != 0) {
            throw new ItsException(PsaStatus.NOT_PERMITTED, "asset is write-once");
        }
        fs.remove(new ItsFileId(clientId, uid));
    }

    private static void checkUid(long uid) throws ItsException {
        if (uid == 0) {
            throw new ItsException(PsaStatus.INVALID_ARGUMENT, "uid 0 is invalid");
        }
    }
}
