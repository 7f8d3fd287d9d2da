package dev.citadel.itest.attest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.upokecenter.cbor.CBORObject;
import com.upokecenter.cbor.CBORType;
import dev.citadel.itest.TestSpe.Door;
import dev.citadel.ns.Dispatcher;
import dev.citadel.ns.attest.PsaInitialAttestation;
import dev.citadel.psa.InVec;
import dev.citadel.psa.OutVec;
import dev.citadel.psa.PsaException;
import dev.citadel.psa.PsaStatus;
import dev.citadel.psa.TfmService;
import dev.citadel.psa.attest.TokenProfile;
import dev.citadel.spe.attest.AttestConfig;
import dev.citadel.spe.spm.BootData;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * Initial Attestation through both doors: every error case of TF-M's service (reference tfm.md §2.5 and the PSA
 * conformance suite's sizes), and tokens checked independently: the COSE_Sign1 signature with the JDK and TF-M's
 * published development key, and each claim against the state the SPE was given.
 */
class AttestTest {
    /** 0x01 || SHA-256(COSE_Key) of TF-M's template IAK, as computed in reference attestation_fwu.md A.1.6. */
    static final byte[] TEMPLATE_INSTANCE_ID = HexFormat.of().parseHex(
            "01078c18f110f432ff780cd8dae58069a2a0d82277cbc66450c8581dd47d96a22e");
    /** TF-M's TrustZone NS agent's default client (reference tfm.md §1.6). */
    static final int DEFAULT_NS_CLIENT = -0x3C000000;

    static final CBORObject SPE_RECORD = record("SPE", "1.2.3", 0x11, 0x22);
    static final CBORObject NSPE_RECORD = record("NSPE", "0.4.0", 0x33, 0x44);

    static CBORObject record(String type, String version, int signer, int measurement) {
        CBORObject r = CBORObject.NewOrderedMap();
        r.Add(1, type);
        r.Add(4, version);
        r.Add(5, filled(32, signer));
        r.Add(6, "SHA256");
        r.Add(2, filled(32, measurement));
        return r;
    }

    static byte[] filled(int n, int b) {
        byte[] a = new byte[n];
        Arrays.fill(a, (byte) b);
        return a;
    }

    /** MCUboot's shared area with the two records, laid out by hand (boot-design.md "Measured boot"). */
    static BootData bootData() {
        ByteArrayOutputStream entries = new ByteArrayOutputStream();
        entry(entries, 0 << 6 | 0x3F, SPE_RECORD.EncodeToBytes());
        entry(entries, 1 << 6 | 0x3F, NSPE_RECORD.EncodeToBytes());
        byte[] e = entries.toByteArray();
        ByteArrayOutputStream area = new ByteArrayOutputStream();
        u16(area, 0x2016);
        u16(area, 4 + e.length);
        area.writeBytes(e);
        return BootData.parse(area.toByteArray());
    }

    private static void entry(ByteArrayOutputStream o, int minor, byte[] data) {
        u16(o, 0x1 << 12 | minor);
        u16(o, data.length);
        o.writeBytes(data);
    }

    private static void u16(ByteArrayOutputStream o, int v) {
        o.write(v);
        o.write(v >>> 8);
    }

