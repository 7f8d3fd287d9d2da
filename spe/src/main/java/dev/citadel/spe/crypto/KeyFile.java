package dev.citadel.spe.crypto;

import dev.citadel.psa.crypto.Algorithm;
import dev.citadel.psa.crypto.KeyAttributes;
import dev.citadel.psa.crypto.KeyLifetime;
import dev.citadel.psa.crypto.KeyType;
import dev.citadel.psa.crypto.KeyUsage;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * The persistent key file of Mbed TLS's {@code psa_crypto_storage.c}, which TF-M stores in ITS
 * ({@code reference/tfm.md} §4): a 36-byte little-endian header, then the key material in {@code psa_export_key}
 * format.
 *
 * <pre>
 * magic "PSA\0KEY\0" (8) | u32 version = 0 | u32 lifetime | u16 type | u16 bits | u32 usage | u32 alg | u32 alg2
 *     | u32 data_len | data
 * </pre>
 *
 * The file does not hold the key's identifier or owner: both are in its storage UID ({@link #uid}).
 */
final class KeyFile {
    static final int HEADER_SIZE = 36;
    private static final byte[] MAGIC = {'P', 'S', 'A', 0, 'K', 'E', 'Y', 0};
    private static final int VERSION = 0;

    private KeyFile() {}

    /** {@code psa_its_identifier_of_slot}: the owner in the high 32 bits, the key identifier in the low 32. */
    static long uid(int owner, int keyId) {
        return (Integer.toUnsignedLong(owner) << 32) | Integer.toUnsignedLong(keyId);
    }

    /** The file for a key; the caller zeroes the returned array once stored. */
    static byte[] encode(KeyAttributes a, byte[] material) {
        ByteBuffer b = ByteBuffer.allocate(HEADER_SIZE + material.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put(MAGIC).putInt(VERSION).putInt(a.lifetime().value())
                .putShort((short) a.type().value()).putShort((short) a.bits())
                .putInt(a.usage().value()).putInt(a.algorithm().value()).putInt(a.algorithm2().value())
                .putInt(material.length).put(material);
        return b.array();
    }

    /** A decoded file: the attributes (with the identifier given to {@link #decode}) and the material. */
    record Decoded(KeyAttributes attributes, byte[] material) {}

    /**
     * @return the key, or {@code null} if {@code file} is not a well-formed key file (bad magic, unknown version,
     *     or a length that disagrees with the file's size), which Mbed TLS reports as {@code PSA_ERROR_DATA_INVALID}
     */
    static Decoded decode(byte[] file, int keyId) {
        if (file.length < HEADER_SIZE || !Arrays.equals(file, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
            return null;
        }
        ByteBuffer b = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
        b.position(MAGIC.length);
        if (b.getInt() != VERSION) {
            return null;
        }
        KeyLifetime lifetime = KeyLifetime.of(b.getInt());
        KeyType type = KeyType.of(Short.toUnsignedInt(b.getShort()));
        int bits = Short.toUnsignedInt(b.getShort());
        KeyUsage usage = KeyUsage.of(b.getInt());
        Algorithm alg = Algorithm.of(b.getInt());
        Algorithm alg2 = Algorithm.of(b.getInt());
        long length = Integer.toUnsignedLong(b.getInt());
        if (length != file.length - HEADER_SIZE) {
            return null;
        }
        byte[] material = Arrays.copyOfRange(file, HEADER_SIZE, file.length);
        return new Decoded(new KeyAttributes(type, bits, lifetime, usage, alg, alg2, keyId), material);
    }
}
