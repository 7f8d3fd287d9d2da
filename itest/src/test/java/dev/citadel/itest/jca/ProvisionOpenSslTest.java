package dev.citadel.itest.jca;

import static org.assertj.core.api.Assertions.assertThat;

import dev.citadel.cli.SpeProcess;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code openssl req -verify} accepts the CSR that {@code citadel provision csr} signed inside the SPE, for an EC and
 * an RSA key, and rejects it with one signature byte changed. Needs {@code openssl} (interop profile); fails when it
 * is missing.
 */
@Tag("interop")
class ProvisionOpenSslTest {
    private final List<String> log = Collections.synchronizedList(new ArrayList<>());

    @TempDir
    Path dir;

    private static String openssl(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("openssl"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return p.exitValue() + " " + out;
    }

    @Test
    void opensslVerifiesTheCsrsSignedInTheSpe() throws Exception {
        Path socket = dir.resolve("spe.sock");
        String spe = socket.toString();
        try (SpeProcess p = SpeProcess.start(dir.resolve("device"), socket, log::add)) {
            CitadelCli.ok("provision", "device", "--spe", spe, "--pin", "0000", "--so-pin", "so-secret",
                    "--subject", "CN=device-7", "--csr", dir.resolve("ec.csr").toString());
            CitadelCli.ok("provision", "keygen", "--spe", spe, "--pin", "0000", "--label", "rsa", "--type",
                    "rsa-2048");
            CitadelCli.ok("provision", "csr", "--spe", spe, "--pin", "0000", "--label", "rsa", "--subject",
                    "CN=rsa-device", "-o", dir.resolve("rsa.csr").toString());
        }
        for (String name : List.of("ec.csr", "rsa.csr")) {
            String in = dir.resolve(name).toString();
            assertThat(openssl("req", "-in", in, "-verify", "-noout")).as(name).startsWith("0 ").contains("verify OK");
            Path der = dir.resolve(name + ".der");
            assertThat(openssl("req", "-in", in, "-outform", "DER", "-out", der.toString())).startsWith("0 ");
            byte[] b = Files.readAllBytes(der);
            b[b.length - 5] ^= 0x01; // inside the signature
            Files.write(der, b);
            // OpenSSL 3.0 reports a bad self-signature on stdout but may still exit 0.
            assertThat(openssl("req", "-in", der.toString(), "-inform", "DER", "-verify", "-noout")).as(name)
                    .contains("verify failure").doesNotContain("verify OK");
        }
    }
}
