package dev.citadel.spe.crypto;

import dev.citadel.psa.PsaStatus;
import java.security.SecureRandom;

/** The Random group: {@code psa_generate_random} fills {@code out_vec[0]} to its capacity. */
final class RandomService {
    private final SecureRandom random;

    RandomService(SecureRandom random) {
        this.random = random;
    }

    int generateRandom(CryptoRequest r) {
        int size = r.outSize(0);
        if (size > 0) {
            byte[] out = new byte[size];
            random.nextBytes(out);
            r.write(0, out);
        }
        return PsaStatus.SUCCESS.value();
    }
}
