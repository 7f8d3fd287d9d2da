package dev.citadel.itest.jca;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.citadel.ns.SocketClient;
import dev.citadel.ns.crypto.PsaCrypto;
import dev.citadel.psa.PsaException;
import dev.citadel.psa.PsaStatus;
import dev.citadel.psa.crypto.Algorithm;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.Signature;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code citadel provision code-verify-key} as a process against {@code citadel spe serve}: the public key lands at
 * PSA key id 0x11, where the OTA agent looks for it, and verifies there (a JDK signature over a digest passes, one by
 * another key fails); {@code list} shows it, a second install is refused, {@code remove} takes it away; a key that is
 * not EC is refused with one line.
 */
class ProvisionCodeVerifyKeyTest {
    private static ProvisionRig rig;

    @TempDir
    static Path dir;

    @BeforeAll
    static void start() throws Exception {
        rig = ProvisionRig.start(dir);
    }

    @AfterAll
    static void stop() {
        rig.close();
    }

    @Test
    void theCodeVerifyKeyIsInstalledAtKey0x11AndVerifiesThere() throws Exception {
        KeyPair signer = TestPki.jdkEcKeys("secp256r1");
        Path pub = dir.resolve("code-verify.pem");
        TestPki.writePem(pub, TestPki.pem("PUBLIC KEY", signer.getPublic().getEncoded()));

        assertThat(CitadelCli.ok(rig.args("code-verify-key", "--key", pub.toString())).out())
                .contains("installed 'Code Verify Key' (PSA key 0x11, verify only)");
        assertThat(CitadelCli.ok(rig.args("list")).out()).contains("pub   'Code Verify Key' verify only");

        byte[] file = "an OTA file".getBytes(StandardCharsets.US_ASCII);
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(file);
        try (SocketClient spe = SocketClient.connect(Path.of(rig.socket()))) {
            PsaCrypto crypto = new PsaCrypto(spe.defaultClient());
            crypto.verifyHash(0x11, Algorithm.ecdsa(Algorithm.SHA_256), digest, p1363(signer, file));
            KeyPair other = TestPki.jdkEcKeys("secp256r1");
            assertThatThrownBy(() -> crypto.verifyHash(0x11, Algorithm.ecdsa(Algorithm.SHA_256), digest,
                    p1363(other, file))).isInstanceOf(PsaException.class)
                    .extracting(e -> ((PsaException) e).psaStatus()).isEqualTo(PsaStatus.INVALID_SIGNATURE);
        }

        assertThat(CitadelCli.fails(1, rig.args("code-verify-key", "--key", pub.toString())))
                .contains("'Code Verify Key' exists already");
        CitadelCli.ok(rig.args("remove", "--label", "Code Verify Key"));
        assertThat(CitadelCli.ok(rig.args("list")).out()).doesNotContain("Code Verify Key");
        CitadelCli.ok(rig.args("code-verify-key", "--key", pub.toString()));
        CitadelCli.ok(rig.args("remove", "--label", "Code Verify Key"));
    }

    @Test
    void aKeyThatIsNotEcIsRefusedWithOneLine() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        Path pub = dir.resolve("rsa.pem");
        TestPki.writePem(pub, TestPki.pem("PUBLIC KEY", g.generateKeyPair().getPublic().getEncoded()));
        assertThat(CitadelCli.fails(1, rig.args("code-verify-key", "--key", pub.toString())))
                .contains("must be an EC public key");
        Path junk = dir.resolve("junk.pem");
        java.nio.file.Files.writeString(junk, "no key here\n");
        assertThat(CitadelCli.fails(1, rig.args("code-verify-key", "--key", junk.toString())))
                .contains("holds no PEM public key and no certificate");
    }

    private static byte[] p1363(KeyPair k, byte[] data) throws Exception {
        Signature s = Signature.getInstance("SHA256withECDSAinP1363Format", "SunEC");
        s.initSign(k.getPrivate());
        s.update(data);
        return s.sign();
    }
}
