package dev.citadel.itest.pkcs11;

import static dev.citadel.itest.pkcs11.TokenDevice.provision;
import static org.assertj.core.api.Assertions.assertThat;

import dev.citadel.itest.TestSpe.Door;
import dev.citadel.pkcs11.CkAttribute;
import dev.citadel.pkcs11.CkMechanism;
import dev.citadel.pkcs11.Cka;
import dev.citadel.pkcs11.Ckm;
import dev.citadel.pkcs11.Cryptoki;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The largest RSA key the token generates (one key: its generation is slow), signing for the JDK. */
class PsaTokenRsa4096Test {
    @TempDir
    Path dir;

    @Test
    void rsa4096SignsForTheJdk() throws Exception {
        byte[] message = "rsa-4096".getBytes(StandardCharsets.US_ASCII);
        try (TokenDevice d = new TokenDevice(dir.resolve("dev"), Door.SOCKET)) {
            Cryptoki p = d.app();
            long s = provision(p);
            long[] pair = p.generateKeyPair(s, CkMechanism.of(Ckm.RSA_PKCS_KEY_PAIR_GEN),
                    List.of(CkAttribute.ofLong(Cka.MODULUS_BITS, 4096)), List.of());
            byte[] sig = PsaTokenChecks.sign(p, s, CkMechanism.of(Ckm.SHA512_RSA_PKCS), pair[1], message);
            assertThat(sig).hasSize(512);
            Signature v = Signature.getInstance("SHA512withRSA");
            v.initVerify(KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(
                    PsaTokenChecks.attr(p, s, pair[0], Cka.PUBLIC_KEY_INFO))));
            v.update(message);
            assertThat(v.verify(sig)).isTrue();
        }
    }
}
