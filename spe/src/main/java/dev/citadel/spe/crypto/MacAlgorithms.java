package dev.citadel.spe.crypto;

import dev.citadel.psa.PsaStatus;
import dev.citadel.psa.crypto.Algorithm;
import dev.citadel.psa.crypto.CryptoSizes;
import dev.citadel.psa.crypto.KeyType;
import java.util.Arrays;
import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.macs.CMac;
import org.bouncycastle.crypto.params.KeyParameter;

/**
 * The PSA MAC algorithms and the backends that compute them: HMAC over the hashes {@link PrecomputedHmac} knows,
 * with the key's pads hashed once per key, and Bouncy Castle's lightweight {@code CMac} over AES for CMAC. It also holds Mbed TLS's key-and-algorithm validation
 * ({@code psa_mac_finalize_alg_and_key_validation}).
 */
final class MacAlgorithms {
    private MacAlgorithms() {}

    /** Mbed TLS refuses MACs shorter than 4 bytes: short enough to brute-force. */
    static final int MIN_MAC_LENGTH = 4;

    /** An incremental MAC over one key; {@link #doFinal()} gives the full-length MAC. */
    interface Engine {
        void update(byte[] data, int off, int len);

        byte[] doFinal();
    }

    /**
     * {@code psa_mac_finalize_alg_and_key_validation} followed by the backend's own refusal: the MAC length for
     * {@code alg} with this key, or a negative PSA status.
     *
     * <ul>
     *   <li>not a MAC, or a key type the MAC cannot use (HMAC needs an HMAC key, CMAC a block cipher key):
     *       {@code INVALID_ARGUMENT};
     *   <li>a MAC shorter than 4 bytes: {@code NOT_SUPPORTED}; truncated beyond its full length:
     *       {@code INVALID_ARGUMENT};
     *   <li>a hash, block cipher or MAC construction this backend lacks (CBC-MAC among them): {@code NOT_SUPPORTED}.
     * </ul>
     */
    static int macLengthOrStatus(Algorithm alg, KeyType keyType) {
        if (!alg.isMac()) {
            return PsaStatus.INVALID_ARGUMENT.value();
        }
        int full;
        if (alg.isHmac()) {
            if (!keyType.equals(KeyType.HMAC)) {
                return PsaStatus.INVALID_ARGUMENT.value();
            }
            full = CryptoSizes.hashLength(alg);
        } else if (alg.isBlockCipherMac()) {
            full = CryptoSizes.blockCipherBlockLength(keyType);
            if (full <= 1) {
                return PsaStatus.INVALID_ARGUMENT.value(); // not a block cipher key
            }
        } else {
            return PsaStatus.INVALID_ARGUMENT.value();
        }
        int truncated = alg.macTruncatedLength();
        int length = truncated != 0 ? truncated : full;
        if (length < MIN_MAC_LENGTH) {
            return PsaStatus.NOT_SUPPORTED.value();
        }
        if (length > full) {
            return PsaStatus.INVALID_ARGUMENT.value();
        }
        return supports(alg.fullLengthMac(), keyType) ? length : PsaStatus.NOT_SUPPORTED.value();
    }

    private static boolean supports(Algorithm full, KeyType keyType) {
        if (full.isHmac()) {
            return PrecomputedHmac.supports(full.hashOf());
        }
        return full.equals(Algorithm.CMAC) && keyType.equals(KeyType.AES);
    }

    /**
     * A MAC engine for {@code slot}'s key. An HMAC's key is prepared once per key and algorithm
     * ({@link PrecomputedHmac}: the pads already hashed), kept in the slot and dropped with its material; each engine
     * starts from a copy of that state.
     *
     * @return the engine, or {@code null} if the key was destroyed meanwhile
     */
    static Engine newEngine(Algorithm alg, KeySlot slot) {
        Algorithm full = alg.fullLengthMac();
        if (full.isHmac()) {
            PrecomputedHmac prepared = (PrecomputedHmac) slot.prepared(full);
            if (prepared == null) {
                byte[] material;
                try {
                    material = slot.material.copy();
                } catch (IllegalStateException destroyed) {
                    return null;
                }
                try {
                    prepared = PrecomputedHmac.keyed(full.hashOf(), material);
                } finally {
                    Arrays.fill(material, (byte) 0);
                }
                slot.cachePrepared(full, prepared);
            }
            return prepared.start();
        }
        byte[] material;
        try {
            material = slot.material.copy();
        } catch (IllegalStateException destroyed) {
            return null;
        }
        try {
            return cmacAes(material); // the only other MAC macLengthOrStatus accepts
        } finally {
            Arrays.fill(material, (byte) 0);
        }
    }

    private static Engine cmacAes(byte[] key) {
        CMac mac = new CMac(AESEngine.newInstance());
        mac.init(new KeyParameter(key));
        return new Engine() {
            @Override
            public void update(byte[] data, int off, int len) {
                mac.update(data, off, len);
            }

            @Override
            public byte[] doFinal() {
                byte[] out = new byte[mac.getMacSize()];
                mac.doFinal(out, 0);
                return out;
            }
        };
    }

    /** The MAC cut to {@code length} bytes ({@code PSA_ALG_TRUNCATED_MAC} keeps the leading bytes). */
    static byte[] truncate(byte[] mac, int length) {
        if (mac.length == length) {
            return mac;
        }
        byte[] cut = Arrays.copyOf(mac, length);
        Arrays.fill(mac, (byte) 0);
        return cut;
    }

}
