package dev.citadel.itest.attest;

import static dev.citadel.itest.attest.AttestTest.bootData;
import static dev.citadel.itest.attest.AttestTest.filled;
import static dev.citadel.itest.attest.AttestTest.templatePublicKey;
import static org.assertj.core.api.Assertions.assertThat;

import dev.citadel.itest.TestSpe.Door;
import dev.citadel.spe.attest.AttestConfig;
import dev.citadel.verifier.InstanceIdBinding;
import dev.citadel.verifier.VerificationKey;
import dev.citadel.verifier.Verdict;
import dev.citadel.verifier.Verifier;
import java.security.interfaces.ECPublicKey;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The device's tokens pass the relying party's verifier: the partition and the verifier were written from the
 * reference separately, so each checks the other (signature, nonce, instance ID bound to the IAK in TF-M's current
 * form, claim types). A token for another nonce fails.
 */
class AttestVerifierTest {

    @ParameterizedTest
    @EnumSource(Door.class)
    void aDeviceTokenVerifiesAndANonceMismatchDoesNot(Door door) throws Exception {
        try (AttestSpe spe = new AttestSpe(AttestConfig.defaults(), Optional.of(bootData()))) {
            byte[] nonce = filled(64, 0x3C);
            byte[] token = AttestTest.api(spe, door).getToken(nonce);
            VerificationKey key = new VerificationKey.Ec((ECPublicKey) templatePublicKey());
            Verdict good = Verifier.verify(token, key, nonce, null, InstanceIdBinding.COSE_KEY);
            assertThat(good.ok()).as(good.toString()).isTrue();
            Verdict wrongNonce = Verifier.verify(token, key, filled(64, 0x3D), null, InstanceIdBinding.EITHER);
            assertThat(wrongNonce.ok()).isFalse();
        }
    }
}
