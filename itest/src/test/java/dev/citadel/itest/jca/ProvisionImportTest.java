package dev.citadel.itest.jca;

import static org.assertj.core.api.Assertions.assertThat;

import dev.citadel.cli.SpeProcess;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
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
    private static final List<String> LOG = Collections.synchronizedList(new ArrayList<>());
    private static SpeProcess spe;
    private static String socket;
    private static TestPki ca;

    @TempDir
    static Path dir;

    @BeforeAll
    static void start() throws Exception {
        spe = SpeProcess.start(dir.resolve("device"), dir.resolve("spe.sock"), LOG::add);
        socket = dir.resolve("spe.sock").toString();
        ca = new TestPki("Provisioning CA");
        CitadelCli.ok("provision", "init-token", "--spe", socket, "--so-pin", "so-secret", "--pin", "0000");
    }

    @AfterAll
    static void stop() {
        spe.close();
    }

    private static String[] args(String sub, String... rest) {
        List<String> a = new ArrayList<>(List.of("provision", sub, "--spe", socket, "--pin", "0000"));
        a.addAll(List.of(rest));
        return a.toArray(new String[0]);
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

        assertThat(CitadelCli.fails(1, args("import", "--label", "wrong", "--key", key.toString(), "--cert",
                other.toString()))).contains("does not match").contains("not imported");
        assertThat(CitadelCli.ok(args("import", "--label", "imported", "--key", key.toString(), "--cert",
                cert.toString())).out()).contains("imported EC key 'imported' with 1 certificate(s)");
        assertThat(CitadelCli.fails(1, args("install-cert", "--label", "imported", other.toString())))
                .contains("does not match key 'imported': not installed");

        String list = CitadelCli.ok(args("list")).out();
        assertThat(list).contains("key   'imported' EC 384 bits, 1 certificate(s), CN=imported")
                .doesNotContain("'wrong'");
        CitadelCli.ok(args("remove", "--label", "imported"));
        assertThat(CitadelCli.fails(1, args("remove", "--label", "imported"))).contains("no entry labelled");
    }
}
