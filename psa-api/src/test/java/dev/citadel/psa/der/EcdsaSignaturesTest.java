package dev.citadel.psa.der;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.SignatureException;
import java.security.spec.ECGenParameterSpec;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** PSA's r || s against the JDK's own two encodings of the same signatures. */
class EcdsaSignaturesTest {
    private static final HexFormat HEX = HexFormat.of();

    @ParameterizedTest
    @CsvSource({"secp256r1, SHA256withECDSA, 32", "secp384r1, SHA384withECDSA, 48", "secp521r1, SHA512withECDSA, 66"})
    void derFromRawIsWhatTheJdkVerifiesAndRoundTrips(String curve, String alg, int field) throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC", "SunEC");
        g.initialize(new ECGenParameterSpec(curve));
        KeyPair kp = g.generateKeyPair();
        byte[] msg = "message".getBytes();
        for (int i = 0; i < 32; i++) { // enough signatures for short r or s and high bits set
            Signature p1363 = Signature.getInstance(alg + "inP1363Format", "SunEC");
            p1363.initSign(kp.getPrivate());
            p1363.update(msg);
            byte[] raw = p1363.sign();
            byte[] der = EcdsaSignatures.fromRaw(raw);
            Signature v = Signature.getInstance(alg, "SunEC");
            v.initVerify(kp.getPublic());
            v.update(msg);
            assertThat(v.verify(der)).isTrue();
            assertThat(EcdsaSignatures.toRaw(der, field)).isEqualTo(raw);
        }
    }

    @Test
    void integersAreMinimalWithASignOctetOnlyWhenTheTopBitIsSet() throws Exception {
        byte[] raw = HEX.parseHex("0000000000000000000000000000000000000000000000000000000000000001"
                + "8000000000000000000000000000000000000000000000000000000000000000");
        assertThat(HEX.formatHex(EcdsaSignatures.fromRaw(raw))).isEqualTo(
                "302602010102210080000000000000000000000000000000000000000000000000000000000000" + "00");
    }

    @Test
    void longSignaturesUseTheLongLengthForm() throws Exception {
        byte[] raw = new byte[132];
        raw[0] = (byte) 0x80;
        raw[66] = (byte) 0x80;
        byte[] der = EcdsaSignatures.fromRaw(raw);
        assertThat(der[1] & 0xff).isEqualTo(0x81);
        assertThat(der[2] & 0xff).isEqualTo(der.length - 3);
    }

    @Test
    void malformedInputIsASignatureException() {
        assertThatThrownBy(() -> EcdsaSignatures.fromRaw(new byte[63])).isInstanceOf(SignatureException.class);
        assertThatThrownBy(() -> EcdsaSignatures.toRaw(HEX.parseHex("3003020101"), 32))
                .isInstanceOf(SignatureException.class);
        assertThatThrownBy(() -> EcdsaSignatures.toRaw(HEX.parseHex("30060201010201010000"), 32))
                .isInstanceOf(SignatureException.class);
        assertThatThrownBy(() -> EcdsaSignatures.toRaw(HEX.parseHex("3081060201010201 01".replace(" ", "")), 32))
                .isInstanceOf(SignatureException.class);
    }

    @Test
    void shortValuesArePaddedAndNonMinimalOrOversizedIntegersAreRefused() throws Exception {
        byte[] raw = EcdsaSignatures.toRaw(HEX.parseHex("3007020101020200ff"), 32);
        assertThat(raw[31]).isEqualTo((byte) 1);
        assertThat(raw[63]).isEqualTo((byte) 0xff);
        assertThatThrownBy(() -> EcdsaSignatures.toRaw(HEX.parseHex("30070201010202007f"), 32))
                .isInstanceOf(SignatureException.class).hasMessageContaining("non-minimal");
        assertThatThrownBy(() -> EcdsaSignatures.toRaw(HEX.parseHex("3007020101020200ff00"), 32))
                .isInstanceOf(SignatureException.class);
        assertThatThrownBy(() -> EcdsaSignatures.toRaw(HEX.parseHex("3006020101020181"), 32))
                .as("a negative s").isInstanceOf(SignatureException.class);
        assertThatThrownBy(() -> EcdsaSignatures.toRaw(HEX.parseHex("3008020101020301ffff"), 1))
                .as("wider than the field").isInstanceOf(SignatureException.class);
    }
}
