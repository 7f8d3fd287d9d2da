package dev.citadel.boot.keys;

import static dev.citadel.boot.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Keys made by imgtool's keygen, and the getpub/getpubhash output it printed for them. */
class KeyInteropTest {

    static ImageKey read(String name) throws Exception {
        return KeyPem.read(text(name + ".pem"), PASSWORD::toCharArray);
    }

    /** imgtool's C/Rust output without its first (banner) line. */
    static String body(byte[] b) {
        String s = new String(b, StandardCharsets.US_ASCII);
        return s.substring(s.indexOf('\n') + 1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"ecdsa-p256", "ecdsa-p384", "ed25519", "rsa-2048", "rsa-3072"})
    void getpubPrintsWhatImgtoolPrinted(String name) throws Exception {
        ImagePublicKey pub = read(name).publicKey();
        assertThat(pub.type()).isEqualTo(KeyType.ofImgtoolName(name));
        assertThat(PublicKeyOutput.RAW.publicKey(pub, "")).isEqualTo(resource(name + ".pub.der"));
        assertThat(PublicKeyOutput.PEM.publicKey(pub, "")).isEqualTo(resource(name + ".pub.pem"));
        assertThat(body(PublicKeyOutput.LANG_C.publicKey(pub, ""))).isEqualTo(body(resource(name + ".pub.c")));
        assertThat(body(PublicKeyOutput.LANG_RUST.publicKey(pub, ""))).isEqualTo(body(resource(name + ".pub.rs")));
        assertThat(PublicKeyOutput.RAW.publicKeyHash(pub, "")).isEqualTo(resource(name + ".pubhash.bin"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"ecdsa-p256", "ecdsa-p384", "ed25519", "rsa-2048", "rsa-3072"})
    void aPublicOnlyPemReadsAsThePublicKey(String name) throws Exception {
        ImageKey k = KeyPem.read(text(name + ".pub.pem"), () -> null);
        assertThat(k).isInstanceOf(ImagePublicKey.class).isEqualTo(read(name).publicKey());
        assertThat(ImagePublicKey.fromRaw(resource(name + ".pub.der"))).isEqualTo(k);
    }

    @Test
    void aPasswordProtectedImgtoolKeyOpensWithItsPassword() throws Exception {
        ImageKey k = read("ecdsa-p256-pw");
        assertThat(k).isInstanceOf(ImageSigningKey.class);
        assertThat(k.type()).isEqualTo(KeyType.ECDSA_P256);
    }

    @Test
    void aWrongPasswordIsOneClearError() {
        assertThatThrownBy(() -> KeyPem.read(text("ecdsa-p256-pw.pem"), "nope"::toCharArray))
                .isInstanceOf(KeyFormatException.class).hasMessageContaining("wrong password");
        assertThatThrownBy(() -> KeyPem.read(text("ecdsa-p256-pw.pem"), () -> null))
                .isInstanceOf(KeyFormatException.class).hasMessageContaining("password");
    }

    @ParameterizedTest
    @ValueSource(strings = {"ecdsa-p256", "ecdsa-p384", "ed25519", "rsa-2048"})
    void generatedKeysSurviveTheirPemWithAndWithoutPassword(String type) throws Exception {
        SecureRandom rnd = new SecureRandom();
        ImageSigningKey k = ImageSigningKey.generate(KeyType.ofImgtoolName(type), rnd);
        ImageKey plain = KeyPem.read(KeyPem.writePrivate(k, null, rnd), () -> null);
        assertThat(plain.publicKey()).isEqualTo(k.publicKey());
        String enc = KeyPem.writePrivate(k, "s3cret".toCharArray(), rnd);
        assertThat(enc).startsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----\n");
        assertThat(KeyPem.read(enc, "s3cret"::toCharArray).publicKey()).isEqualTo(k.publicKey());
    }

    @Test
    void ed25519PrivateKeysAreWrittenInOpenSslsVersion1Form() throws Exception {
        byte[] imgtoolDer = java.util.Base64.getMimeDecoder().decode(
                text("ed25519.pem").replaceAll("-----[A-Z ]+-----", ""));
        byte[] der = ((ImageSigningKey) read("ed25519")).pkcs8();
        assertThat(der).isEqualTo(imgtoolDer);
    }

    @Test
    void garbageIsNotAKey() {
        assertThatThrownBy(() -> KeyPem.read("hello", () -> null)).isInstanceOf(KeyFormatException.class)
                .hasMessage("no PEM key found");
        assertThatThrownBy(() -> KeyPem.read("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n",
                () -> null)).isInstanceOf(KeyFormatException.class).hasMessageContaining("PKCS#8");
        assertThatThrownBy(() -> KeyPem.read("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n",
                () -> null)).isInstanceOf(KeyFormatException.class).hasMessageContaining("unsupported PEM block");
    }

    @Test
    void anRsaKeyAsSubjectPublicKeyInfoIsNotImgtoolsRawForm() {
        byte[] spki = text("rsa-2048.pub.pem").replaceAll("-----[A-Z ]+-----", "").transform(
                s -> java.util.Base64.getMimeDecoder().decode(s));
        assertThatThrownBy(() -> ImagePublicKey.fromRaw(spki)).isInstanceOf(KeyFormatException.class)
                .hasMessageContaining("PKCS#1");
    }
}
