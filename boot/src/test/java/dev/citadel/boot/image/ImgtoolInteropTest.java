package dev.citadel.boot.image;

import static dev.citadel.boot.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.citadel.boot.keys.ImagePublicKey;
import dev.citadel.boot.keys.ImageSigningKey;
import dev.citadel.boot.keys.KeyPem;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Images made by MCUboot's imgtool (commands in resources/imgtool/README.md) against Citadel's verifier and signer. */
class ImgtoolInteropTest {

    /** One imgtool image: how it was made, and what its command line asked for. */
    record Case(String file, String key, String input, long slot, UnaryOperator<SignOptions.Builder> options,
            String version, Long securityCounter, List<ImageDependency> dependencies, String bootRecord) {
        @Override
        public String toString() {
            return file;
        }
    }

    static Stream<Case> cases() {
        return Stream.of(
                new Case("ed25519_h32.bin", "ed25519", "payload.bin", 0x4000,
                        b -> b.version(ImageVersion.parse("1.2.3+4")).headerSize(32).padHeader(true).slotSize(0x4000),
                        "1.2.3+4", null, List.of(), null),
                new Case("ed25519_full_all.bin", "ed25519", "payload.bin", 0x8000,
                        b -> b.publicKeyFull(true).version(ImageVersion.parse("2.0.1+7")).headerSize(0x400)
                                .padHeader(true).slotSize(0x8000).align(4).maxSectors(16).pad(true).confirm(true)
                                .securityCounterAuto().bootRecord("NSPE").dependencies(List.of(
                                        new ImageDependency(0, ImageVersion.parse("1.2.3+4")),
                                        new ImageDependency(2, ImageVersion.parse("0.9")))),
                        "2.0.1+7", 0x02000001L, List.of(new ImageDependency(0, new ImageVersion(1, 2, 3, 4)),
                                new ImageDependency(2, new ImageVersion(0, 9, 0, 0))), "NSPE"),
                new Case("ed25519_zeros_erased0.bin", "ed25519", "payload-h512.bin", 0x3000,
                        b -> b.version(ImageVersion.parse("0.1")).headerSize(0x200).slotSize(0x3000).erasedValue(0)
                                .pad(true),
                        "0.1.0+0", null, List.of(), null),
                new Case("ed25519_overwrite-only.bin", "ed25519", "payload.bin", 0x2000,
                        b -> b.version(ImageVersion.parse("1.0.0")).headerSize(0x200).padHeader(true).slotSize(0x2000)
                                .overwriteOnly(true).confirm(true),
                        "1.0.0+0", null, List.of(), null),
                new Case("ecdsa-p256_seccnt-auto.bin", "ecdsa-p256", "payload.bin", 0x10000,
                        b -> b.version(ImageVersion.parse("1.0.0")).headerSize(0x200).padHeader(true)
                                .slotSize(0x10000).securityCounterAuto(),
                        "1.0.0+0", 0x01000000L, List.of(), null),
                new Case("ecdsa-p256_pad-confirm.bin", "ecdsa-p256", "payload.bin", 0x6000,
                        b -> b.version(ImageVersion.parse("3.4.5")).headerSize(0x200).padHeader(true).slotSize(0x6000)
                                .pad(true).confirm(true).align(8).securityCounter(42),
                        "3.4.5+0", 42L, List.of(), null),
                new Case("ecdsa-p256-pw_full.bin", "ecdsa-p256-pw", "payload.bin", 0x10000,
                        b -> b.publicKeyFull(true).version(ImageVersion.parse("1.0.0+1")).headerSize(0x200)
                                .padHeader(true).slotSize(0x10000),
                        "1.0.0+1", null, List.of(), null),
                new Case("ecdsa-p384_boot-record.bin", "ecdsa-p384", "payload.bin", 0x20000,
                        b -> b.version(ImageVersion.parse("1.1.0")).headerSize(0x400).padHeader(true)
                                .slotSize(0x20000).securityCounterAuto().bootRecord("SPE"),
                        "1.1.0+0", 0x01010000L, List.of(), "SPE"),
                new Case("rsa-2048_deps-test.bin", "rsa-2048", "payload.bin", 0x10000,
                        b -> b.version(ImageVersion.parse("1.2.3")).headerSize(0x200).padHeader(true)
                                .slotSize(0x10000).dependencies(List.of(new ImageDependency(1,
                                        ImageVersion.parse("1.0.0")))).securityCounter(5).pad(true),
                        "1.2.3+0", 5L, List.of(new ImageDependency(1, new ImageVersion(1, 0, 0, 0))), null),
                new Case("rsa-3072_tfm-like.bin", "rsa-3072", "payload.bin", 0x8000,
                        b -> b.publicKeyFull(true).version(ImageVersion.parse("2.1.0")).headerSize(0x400)
                                .padHeader(true).slotSize(0x8000).securityCounterAuto().bootRecord("SPE").align(16)
                                .maxAlign(16).maxSectors(64).pad(true).confirm(true),
                        "2.1.0+0", 0x02010000L, List.of(), "SPE"),
                new Case("unsigned.bin", null, "payload.bin", 0x2000,
                        b -> b.version(ImageVersion.parse("0.0.1")).headerSize(32).padHeader(true).slotSize(0x2000),
                        "0.0.1+0", null, List.of(), null));
    }

    static ImageSigningKey signingKey(String name) throws Exception {
        return (ImageSigningKey) KeyPem.read(text(name + ".pem"), PASSWORD::toCharArray);
    }

    static ImagePublicKey publicKey(String name) throws Exception {
        return signingKey(name).publicKey();
    }

