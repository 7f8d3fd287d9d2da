package dev.citadel.spe.crypto;

import dev.citadel.psa.PsaStatus;
import dev.citadel.psa.crypto.Algorithm;
import dev.citadel.psa.crypto.CryptoSizes;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.macs.CMac;
import org.bouncycastle.crypto.params.KeyParameter;

/**
 * The one table from PSA key-derivation algorithms to their backends: HMAC from the JDK (fast, and the JDK has every
 * hash used here), AES-CMAC from Bouncy Castle's lightweight API (the JDK has none), plus each algorithm's default
 * capacity ({@code psa_key_derivation_set_maximum_capacity} on TF-M's 32-bit secure side, where {@code size_t} is
 * 32 bits).
 */
final class KdfAlgorithms {
    private KdfAlgorithms() {}

    /** {@code SIZE_MAX} of TF-M's 32-bit SPE: the capacity of the unbounded derivations. */
    static final long SIZE_MAX = 0xFFFF_FFFFL;
    /** RFC 5246 §8.1: a master secret is 48 bytes. */
    static final int TLS12_MASTER_SECRET_LENGTH = 48;

    // HKDF and PBKDF2 take any of these; SHA3, SHA-512/t, MD5 and RIPEMD-160 answer NOT_SUPPORTED.
    private static final Set<Algorithm> HASHES = Set.of(
            Algorithm.SHA_1, Algorithm.SHA_224, Algorithm.SHA_256, Algorithm.SHA_384, Algorithm.SHA_512);

    /**
     * The status of {@code psa_key_derivation_setup} for a plain key derivation {@code kdf} (Mbed TLS's
     * {@code psa_key_derivation_setup_kdf}): {@code PSA_SUCCESS} or {@code NOT_SUPPORTED}.
     */
    static int check(Algorithm kdf) {
        return defaultCapacity(kdf) < 0 ? PsaStatus.NOT_SUPPORTED.value() : PsaStatus.SUCCESS.value();
    }

    /** The capacity a fresh operation of {@code kdf} has, or -1 if this SPE cannot run {@code kdf}. */
    static long defaultCapacity(Algorithm kdf) {
        if (kdf.equals(Algorithm.PBKDF2_AES_CMAC_PRF_128)) {
            return SIZE_MAX;
        }
        Algorithm hash = kdf.hashOf();
        if (!HASHES.contains(hash)) {
            return -1;
        }
        int hashLength = CryptoSizes.hashLength(hash);
        if (kdf.isHkdf() || kdf.isHkdfExpand()) {
            return 255L * hashLength;
        }
        if (kdf.isHkdfExtract()) {
            return hashLength;
        }
        boolean tlsHash = hash.equals(Algorithm.SHA_256) || hash.equals(Algorithm.SHA_384);
        if (kdf.isTls12Prf() && tlsHash) {
            return SIZE_MAX;
        }
        if (kdf.isTls12PskToMs() && tlsHash) {
            return TLS12_MASTER_SECRET_LENGTH;
        }
        if (kdf.isPbkdf2Hmac()) {
            return SIZE_MAX; // UINT32_MAX blocks would be more, but size_t caps it on a 32-bit SPE
        }
        return -1;
    }

    /** A fresh state machine for a {@code kdf} that {@link #check} accepted. */
    static Kdf newKdf(Algorithm kdf) {
        if (kdf.isHkdf()) {
            return new Hkdf(kdf.hashOf(), Hkdf.Mode.FULL);
        }
        if (kdf.isHkdfExtract()) {
            return new Hkdf(kdf.hashOf(), Hkdf.Mode.EXTRACT);
        }
        if (kdf.isHkdfExpand()) {
            return new Hkdf(kdf.hashOf(), Hkdf.Mode.EXPAND);
        }
        if (kdf.isTls12Prf()) {
            return new Tls12Prf(kdf.hashOf(), false);
        }
        if (kdf.isTls12PskToMs()) {
            return new Tls12Prf(kdf.hashOf(), true);
        }
        if (kdf.isPbkdf2Hmac()) {
            return Pbkdf2.hmac(kdf.hashOf());
        }
        if (kdf.equals(Algorithm.PBKDF2_AES_CMAC_PRF_128)) {
            return Pbkdf2.aesCmacPrf128();
        }
        throw new IllegalArgumentException("not a supported key derivation: " + kdf);
    }

    /**
     * An HMAC keyed with {@code key}. An empty key is HMAC's all-zero block; the JDK refuses empty key specs, so a
     * single zero byte (padded to the same block) stands for it.
     */
    static Mac hmac(Algorithm hash, byte[] key) {
        String name = HASHES.contains(hash) ? HashAlgorithms.hmacName(hash) : null;
        if (name == null) {
            throw new IllegalArgumentException("no HMAC for " + hash);
        }
        try {
            Mac mac = Mac.getInstance(name);
            mac.init(new SecretKeySpec(key.length == 0 ? new byte[1] : key, name));
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK lacks " + name, e);
        }
    }

    /** AES-CMAC (NIST SP 800-38B) keyed with a 16-byte {@code key}. */
    static CMac aesCmac(byte[] key) {
        CMac mac = new CMac(AESEngine.newInstance());
        mac.init(new KeyParameter(key));
        return mac;
    }

    /** AES-CMAC-PRF-128's key from any-length {@code key} (RFC 4615 §3): the key itself if 16 bytes, else its CMAC under zeros. */
    static byte[] aesCmacPrf128Key(byte[] key) {
        if (key.length == 16) {
            return key.clone();
        }
        CMac zero = aesCmac(new byte[16]);
        zero.update(key, 0, key.length);
        byte[] derived = new byte[16];
        zero.doFinal(derived, 0);
        return derived;
    }

    static void zero(byte[] b) {
        if (b != null) {
            Arrays.fill(b, (byte) 0);
        }
    }
}
