package dev.citadel.spe.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import dev.citadel.psa.PsaStatus;
import dev.citadel.psa.crypto.Algorithm;
import dev.citadel.psa.crypto.KeyDerivationStep;
import java.security.SecureRandom;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** The hook the key agreement service uses: a shared secret fed to a derivation by one call. */
class KeyDerivationServiceTest {
    private static final int SUCCESS = PsaStatus.SUCCESS.value();

    private final KeyStore keys = new KeyStore(4);
    private final KeyDerivationService service = new KeyDerivationService(keys, new OperationTable(2),
            new KeyManagementService(keys, new SecureRandom()), () -> new AgreementService(keys));

    private static byte[] hex(String s) {
        return HexFormat.of().parseHex(s);
    }

    @Test
    void aSharedSecretIsASecretThatMayBecomeAKey() {
        KeyDerivationService.Operation op = new KeyDerivationService.Operation().start(Algorithm.hkdf(Algorithm.SHA_256));
        byte[] ikm = hex("0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b");
        assertThat(op.kdf.input(KeyDerivationStep.SALT, hex("000102030405060708090a0b0c"))).isEqualTo(SUCCESS);
        assertThat(service.inputSecretFromAgreement(op, KeyDerivationStep.SECRET.value(), ikm)).isEqualTo(SUCCESS);
        assertThat(op.canOutputKey).isTrue();
        assertThat(op.kdf.input(KeyDerivationStep.INFO, hex("f0f1f2f3f4f5f6f7f8f9"))).isEqualTo(SUCCESS);
        byte[] okm = new byte[42];
        assertThat(KeyDerivationService.read(op, okm)).isEqualTo(SUCCESS);
        assertThat(okm).isEqualTo(hex("3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf"
                + "34007208d5b887185865")); // RFC 5869 test case 1
    }

    @Test
    void aSharedSecretWhereNoSecretFitsAbortsTheOperation() {
        KeyDerivationService.Operation op = new KeyDerivationService.Operation()
                .start(Algorithm.pbkdf2Hmac(Algorithm.SHA_256));
        assertThat(service.inputSecretFromAgreement(op, KeyDerivationStep.SALT.value(), new byte[32]))
                .isEqualTo(PsaStatus.INVALID_ARGUMENT.value()); // a DERIVE-typed input may not be a salt
        assertThat(op.isBlank()).isTrue();
        assertThat(op.canOutputKey).isFalse();
    }
}
