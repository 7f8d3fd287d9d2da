package dev.citadel.itest.jca;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.security.PublicKey;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code citadel provision}'s subcommands as processes against one {@code citadel spe serve}: what each does, and each
 * mistake answered with one line and an exit code.
 */
class ProvisionCommandsTest {
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
    void aP384KeyIsGeneratedWithItsIdAndItsCsrVerifiesAndTheLabelCannotBeReused() throws Exception {
        assertThat(CitadelCli.ok(rig.args("keygen", "--label", "p384", "--type", "ec-p384", "--id", "a1b2")).out())
                .contains("generated ec-p384 key pair 'p384' (id a1b2)");
        Path csr = dir.resolve("p384.csr");
        CitadelCli.ok(rig.args("csr", "--label", "p384", "--subject", "CN=p384 device", "-o", csr.toString()));
        PKCS10CertificationRequest req = ProvisionRoundTripTest.readCsr(csr);
        PublicKey pub = new JcaPKCS10CertificationRequest(req).getPublicKey();
        assertThat(pub.getAlgorithm()).isEqualTo("EC");
        assertThat(req.getSignatureAlgorithm().getAlgorithm().getId()).as("ecdsa-with-SHA384")
                .isEqualTo("1.2.840.10045.4.3.3");
        assertThat(req.isSignatureValid(new JcaContentVerifierProviderBuilder().build(pub))).isTrue();

        assertThat(CitadelCli.fails(1, rig.args("keygen", "--label", "p384"))).contains("exists already");
        assertThat(CitadelCli.fails(2, rig.args("keygen", "--label", "x", "--type", "dsa-1024"))).contains("--type");
    }

    @Test
    void mistakesGetOneLine() throws Exception {
        assertThat(CitadelCli.fails(1, "provision", "list", "--spe", rig.socket(), "--pin", "9999"))
                .isEqualTo("citadel: wrong PIN");
        assertThat(CitadelCli.fails(2, "provision", "list", "--spe", rig.socket())).contains("--pin or --pin-file");
        assertThat(CitadelCli.fails(1, "provision", "list", "--spe", dir.resolve("none.sock").toString(),
                "--pin", "0000")).contains("no SPE socket");
        assertThat(CitadelCli.fails(1, "provision", "init-token", "--spe", rig.socket(), "--so-pin", "so-secret",
                "--pin", "0000")).contains("initialised already");
    }
}
