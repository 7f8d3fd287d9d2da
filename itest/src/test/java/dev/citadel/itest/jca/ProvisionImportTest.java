package dev.citadel.itest.jca;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.security.KeyPair;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code citadel provision import}, {@code install-cert}, {@code list} and {@code remove} as processes against one
 * {@code citadel spe serve}: a PEM key and certificate imported through C_CreateObject, a certificate of another key
 * refused with one line.
 */
class ProvisionImportTest {
    private static ProvisionRig rig;
    private static TestPki ca;

    @TempDir
    static Path dir;

    @BeforeAll
    static void start() throws Exception {
        rig = ProvisionRig.start(dir);
        ca = new TestPki("Provisioning CA");
    }

    @AfterAll
    static void stop() {
        rig.close();
    }

    @Test
    void importTakesAJdkKeyAndItsCertificateAndRefusesACertificateOfAnotherKey() throws Exception {
        KeyPair keys = TestPki.jdkEcKeys("secp384r1");
        Path key = dir.resolve("key.pem");
        TestPki.writePem(key, TestPki.pem("PRIVATE KEY", keys.getPrivate().getEncoded()));
        Path cert = dir.resolve("imported.pem");
        TestPki.writePem(cert, TestPki.pem("CERTIFICATE", ca.issue(keys.getPublic(), "CN=imported", false)
                .getEncoded()));
        Path other = dir.resolve("other.pem");
        TestPki.writePem(other, TestPki.pem("CERTIFICATE",
                ca.issue(TestPki.jdkEcKeys("secp384r1").getPublic(), "CN=other", false).getEncoded()));

        assertThat(CitadelCli.fails(1, rig.args("import", "--label", "wrong", "--key", key.toString(), "--cert",
                other.toString()))).contains("does not match").contains("not imported");
        assertThat(CitadelCli.ok(rig.args("import", "--label", "imported", "--key", key.toString(), "--cert",
                cert.toString())).out()).contains("imported EC key 'imported' with 1 certificate(s)");
        assertThat(CitadelCli.fails(1, rig.args("install-cert", "--label", "imported", other.toString())))
                .contains("does not match key 'imported': not installed");

        String list = CitadelCli.ok(rig.args("list")).out();
        assertThat(list).contains("key   'imported' EC 384 bits, 1 certificate(s), CN=imported")
                .doesNotContain("'wrong'");
        CitadelCli.ok(rig.args("remove", "--label", "imported"));
        assertThat(CitadelCli.fails(1, rig.args("remove", "--label", "imported"))).contains("no entry labelled");
    }
}
