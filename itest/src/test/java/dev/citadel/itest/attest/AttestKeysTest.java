package dev.citadel.itest.attest;

import static dev.citadel.itest.attest.AttestTest.api;
import static dev.citadel.itest.attest.AttestTest.bootData;
import static dev.citadel.itest.attest.AttestTest.filled;
import static org.assertj.core.api.Assertions.assertThat;

import com.upokecenter.cbor.CBORObject;
import dev.citadel.itest.TestSpe.Door;
import dev.citadel.ns.attest.PsaInitialAttestation;
import dev.citadel.spe.attest.AttestConfig;
import dev.citadel.spe.crypto.BuiltinKeys;
import dev.citadel.verifier.Check;
import dev.citadel.verifier.InstanceIdBinding;
import dev.citadel.verifier.VerificationKey;
import dev.citadel.verifier.Verdict;
import dev.citadel.verifier.Verifier;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.Signature;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Tokens from the other IAKs a device can hold: a P-384 key (ES384, checked with the JDK alone) and a symmetric
 * HMAC-SHA-256 key (COSE_Mac0, as TF-M's {@code SYMMETRIC_INITIAL_ATTESTATION}; checked with the JDK's HMAC and with
 * the verifier), through both doors.
 */
class AttestKeysTest {
    /** TF-M's published symmetric development IAK: {@code tfm_symmetric_iak.key} holds the template's 32 bytes. */
    static final byte[] HMAC_IAK = AttestSpe.TFM_TEMPLATE_IAK.clone();

