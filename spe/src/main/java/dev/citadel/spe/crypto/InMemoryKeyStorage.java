package dev.citadel.spe.crypto;

import dev.citadel.psa.PsaStatus;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Persistent key files held in memory: keys outlive their volatile peers' slots and a purge, but not the SPE.
 * Serves Crypto partitions built without a device (tests, benchmarks); a device's keys are in ITS. Files are zeroed
 * when removed.
 */
public final class InMemoryKeyStorage implements KeyStorage {
    private final Map<Long, byte[]> files = new HashMap<>();

    @Override
    public synchronized int create(long uid, byte[] file) {
        if (files.containsKey(uid)) {
            return PsaStatus.ALREADY_EXISTS.value();
        }
        files.put(uid, file.clone());
        return PsaStatus.SUCCESS.value();
    }

    @Override
    public synchronized byte[] read(long uid) {
        byte[] file = files.get(uid);
        if (file == null) {
            throw new KeyStoreException(PsaStatus.DOES_NOT_EXIST, "no key file " + Long.toHexString(uid));
        }
        return file.clone();
    }

    @Override
    public synchronized boolean exists(long uid) {
        return files.containsKey(uid);
    }

    @Override
    public synchronized int remove(long uid) {
        byte[] file = files.remove(uid);
        if (file == null) {
            return PsaStatus.DOES_NOT_EXIST.value();
        }
        Arrays.fill(file, (byte) 0);
        return PsaStatus.SUCCESS.value();
    }

    /** The number of files held. */
    public synchronized int size() {
        return files.size();
    }
}
