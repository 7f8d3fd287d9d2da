package dev.citadel.spe.ps;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * An object as PS stores it ({@code ps_encrypted_object.c}): {@code iv[12]}, then the AEAD ciphertext of the info
 * header ({@code u32 current_size, u32 max_size, u32 create_flags}) followed by the data. The tag is kept in the
 * object table's entry, not here. The associated data is {@code LE32(fid)}, so an object copied under another file
 * ID fails its tag.
 */
final class ObjectFile {
    static final int IV_SIZE = PsCrypto.IV_SIZE;
    static final int INFO_SIZE = 12;

    private ObjectFile() {}

    /** The plaintext: info header then data. */
    static byte[] plaintext(byte[] data, int flags) {
        return ByteBuffer.allocate(INFO_SIZE + data.length).order(ByteOrder.LITTLE_ENDIAN)
                .putInt(data.length).putInt(data.length).putInt(flags).put(data).array();
    }

    static byte[] associatedData(int fid) {
        return ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(fid).array();
    }

    static byte[] file(byte[] iv, byte[] ciphertext) {
        byte[] f = Arrays.copyOf(iv, IV_SIZE + ciphertext.length);
        System.arraycopy(ciphertext, 0, f, IV_SIZE, ciphertext.length);
        return f;
    }

    /** A decrypted object: its info header and data. */
    record Plain(int currentSize, int maxSize, int flags, byte[] data) {
        /** Parses a plaintext; null if its header does not match its length. */
        static Plain parse(byte[] plain) {
            if (plain.length < INFO_SIZE) {
                return null;
            }
            ByteBuffer b = ByteBuffer.wrap(plain).order(ByteOrder.LITTLE_ENDIAN);
            int cur = b.getInt();
            int max = b.getInt();
            int flags = b.getInt();
            if (cur != plain.length - INFO_SIZE) {
                return null;
            }
            return new Plain(cur, max, flags, Arrays.copyOfRange(plain, INFO_SIZE, plain.length));
        }
    }
}