    static String hashJca(byte[] img) {
        int[] h = unprotectedTlvs(img)[0];
        return switch (h[0]) {
            case 0x10 -> "SHA-256";
            case 0x11 -> "SHA-384";
            default -> "SHA-512";
        };
    }

    @ParameterizedTest
    @MethodSource("cases")
    void imgtoolImageVerifiesAndReportsWhatItsCommandAskedFor(Case c) throws Exception {
        byte[] img = resource(c.file);
        ImageVerifier.Builder vb = ImageVerifier.builder().slotSize(c.slot).requireSignature(c.key != null);
        if (c.key != null) {
            vb.trustKey(publicKey(c.key));
        }
        VerificationResult r = vb.build().verify(img);
        assertThat(r).as(r.toString()).isInstanceOf(VerificationResult.Valid.class);
        VerifiedImage v = ((VerificationResult.Valid) r).image();

        assertThat(v.version()).hasToString(c.version);
        assertThat(v.hash()).isEqualTo(sha(hashJca(img), img, hashedLength(img)));
        assertThat(v.imageSize()).isEqualTo(imageEnd(img));
        assertThat(v.securityCounter().isPresent()).isEqualTo(c.securityCounter != null);
        if (c.securityCounter != null) {
            assertThat(v.securityCounter().getAsLong()).isEqualTo(c.securityCounter);
        }
        assertThat(v.dependencies()).isEqualTo(c.dependencies);
        assertThat(v.bootRecord().isPresent()).isEqualTo(c.bootRecord != null);
        if (c.key != null && !c.key.endsWith("-pw")) {
            byte[] keyHash = sha(hashJca(img), resource(c.key + ".pub.der"), resource(c.key + ".pub.der").length);
            assertThat(v.signerKeyHash()).isEqualTo(keyHash);
            if (c.bootRecord != null) {
                BootRecord br = BootRecord.decode(v.bootRecord().orElseThrow());
                assertThat(br.swType()).isEqualTo(c.bootRecord);
                assertThat(br.version()).isEqualTo(c.version.substring(0, c.version.indexOf('+')));
                assertThat(br.signerId()).isEqualTo(keyHash);
                assertThat(br.measurementValue()).containsOnly(0);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("cases")
    void citadelSignGivesImgtoolsBytesExceptTheRandomizedSignature(Case c) throws Exception {
        byte[] expected = resource(c.file);
        SignOptions.Builder b = c.options.apply(SignOptions.builder());
        if (c.key != null) {
            b.key(signingKey(c.key));
        }
        byte[] actual = new ImageSigner(new SecureRandom()).sign(resource(c.input), b.build());

        if (c.key == null || c.key.startsWith("ed25519")) {
            assertThat(actual).isEqualTo(expected); // deterministic: identical as a whole
            return;
        }
        int[] es = signatureTlv(expected);
        int[] as = signatureTlv(actual);
        int unprot = hashedLength(expected);
        // everything before the signature value, except the unprotected area's total (the signature length varies)
        assertThat(as[1]).isEqualTo(es[1]);
        byte[] ePrefix = Arrays.copyOf(expected, es[1]);
        byte[] aPrefix = Arrays.copyOf(actual, as[1]);
        ePrefix[unprot + 2] = aPrefix[unprot + 2] = 0;
        ePrefix[unprot + 3] = aPrefix[unprot + 3] = 0;
        ePrefix[es[1] - 2] = aPrefix[as[1] - 2] = 0; // the signature TLV's own length
        assertThat(aPrefix).isEqualTo(ePrefix);
        assertThat(u16(actual, unprot + 2)).isEqualTo(imageEnd(actual) - unprot);
        // after the signature: padding and trailer, aligned to the end
        byte[] eTail = Arrays.copyOfRange(expected, es[1] + es[2], expected.length);
        byte[] aTail = Arrays.copyOfRange(actual, as[1] + as[2], actual.length);
        assertThat(actual.length - (as[1] + as[2])).isEqualTo(expected.length > imageEnd(expected)
                ? expected.length - (as[1] + as[2]) : 0);
        int common = Math.min(eTail.length, aTail.length);
        assertThat(Arrays.copyOfRange(aTail, aTail.length - common, aTail.length))
                .isEqualTo(Arrays.copyOfRange(eTail, eTail.length - common, eTail.length));
        // and the signature verifies with the JDK over the same image
        assertThat(jcaVerifies(c.key, actual)).isTrue();
    }

    @ParameterizedTest
    @MethodSource("cases")
    void imgtoolSignatureIsWhatMcubootVerifies(Case c) throws Exception {
        if (c.key == null) {
            return;
        }
        assertThat(jcaVerifies(c.key, resource(c.file))).isTrue();
    }

    /** MCUboot's signature rules, through the JDK alone. */
    static boolean jcaVerifies(String key, byte[] img) throws Exception {
        PublicKey pub = key.endsWith("-pw")
                ? java.security.KeyFactory.getInstance("EC").generatePublic(
                        new java.security.spec.X509EncodedKeySpec(publicKey(key).spki()))
                : jcaPublicKey(key);
        int[] sig = signatureTlv(img);
        int n = hashedLength(img);
        Signature s;
        byte[] message;
        if (key.startsWith("ed25519")) {
            s = Signature.getInstance("Ed25519");
            message = sha(hashJca(img), img, n); // the digest is the message
        } else if (key.startsWith("rsa")) {
            s = Signature.getInstance("RSASSA-PSS");
            s.setParameter(new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 32, 1));
            message = Arrays.copyOf(img, n);
        } else {
            s = Signature.getInstance(key.startsWith("ecdsa-p384") ? "SHA384withECDSA" : "SHA256withECDSA");
            message = Arrays.copyOf(img, n);
        }
        s.initVerify(pub);
        s.update(message);
        return s.verify(value(img, sig));
    }
}
