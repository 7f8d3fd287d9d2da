package dev.citadel.itest.attest;

import static org.assertj.core.api.Assertions.assertThat;

import com.upokecenter.cbor.CBORObject;
import dev.citadel.itest.NativeClientTest;
import dev.citadel.itest.NativeClientTest.Result;
import dev.citadel.spe.attest.AttestConfig;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The native C client's attestation program ({@code clients/c/test/attest_raw.c}) against an SPE booted with
 * measurements: TF-M's request layouts for get_token (1001) and get_token_size (1002) on handle 0x40000103, every
 * server rule of reference tfm.md §2.5 through the socket. The token the C program printed is then verified here with
 * the JDK and TF-M's published template public key. Needs gcc and make: {@code interop} profile.
 */
@Tag("interop")
class AttestNativeClientTest {
    private static Path build;

    @BeforeAll
    static void buildClient() throws Exception {
        build = NativeClientTest.makeClient();
    }

    @Test
    void theAttestationRulesHoldFromCAndTheTokenVerifies() throws Exception {
        try (AttestSpe spe = new AttestSpe(AttestConfig.defaults(), Optional.of(AttestTest.bootData()))) {
            Result r = NativeClientTest.run(List.of(build.resolve("attest_raw").toString(),
                    spe.socket().toString()), 60);
            assertThat(r.code()).as(r.output()).isZero();
            assertThat(r.output()).containsPattern("(?m)^\\d+ passed, 0 failed$").doesNotContain("not ok")
                    .contains("ok - get_token with a 31-byte challenge is invalid")
                    .contains("ok - a 16-byte buffer is too small")
                    .contains("ok - token length equals the size query (32)")
                    .contains("ok - token length equals the size query (48)")
                    .contains("ok - token length equals the size query (64)");
            String last = r.output().lines().filter(l -> l.endsWith("0 failed")).findFirst().orElseThrow();
            assertThat(Integer.parseInt(last.split(" ")[0])).isGreaterThanOrEqualTo(34);

            Map<String, byte[]> values = new HashMap<>();
            r.output().lines().filter(l -> l.matches("[a-z]+=[0-9a-f]+"))
                    .forEach(l -> values.put(l.substring(0, l.indexOf('=')),
                            HexFormat.of().parseHex(l.substring(l.indexOf('=') + 1))));
            byte[] challenge = values.get("challenge");
            assertThat(challenge).hasSize(32);
            assertThat(challenge[0]).isEqualTo((byte) 0xA0);
            CBORObject claims = AttestTest.verify(values.get("token"), AttestTest.templatePublicKey());
            assertThat(claims.get(10).GetByteString()).isEqualTo(challenge);
            assertThat(claims.get(2394).AsInt32Value()).isEqualTo(AttestTest.DEFAULT_NS_CLIENT);
            assertThat(claims.get(256).GetByteString()).isEqualTo(AttestTest.TEMPLATE_INSTANCE_ID);
        }
    }
}