    static PublicKey templatePublicKey() throws Exception {
        try (InputStream in = AttestTest.class.getResourceAsStream("/attest/tfm-template-iak-public.pem")) {
            String pem = new String(in.readAllBytes(), StandardCharsets.US_ASCII)
                    .replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
            return KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(pem)));
        }
    }

    /** Checks the envelope and the ES256 signature independently; returns the claims. */
    static CBORObject verify(byte[] token, PublicKey key) throws Exception {
        CBORObject sign1 = CBORObject.DecodeFromBytes(token);
        assertThat(sign1.getMostOuterTag().ToInt32Checked()).isEqualTo(18);
        assertThat(sign1.size()).isEqualTo(4);
        byte[] protectedHeader = sign1.get(0).GetByteString();
        assertThat(protectedHeader).isEqualTo(new byte[] {(byte) 0xA1, 0x01, 0x26});
        assertThat(sign1.get(1).getType()).isEqualTo(CBORType.Map);
        assertThat(sign1.get(1).size()).isZero();
        byte[] payload = sign1.get(2).GetByteString();
        CBORObject sigStructure = CBORObject.NewArray().Add("Signature1").Add(protectedHeader).Add(new byte[0])
                .Add(payload);
        Signature v = Signature.getInstance("SHA256withECDSAinP1363Format");
        v.initVerify(key);
        v.update(sigStructure.EncodeToBytes());
        assertThat(v.verify(sign1.get(3).GetByteString())).as("signature").isTrue();
        return CBORObject.DecodeFromBytes(payload);
    }

    static PsaInitialAttestation api(AttestSpe spe, Door door) {
        return new PsaInitialAttestation(spe.open(door));
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void aTokenIsSignedByTheIakAndCarriesTheDeviceState(Door door) throws Exception {
        BootData boot = bootData();
        try (AttestSpe spe = new AttestSpe(AttestConfig.defaults(), Optional.of(boot))) {
            byte[] nonce = filled(48, 0x5A);
            byte[] token = api(spe, door).getToken(nonce);
            CBORObject c = verify(token, templatePublicKey());
            assertThat(c.get(10).GetByteString()).isEqualTo(nonce);
            assertThat(c.get(2394).AsInt32Value()).isEqualTo(DEFAULT_NS_CLIENT);
            assertThat(c.get(2396).GetByteString()).isEqualTo(AttestSpe.IMPLEMENTATION_ID);
            assertThat(c.get(2395).AsInt32Value()).isEqualTo(0x3000);
            assertThat(c.get(256).GetByteString()).isEqualTo(TEMPLATE_INSTANCE_ID);
            assertThat(c.get(265).AsString()).isEqualTo("tag:psacertified.org,2023:psa#tfm");
            assertThat(c.get(268).GetByteString()).hasSize(32);
            assertThat(c.get(2399).getType()).isEqualTo(CBORType.Array);
            assertThat(c.get(2399).getValues()).containsExactly(SPE_RECORD, NSPE_RECORD);
            assertThat(c.ContainsKey(2400)).isFalse();
            assertThat(c.ContainsKey(2398)).isFalse();
            assertThat(c.size()).isEqualTo(8);
        }
    }

    @Test
    void aNsClientIdentityIsTheClaimedClientId() throws Exception {
        try (AttestSpe spe = new AttestSpe(AttestConfig.defaults(), Optional.of(bootData()))) {
            dev.citadel.psa.PsaClient d = spe.open(Door.SOCKET).asClient(-7);
            CBORObject c = verify(new PsaInitialAttestation(d).getToken(filled(32, 1)), templatePublicKey());
            assertThat(c.get(2394).AsInt32Value()).isEqualTo(-0x3C000000 + 1 - 7);
        }
    }

    @Test
    void configuredOptionalClaimsAreCarried() throws Exception {
        AttestConfig config = new AttestConfig(TokenProfile.PSA_2023, Optional.of("https://verifier.example"),
                Optional.of("0604565272829-10010"));
        try (AttestSpe spe = new AttestSpe(config, Optional.of(bootData()))) {
            CBORObject c = verify(api(spe, Door.FUNCTION_CALL).getToken(filled(32, 1)), templatePublicKey());
            assertThat(c.get(2400).AsString()).isEqualTo("https://verifier.example");
            assertThat(c.get(2398).AsString()).isEqualTo("0604565272829-10010");
        }
    }

    @Test
    void theLegacyProfilesUseTheirOwnKeys() throws Exception {
        try (AttestSpe spe = new AttestSpe(new AttestConfig(TokenProfile.PSA_IOT_1, Optional.empty(),
                Optional.of("0604565272829-10010")), Optional.of(bootData()))) {
            byte[] nonce = filled(64, 9);
            CBORObject c = verify(api(spe, Door.FUNCTION_CALL).getToken(nonce), templatePublicKey());
            assertThat(c.get(-75008).GetByteString()).isEqualTo(nonce);
            assertThat(c.get(-75009).GetByteString()).isEqualTo(TEMPLATE_INSTANCE_ID);
            assertThat(c.get(-75000).AsString()).isEqualTo("PSA_IOT_PROFILE_1");
            assertThat(c.get(-75001).AsInt32Value()).isEqualTo(DEFAULT_NS_CLIENT);
            assertThat(c.get(-75002).AsInt32Value()).isEqualTo(0x3000);
            assertThat(c.get(-75003).GetByteString()).isEqualTo(AttestSpe.IMPLEMENTATION_ID);
            assertThat(c.get(-75004).GetByteString()).hasSize(32);
            assertThat(c.get(-75005).AsString()).isEqualTo("0604565272829-10010");
            assertThat(c.get(-75006).getValues()).containsExactly(SPE_RECORD, NSPE_RECORD);
        }
        try (AttestSpe spe = new AttestSpe(new AttestConfig(TokenProfile.PSA_2_0_0, Optional.empty(),
                Optional.empty()), Optional.of(bootData()))) {
            CBORObject c = verify(api(spe, Door.FUNCTION_CALL).getToken(filled(32, 1)), templatePublicKey());
            assertThat(c.get(265).AsString()).isEqualTo("http://arm.com/psa/2.0.0");
            assertThat(c.get(2397).GetByteString()).hasSize(32);
            assertThat(c.ContainsKey(268)).isFalse();
        }
    }

    @Test
    void withoutBootDataTheCurrentProfileFailsAndProfile1SaysNoMeasurements() throws Exception {
        try (AttestSpe spe = new AttestSpe(AttestConfig.defaults(), Optional.empty())) {
            assertStatus(() -> api(spe, Door.FUNCTION_CALL).getToken(filled(32, 1)), PsaStatus.GENERIC_ERROR);
            assertStatus(() -> api(spe, Door.FUNCTION_CALL).getTokenSize(32), PsaStatus.GENERIC_ERROR);
        }
        try (AttestSpe spe = new AttestSpe(new AttestConfig(TokenProfile.PSA_IOT_1, Optional.empty(),
                Optional.empty()), Optional.empty())) {
            CBORObject c = verify(api(spe, Door.FUNCTION_CALL).getToken(filled(32, 1)), templatePublicKey());
            assertThat(c.get(-75007).AsInt32Value()).isEqualTo(1);
            assertThat(c.ContainsKey(-75006)).isFalse();
        }
    }

    @Test
    void eachSpeStartHasItsOwnBootSeed() throws Exception {
        byte[] first;
        try (AttestSpe spe = new AttestSpe(AttestConfig.defaults(), Optional.of(bootData()))) {
            first = verify(api(spe, Door.FUNCTION_CALL).getToken(filled(32, 1)), templatePublicKey())
                    .get(268).GetByteString();
            byte[] again = verify(api(spe, Door.FUNCTION_CALL).getToken(filled(32, 2)), templatePublicKey())
                    .get(268).GetByteString();
            assertThat(again).isEqualTo(first);
        }
        try (AttestSpe spe = new AttestSpe(AttestConfig.defaults(), Optional.of(bootData()))) {
            assertThat(verify(api(spe, Door.FUNCTION_CALL).getToken(filled(32, 1)), templatePublicKey())
                    .get(268).GetByteString()).isNotEqualTo(first);
        }
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void theSizeQueryGivesTheTokensExactSize(Door door) throws Exception {
        try (AttestSpe spe = new AttestSpe(AttestConfig.defaults(), Optional.of(bootData()))) {
            PsaInitialAttestation a = api(spe, door);
            for (int n : new int[] {32, 48, 64}) {
                byte[] buf = new byte[1024];
                assertThat(a.getTokenSize(n)).isEqualTo(a.getToken(filled(n, 3), buf)).isGreaterThan(n);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void unsupportedChallengeSizesAreInvalidArguments(Door door) throws Exception {
        try (AttestSpe spe = new AttestSpe(AttestConfig.defaults(), Optional.of(bootData()))) {
            PsaInitialAttestation a = api(spe, door);
            for (int n : new int[] {0, 1, 31, 33, 47, 49, 63, 65, 128}) {
                assertStatus(() -> a.getToken(new byte[n], new byte[1024]), PsaStatus.INVALID_ARGUMENT);
                assertStatus(() -> a.getTokenSize(n), PsaStatus.INVALID_ARGUMENT);
            }
            assertStatus(() -> a.getTokenSize(-1), PsaStatus.INVALID_ARGUMENT);
        }
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void anEmptyBufferIsInvalidAndAShortOneTooSmallWithNothingWritten(Door door) throws Exception {
        try (AttestSpe spe = new AttestSpe(AttestConfig.defaults(), Optional.of(bootData()))) {
            PsaInitialAttestation a = api(spe, door);
            assertStatus(() -> a.getToken(new byte[32], new byte[0]), PsaStatus.INVALID_ARGUMENT);
            // The challenge size is checked before the buffer size: an empty buffer and a bad challenge.
            assertStatus(() -> a.getToken(new byte[0], new byte[0]), PsaStatus.INVALID_ARGUMENT);
            byte[] buf = filled(31, 0x77);
            assertStatus(() -> a.getToken(new byte[32], buf), PsaStatus.BUFFER_TOO_SMALL);
            assertThat(buf).isEqualTo(filled(31, 0x77));
            int size = a.getTokenSize(32);
            assertStatus(() -> a.getToken(new byte[32], new byte[size - 1]), PsaStatus.BUFFER_TOO_SMALL);
            assertThat(a.getToken(new byte[32], new byte[size])).isEqualTo(size);
        }
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void theSizeQueryTakesExactlyFourByteVectors(Door door) throws Exception {
        try (AttestSpe spe = new AttestSpe(AttestConfig.defaults(), Optional.of(bootData()))) {
            Dispatcher d = spe.open(door);
            int h = TfmService.ATTESTATION.handle();
            byte[] le32 = {32, 0, 0, 0};
            assertThat(d.call(h, 1002, new InVec[] {InVec.of(new byte[] {32, 0})}, new OutVec[] {OutVec.allocate(4)}))
                    .isEqualTo(PsaStatus.INVALID_ARGUMENT.value());
            assertThat(d.call(h, 1002, new InVec[] {InVec.of(new byte[] {32, 0, 0, 0, 0, 0, 0, 0})},
                    new OutVec[] {OutVec.allocate(4)})).isEqualTo(PsaStatus.INVALID_ARGUMENT.value());
            assertThat(d.call(h, 1002, new InVec[] {InVec.of(le32)}, new OutVec[] {OutVec.allocate(8)}))
                    .isEqualTo(PsaStatus.INVALID_ARGUMENT.value());
            assertThat(d.call(h, 1002, new InVec[] {InVec.of(le32)}, null))
                    .isEqualTo(PsaStatus.INVALID_ARGUMENT.value());
            OutVec ok = OutVec.allocate(4);
            assertThat(d.call(h, 1002, new InVec[] {InVec.of(le32)}, new OutVec[] {ok})).isZero();
            assertThat(ok.length()).isEqualTo(4);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1000, 1003, 2000})
    void anUnknownCallTypeIsNotSupported(int type) throws Exception {
        try (AttestSpe spe = new AttestSpe(AttestConfig.defaults(), Optional.of(bootData()))) {
            for (Door door : Door.values()) {
                assertThat(spe.open(door).call(TfmService.ATTESTATION.handle(), type,
                        new InVec[] {InVec.of(new byte[32])}, new OutVec[] {OutVec.allocate(1024)}))
                        .isEqualTo(PsaStatus.NOT_SUPPORTED.value());
            }
        }
    }

    @Test
    void aBitFlipInAnyByteOfATokenFailsItsSignatureOrItsDecoding() throws Exception {
        try (AttestSpe spe = new AttestSpe(AttestConfig.defaults(), Optional.of(bootData()))) {
            byte[] token = api(spe, Door.FUNCTION_CALL).getToken(filled(32, 1));
            PublicKey key = templatePublicKey();
            List<Integer> accepted = new java.util.ArrayList<>();
            for (int i = 0; i < token.length; i++) {
                byte[] t = token.clone();
                t[i] ^= (byte) (1 << (i % 8));
                try {
                    verify(t, key);
                    accepted.add(i);
                } catch (Exception | AssertionError e) {
                    // rejected
                }
            }
            assertThat(accepted).as("bytes whose flip was accepted, of " + token.length).isEmpty();
        }
    }

    interface Call {
        void run() throws Exception;
    }

    static void assertStatus(Call c, PsaStatus status) {
        assertThatThrownBy(c::run).isInstanceOf(PsaException.class)
                .extracting(e -> ((PsaException) e).psaStatus()).isEqualTo(status);
    }

    static List<CBORObject> components(CBORObject claims) {
        return List.copyOf(claims.get(2399).getValues());
    }
}
