package dev.citadel.ns.storage;

import dev.citadel.psa.InVec;
import dev.citadel.psa.OutVec;
import dev.citadel.psa.PsaClient;
import dev.citadel.psa.PsaException;
import dev.citadel.psa.PsaStatus;
import dev.citadel.psa.storage.StorageWire;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * The calls TF-M's {@code tfm_its_api.c} and {@code tfm_ps_api.c} make, which differ only in the handle: one
 * marshalling for {@code PsaIts} and {@code PsaPs}.
 */
public final class StorageCalls {
    private final PsaClient client;
    private final int handle;

    /** Calls the storage service at stateless {@code handle} through {@code client}. */
    public StorageCalls(PsaClient client, int handle) {
        this.client = client;
        this.handle = handle;
    }

    /** {@code psa_*_set}. */
    public void set(long uid, byte[] data, int createFlags) throws PsaException {
        InVec[] in = {InVec.of(u64(uid)), InVec.of(data), InVec.of(u32(createFlags))};
        PsaException.check(client.call(handle, StorageWire.SET, in, null));
    }

    /** {@code psa_*_get}; a negative offset or size is refused here, as C's unsigned types cannot carry one. */
    public byte[] get(long uid, int dataOffset, int dataSize) throws PsaException {
        if (dataOffset < 0 || dataSize < 0) {
            throw new PsaException(PsaStatus.INVALID_ARGUMENT, "negative offset or size");
        }
        OutVec out = OutVec.allocate(dataSize);
        InVec[] in = {InVec.of(u64(uid)), InVec.of(u32(dataOffset))};
        PsaException.check(client.call(handle, StorageWire.GET, in, new OutVec[] {out}));
        return Arrays.copyOfRange(out.array(), out.offset(), out.offset() + out.length());
    }

    /** {@code psa_*_get_info}: capacity, size and flags, in that order. */
    public int[] getInfo(long uid) throws PsaException {
        OutVec out = OutVec.allocate(StorageWire.INFO_SIZE);
        InVec[] in = {InVec.of(u64(uid))};
        PsaException.check(client.call(handle, StorageWire.GET_INFO, in, new OutVec[] {out}));
        ByteBuffer b = ByteBuffer.wrap(out.array(), out.offset(), StorageWire.INFO_SIZE).order(ByteOrder.LITTLE_ENDIAN);
        return new int[] {b.getInt(), b.getInt(), b.getInt()};
    }

    /** {@code psa_*_remove}. */
    public void remove(long uid) throws PsaException {
        PsaException.check(client.call(handle, StorageWire.REMOVE, new InVec[] {InVec.of(u64(uid))}, null));
    }

    /** {@code psa_ps_get_support}: the service's answer, or 0 if the call fails (the C API returns a bare u32). */
    public int getSupport() {
        OutVec out = OutVec.allocate(StorageWire.U32_SIZE);
        int status = client.call(handle, StorageWire.GET_SUPPORT, null, new OutVec[] {out});
        if (status != PsaStatus.SUCCESS.value() || out.length() != StorageWire.U32_SIZE) {
            return 0;
        }
        return ByteBuffer.wrap(out.array(), out.offset(), StorageWire.U32_SIZE).order(ByteOrder.LITTLE_ENDIAN).getInt();
    }

    private static byte[] u64(long v) {
        return ByteBuffer.allocate(StorageWire.UID_SIZE).order(ByteOrder.LITTLE_ENDIAN).putLong(v).array();
    }

    private static byte[] u32(int v) {
        return ByteBuffer.allocate(StorageWire.U32_SIZE).order(ByteOrder.LITTLE_ENDIAN).putInt(v).array();
    }
}
