package dev.citadel.itest.pkcs11;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code pkcs11-tool --test} through p11-kit-client.so on a fresh token, and the one part of it that does not apply. */
@Tag("interop")
class P11KitSelfTestInteropTest {

    @Test
    void selfTestPassesWithAnEcAndASigningRsaKey(@TempDir Path dir) throws Exception {
        try (P11KitRig rig = P11KitRig.start(dir)) {
            rig.provision("selftest");
            rig.pkcs11Tool("--login", "--pin", P11KitRig.PIN, "--keypairgen", "--key-type", "EC:prime256v1",
                    "--label", "ec", "--id", "01");
            rig.pkcs11Tool("--login", "--pin", P11KitRig.PIN, "--keypairgen", "--key-type", "rsa:2048", "--label",
                    "rsa-sign", "--id", "02", "--usage-sign");
            String out = rig.pkcs11Tool("--test", "--login", "--pin", P11KitRig.PIN);
            assertThat(out).contains("C_GenerateRandom").contains("seeding (C_SeedRandom) not supported")
                    .contains("all 4 digest functions seem to work").contains("SHA256: OK")
                    .contains("all 4 signature functions seem to work").contains("SHA256-RSA-PKCS: OK")
                    .contains("testing key 1 (rsa-sign) with 1 mechanism").contains("RSA-PKCS: OK")
                    .contains("No errors").doesNotContain("ERR");

            // pkcs11-tool's default RSA key signs and decrypts: PSA's two algorithms per key are PKCS#1 v1.5
            // signatures and OAEP-SHA-256, so --test's RSA-PKCS decryption is refused by the key's policy.
            rig.pkcs11Tool("--login", "--pin", P11KitRig.PIN, "--keypairgen", "--key-type", "rsa:2048", "--label",
                    "rsa-both", "--id", "03");
            P11KitRig.Result both = rig.pkcs11ToolResult("--test", "--login", "--pin", P11KitRig.PIN);
            assertThat(both.code()).isNotZero();
            assertThat(both.output()).contains("C_DecryptInit failed: rv = CKR_KEY_FUNCTION_NOT_PERMITTED");
        }
    }
}
