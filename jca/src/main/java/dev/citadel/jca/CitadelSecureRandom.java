package dev.citadel.jca;

import dev.citadel.ns.crypto.PsaCrypto;
import dev.citadel.psa.PsaException;
import java.security.SecureRandomSpi;
import java.util.Arrays;

/**
 * Random bytes from the SPE's generator ({@code psa_generate_random}). Seeds given by callers are ignored: the SPE
 * seeds and reseeds its own DRBG, as TF-M's does.
 */
final class CitadelSecureRandom extends SecureRandomSpi {
    private static final long serialVersionUID = 1L;
    /** Requests are split so that none comes near the wire's frame limit. */
    private static final int CHUNK = 64 * 1024;

    private final transient PsaCrypto crypto;

    CitadelSecureRandom(PsaCrypto crypto) {
        this.crypto = crypto;
    }

    @Override
    protected void engineSetSeed(byte[] seed) {
        // The SPE owns its entropy.
    }

    @Override
    protected void engineNextBytes(byte[] bytes) {
        try {
            if (bytes.length <= CHUNK) {
                crypto.generateRandom(bytes);
                return;
            }
            byte[] chunk = new byte[CHUNK];
            for (int off = 0; off < bytes.length; off += CHUNK) {
                int n = Math.min(CHUNK, bytes.length - off);
                byte[] part = n == CHUNK ? chunk : new byte[n];
                crypto.generateRandom(part);
                System.arraycopy(part, 0, bytes, off, n);
                Arrays.fill(part, (byte) 0);
            }
        } catch (PsaException e) {
            throw JcaErrors.provider("psa_generate_random", 0, e);
        }
    }

    @Override
    protected byte[] engineGenerateSeed(int numBytes) {
        byte[] b = new byte[numBytes];
        engineNextBytes(b);
        return b;
    }
}