    static KeyPair p384() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp384r1"));
        return g.generateKeyPair();
    }

    static byte[] scalar(KeyPair kp, int size) {
        byte[] s = ((ECPrivateKey) kp.getPrivate()).getS().toByteArray();
        byte[] out = new byte[size];
        int n = Math.min(s.length, size);
        System.arraycopy(s, s.length - n, out, size - n, n);
        return out;
    }

    static byte[] fixed(java.math.BigInteger v, int size) {
        byte[] s = v.toByteArray();
        byte[] out = new byte[size];
        int n = Math.min(s.length, size);
        System.arraycopy(s, s.length - n, out, size - n, n);
        return out;
    }

    static byte[] sha256(byte[] b) throws Exception {
        return MessageDigest.getInstance("SHA-256").digest(b);
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void aP384IakSignsEs384TokensThatTheJdkVerifies(Door door) throws Exception {
        KeyPair kp = p384();
        try (AttestSpe spe = new AttestSpe(AttestConfig.defaults(), Optional.of(bootData()),
                BuiltinKeys.Iak.eccSecpR1(scalar(kp, 48)))) {
            PsaInitialAttestation attest = api(spe, door);
            byte[] nonce = filled(64, 0x21);
            byte[] token = attest.getToken(nonce);
            assertThat(token.length).isEqualTo(attest.getTokenSize(64));

            CBORObject sign1 = CBORObject.DecodeFromBytes(token);
            assertThat(sign1.getMostOuterTag().ToInt32Checked()).isEqualTo(18);
            byte[] protectedHeader = sign1.get(0).GetByteString();
            assertThat(protectedHeader).isEqualTo(new byte[] {(byte) 0xA1, 0x01, 0x38, 0x22}); // {1: -35}
            byte[] payload = sign1.get(2).GetByteString();
            byte[] toBeSigned = CBORObject.NewArray().Add("Signature1").Add(protectedHeader).Add(new byte[0])
                    .Add(payload).EncodeToBytes();
            Signature v = Signature.getInstance("SHA384withECDSAinP1363Format");
            v.initVerify(kp.getPublic());
            v.update(toBeSigned);
            assertThat(sign1.get(3).GetByteString()).hasSize(96);
            assertThat(v.verify(sign1.get(3).GetByteString())).as("ES384 signature").isTrue();

            // Instance ID: 0x01 || SHA-256({1: 2, -1: 2, -2: x, -3: y}), the COSE_Key written here byte by byte.
            ECPublicKey pub = (ECPublicKey) kp.getPublic();
            byte[] coseKey = concat(HexFormat.of().parseHex("a401022002215830"), fixed(pub.getW().getAffineX(), 48),
                    HexFormat.of().parseHex("225830"), fixed(pub.getW().getAffineY(), 48));
            CBORObject claims = CBORObject.DecodeFromBytes(payload);
            assertThat(claims.get(256).GetByteString()).isEqualTo(concat(new byte[] {1}, sha256(coseKey)));
            assertThat(claims.get(10).GetByteString()).isEqualTo(nonce);

            Verdict verdict = Verifier.verify(token, new VerificationKey.Ec(pub), nonce, null,
                    InstanceIdBinding.COSE_KEY);
            assertThat(verdict.findings()).isEmpty();
        }
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void aSymmetricIakMakesMac0TokensThatVerifyWithItsKeyOnly(Door door) throws Exception {
        try (AttestSpe spe = new AttestSpe(AttestConfig.defaults(), Optional.of(bootData()),
                BuiltinKeys.Iak.hmacSha256(HMAC_IAK.clone()))) {
            PsaInitialAttestation attest = api(spe, door);
            byte[] nonce = filled(32, 0x7E);
            byte[] token = attest.getToken(nonce);
            assertThat(token.length).isEqualTo(attest.getTokenSize(32));

            CBORObject mac0 = CBORObject.DecodeFromBytes(token);
            assertThat(mac0.getMostOuterTag().ToInt32Checked()).isEqualTo(17);
            byte[] protectedHeader = mac0.get(0).GetByteString();
            assertThat(protectedHeader).isEqualTo(new byte[] {(byte) 0xA1, 0x01, 0x05}); // {1: HMAC 256/256}
            byte[] payload = mac0.get(2).GetByteString();
            Mac hmac = Mac.getInstance("HmacSHA256");
            hmac.init(new SecretKeySpec(HMAC_IAK, "HmacSHA256"));
            byte[] expectedTag = hmac.doFinal(CBORObject.NewArray().Add("MAC0").Add(protectedHeader)
                    .Add(new byte[0]).Add(payload).EncodeToBytes());
            assertThat(mac0.get(3).GetByteString()).isEqualTo(expectedTag);
            // TF-M's symmetric form: 0x01 || SHA-256(SHA-256(IAK)).
            assertThat(CBORObject.DecodeFromBytes(payload).get(256).GetByteString())
                    .isEqualTo(concat(new byte[] {1}, sha256(sha256(HMAC_IAK))));

            Verdict good = Verifier.verify(token, new VerificationKey.Hmac(HMAC_IAK), nonce, null,
                    InstanceIdBinding.EITHER);
            assertThat(good.findings()).isEmpty();
            byte[] other = HMAC_IAK.clone();
            other[31] ^= 1;
            Verdict bad = Verifier.verify(token, new VerificationKey.Hmac(other), nonce, null,
                    InstanceIdBinding.EITHER);
            assertThat(bad.ok()).isFalse();
            assertThat(bad.reason().orElseThrow().check()).isEqualTo(Check.SIGNATURE);
        }
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void theSizeQueryMatchesEveryChallengeSizeForEachIakKind(Door door) throws Exception {
        for (BuiltinKeys.Iak iak : new BuiltinKeys.Iak[] {BuiltinKeys.Iak.eccSecpR1(scalar(p384(), 48)),
                BuiltinKeys.Iak.hmacSha256(HMAC_IAK.clone())}) {
            try (AttestSpe spe = new AttestSpe(AttestConfig.defaults(), Optional.of(bootData()), iak)) {
                PsaInitialAttestation attest = api(spe, door);
                for (int n : new int[] {32, 48, 64}) {
                    assertThat(attest.getToken(filled(n, n)).length).as(iak + " " + n)
                            .isEqualTo(attest.getTokenSize(n));
                }
            }
        }
    }

    static byte[] concat(byte[]... parts) {
        byte[] out = new byte[0];
        for (byte[] p : parts) {
            int at = out.length;
            out = Arrays.copyOf(out, at + p.length);
            System.arraycopy(p, 0, out, at, p.length);
        }
        return out;
    }
}
