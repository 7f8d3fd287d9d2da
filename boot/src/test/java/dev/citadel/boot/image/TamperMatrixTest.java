package dev.citadel.boot.image;

import static dev.citadel.boot.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.citadel.boot.keys.ImagePublicKey;
import dev.citadel.boot.keys.ImageSigningKey;
import dev.citadel.boot.keys.KeyPem;
import dev.citadel.boot.keys.KeyType;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.KeyFactory;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every kind of damage to an imgtool image is refused, each with its reason. */
class TamperMatrixTest {

    static ImagePublicKey key(String name) throws Exception {
        return KeyPem.read(text(name + ".pem"), () -> null).publicKey();
    }

    static String keyOf(String file) {
        return file.substring(0, file.indexOf('_'));
    }

    static VerificationResult verify(byte[] img, long slot, ImagePublicKey trusted) {
        return ImageVerifier.builder().slotSize(slot).trustKey(trusted).build().verify(img);
    }

    static Refusal reason(VerificationResult r) {
        assertThat(r).isInstanceOf(VerificationResult.Refused.class);
        return ((VerificationResult.Refused) r).reason();
    }

    @ParameterizedTest
    @ValueSource(strings = {"ed25519_h32.bin", "ecdsa-p256_seccnt-auto.bin", "ecdsa-p384_boot-record.bin",
        "rsa-2048_deps-test.bin", "ed25519_full_all.bin"})
    void everyByteFlipOfTheImageIsRefused(String file) throws Exception {
        byte[] slot = resource(file);
        int end = imageEnd(slot);
        byte[] img = Arrays.copyOf(slot, end);
        long slotSize = 0x40000;
        ImagePublicKey k = key(keyOf(file));
        assertThat(verify(img, slotSize, k).isValid()).isTrue();
        int hdr = u16(img, 8);
        int payloadEnd = hdr + (int) u32(img, 12);
        int hashed = hashedLength(img);
        int[] sig = signatureTlv(img);
        Map<Refusal, Integer> seen = new EnumMap<>(Refusal.class);
        for (int i = 0; i < end; i++) {
            byte[] t = img.clone();
            t[i] ^= (byte) 0xFF;
            VerificationResult r = verify(t, slotSize, k);
            Refusal why = reason(r);
            seen.merge(why, 1, Integer::sum);
            assertThat(((VerificationResult.Refused) r).detail()).isNotBlank();
            if (i < 4) {
                assertThat(why).as("byte %d", i).isEqualTo(Refusal.BAD_MAGIC);
            } else if (i >= hdr && i < payloadEnd) {
                assertThat(why).as("payload byte %d", i).isEqualTo(Refusal.HASH_MISMATCH);
            } else if (i >= sig[1] && i < sig[1] + sig[2]) {
                assertThat(why).as("signature byte %d", i).isEqualTo(Refusal.BAD_SIGNATURE);
            } else if (i >= payloadEnd + 4 && i < hashed && file.contains("boot-record")) {
                assertThat(why).as("protected TLV byte %d", i).isIn(Refusal.HASH_MISMATCH, Refusal.TLV_OUT_OF_BOUNDS,
                        Refusal.TLV_NOT_ALLOWED, Refusal.TLV_MALFORMED);
            }
        }
        System.out.printf("%s: %d single-byte flips refused: %s%n", file, end, seen);
    }

    @ParameterizedTest
    @ValueSource(strings = {"ed25519_h32.bin", "ecdsa-p256_pad-confirm.bin"})
    void everyTruncationIsRefused(String file) throws Exception {
        byte[] img = resource(file);
        ImagePublicKey k = key(keyOf(file));
        int end = imageEnd(img);
        for (int len = 0; len < end; len++) {
            assertThat(reason(verify(Arrays.copyOf(img, len), img.length, k))).as("length %d", len)
                    .isEqualTo(Refusal.TRUNCATED);
        }
        assertThat(verify(Arrays.copyOf(img, end), img.length, k).isValid()).isTrue();
        System.out.printf("%s: %d truncations refused%n", file, end);
    }

    @Test
    void aKeyOfTheSameTypeThatDidNotSignIsUnknown() throws Exception {
        ImagePublicKey other = ImageSigningKey.generate(KeyType.ED25519, new SecureRandom()).publicKey();
        assertThat(reason(verify(resource("ed25519_h32.bin"), 0x4000, other))).isEqualTo(Refusal.KEY_UNKNOWN);
    }

    @Test
    void aKeyOfAnotherTypeIsUnknown() throws Exception {
        assertThat(reason(verify(resource("ed25519_h32.bin"), 0x4000, key("ecdsa-p256"))))
                .isEqualTo(Refusal.KEY_UNKNOWN);
    }

    @Test
    void aKeyHashOfAnotherKeyIsRefusedEvenWithAValidSignatureAfterIt() throws Exception {
        byte[] img = resource("ecdsa-p256_seccnt-auto.bin");
        int[] keyHash = unprotectedTlvs(img)[1];
        assertThat(keyHash[0]).isEqualTo(0x01);
        byte[] other = sha("SHA-256", resource("rsa-2048.pub.der"), resource("rsa-2048.pub.der").length);
        System.arraycopy(other, 0, img, keyHash[1], 32);
        ImageVerifier v = ImageVerifier.builder().trustKey(key("ecdsa-p256")).trustKey(key("rsa-2048")).build();
        assertThat(reason(v.verify(img))).isEqualTo(Refusal.SIGNATURE_TYPE_MISMATCH);
        ImageVerifier onlyP256 = ImageVerifier.builder().trustKey(key("ecdsa-p256")).build();
        assertThat(reason(onlyP256.verify(img))).isEqualTo(Refusal.KEY_UNKNOWN);
    }

    @Test
    void aFullPublicKeyIsAcceptedOnlyIfItsHashIsAllowed() throws Exception {
        byte[] img = resource("rsa-3072_tfm-like.bin");
        byte[] raw = resource("rsa-3072.pub.der");
        byte[] rotpk = sha("SHA-256", raw, raw.length); // as OTP holds it
        assertThat(ImageVerifier.builder().allowKeyHash(rotpk).build().verify(img).isValid()).isTrue();
        assertThat(reason(ImageVerifier.builder().build().verify(img))).isEqualTo(Refusal.KEY_NOT_ALLOWED);
        byte[] wrong = rotpk.clone();
        wrong[31] ^= 1;
        assertThat(reason(ImageVerifier.builder().allowKeyHash(wrong).build().verify(img)))
                .isEqualTo(Refusal.KEY_NOT_ALLOWED);
        byte[] other = resource("ed25519.pub.der");
        assertThat(reason(ImageVerifier.builder().allowKeyHash(sha("SHA-256", other, other.length)).build()
                .verify(img))).isEqualTo(Refusal.KEY_NOT_ALLOWED);
    }

    @Test
    void headerSizesThatDoNotFitTheSlotAreRefused() throws Exception {
        byte[] img = resource("ed25519_h32.bin");
        ImagePublicKey k = key("ed25519");
        assertThat(reason(verify(img, hashedLength(img), k))).isEqualTo(Refusal.TOO_LARGE_FOR_SLOT);
        byte[] huge = img.clone();
        huge[12] = huge[13] = huge[14] = huge[15] = (byte) 0xFF; // ih_img_size = 4 GiB - 1
        assertThat(reason(verify(huge, 0x4000, k))).isEqualTo(Refusal.TOO_LARGE_FOR_SLOT);
        byte[] small = img.clone();
        small[8] = 31;
        assertThat(reason(verify(small, 0x4000, k))).isEqualTo(Refusal.BAD_HEADER_SIZE);
    }

    @Test
    void tlvLengthsPointingOutsideTheSlotAreRefused() throws Exception {
        byte[] img = resource("ed25519_h32.bin");
        ImagePublicKey k = key("ed25519");
        int unprot = hashedLength(img);
        byte[] tot = img.clone();
        tot[unprot + 2] = tot[unprot + 3] = (byte) 0xFF;
        assertThat(reason(verify(tot, img.length + 16, k))).isEqualTo(Refusal.TLV_OUT_OF_BOUNDS);
        int[] last = unprotectedTlvs(img)[2];
        byte[] len = img.clone();
        len[last[1] - 2] = (byte) 0xFF;
        assertThat(reason(verify(len, 0x4000, k))).isEqualTo(Refusal.TLV_OUT_OF_BOUNDS);
        assertThat(reason(ImageVerifier.builder().slotSize(0x4000).maxImageSize(img.length - 1).trustKey(k).build()
                .verify(img))).isEqualTo(Refusal.TLV_OUT_OF_BOUNDS);
    }

    @Test
    void aProtectedTlvRunningPastItsAreaIsRefused() throws Exception {
        byte[] img = resource("ecdsa-p384_boot-record.bin");
        int prot = u16(img, 8) + (int) u32(img, 12);
        img[prot + 4 + 2] = (byte) 0xFF; // SEC_CNT length, past the end of the area
        assertThat(reason(verify(img, 0x20000, key("ecdsa-p384")))).isEqualTo(Refusal.TLV_OUT_OF_BOUNDS);
    }

    @Test
    void securityCounterAndVersionAreReportedNotJudged() throws Exception {
        VerifiedImage v = ((VerificationResult.Valid) verify(resource("ecdsa-p256_pad-confirm.bin"), 0x6000,
                key("ecdsa-p256"))).image();
        assertThat(v.securityCounter().getAsLong()).isEqualTo(42);
        assertThat(v.version()).isEqualTo(new ImageVersion(3, 4, 5, 0));
    }

    // Images forged here with the JDK (Ed25519 over the SHA-256 digest), to reach rules imgtool cannot break.

    static byte[] forge(byte[][] protTlvs, byte[][] extraUnprot) throws Exception {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream prot = new ByteArrayOutputStream();
        for (byte[] t : protTlvs) {
            prot.writeBytes(t);
        }
        int protSize = protTlvs.length == 0 ? 0 : 4 + prot.size();
        byte[] payload = resource("payload.bin");
        ByteBuffer h = ByteBuffer.allocate(32).order(ByteOrder.LITTLE_ENDIAN);
        h.putInt(0x96f3b83d).putInt(0).putShort((short) 32).putShort((short) protSize).putInt(payload.length)
                .putInt(0).put((byte) 1).put((byte) 0).putShort((short) 0).putInt(0).putInt(0);
        o.writeBytes(h.array());
        o.writeBytes(payload);
        if (protSize > 0) {
            o.writeBytes(le16(0x6908, protSize));
            o.writeBytes(prot.toByteArray());
        }
        byte[] digest = sha("SHA-256", o.toByteArray(), o.size());
        byte[] pub = resource("ed25519.pub.der");
        String pem = text("ed25519.pem");
        Signature s = Signature.getInstance("Ed25519");
        s.initSign(KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(
                Base64.getMimeDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", "")))));
        s.update(digest);
        ByteArrayOutputStream un = new ByteArrayOutputStream();
        un.writeBytes(tlv(0x10, digest));
        for (byte[] t : extraUnprot) {
            un.writeBytes(t);
        }
        un.writeBytes(tlv(0x01, sha("SHA-256", pub, pub.length)));
        un.writeBytes(tlv(0x24, s.sign()));
        o.writeBytes(le16(0x6907, 4 + un.size()));
        o.writeBytes(un.toByteArray());
        return o.toByteArray();
    }

    static byte[] tlv(int type, byte[] v) {
        ByteBuffer b = ByteBuffer.allocate(4 + v.length).order(ByteOrder.LITTLE_ENDIAN);
        return b.putShort((short) type).putShort((short) v.length).put(v).array();
    }

    static byte[] le16(int a, int b) {
        return ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putShort((short) a).putShort((short) b).array();
    }

    static Refusal forged(byte[][] prot, byte[][] unprot) throws Exception {
        VerificationResult r = verify(forge(prot, unprot), 0x4000, key("ed25519"));
        return r.isValid() ? null : reason(r);
    }

    static final byte[] SEC_CNT = tlv(0x50, new byte[] {1, 0, 0, 0});

    @Test
    void theForgeryHelperMakesValidImages() throws Exception {
        assertThat(forged(new byte[][] {SEC_CNT}, new byte[0][])).isNull();
    }

    @Test
    void aSecondSecurityCounterIsRefused() throws Exception {
        assertThat(forged(new byte[][] {SEC_CNT, SEC_CNT}, new byte[0][])).isEqualTo(Refusal.TLV_DUPLICATE);
    }

    @Test
    void aSecurityCounterOfTheWrongLengthIsRefused() throws Exception {
        assertThat(forged(new byte[][] {tlv(0x50, new byte[8])}, new byte[0][])).isEqualTo(Refusal.TLV_MALFORMED);
    }

    @Test
    void aSecurityCounterOutsideTheProtectedAreaIsRefused() throws Exception {
        assertThat(forged(new byte[0][], new byte[][] {SEC_CNT})).isEqualTo(Refusal.TLV_NOT_ALLOWED);
    }

    @Test
    void unknownTlvsAreIgnoredWhenProtectedAndRefusedWhenNot() throws Exception {
        byte[] vendor = tlv(0x00a0, new byte[] {1, 2, 3});
        assertThat(forged(new byte[][] {vendor}, new byte[0][])).isNull();
        assertThat(forged(new byte[0][], new byte[][] {vendor})).isEqualTo(Refusal.TLV_NOT_ALLOWED);
    }

    @Test
    void aSecondHashTlvIsRefused() throws Exception {
        assertThat(forged(new byte[0][], new byte[][] {tlv(0x10, new byte[32])})).isEqualTo(Refusal.TLV_DUPLICATE);
    }

    @Test
    void aBootRecordThatIsNotCborIsRefused() throws Exception {
        assertThat(forged(new byte[][] {tlv(0x60, new byte[] {(byte) 0xa5, 1})}, new byte[0][]))
                .isEqualTo(Refusal.TLV_MALFORMED);
    }

    @Test
    void unsupportedFlagsAreRefused() throws Exception {
        for (ImageFlag f : Set.of(ImageFlag.ENCRYPTED_AES128, ImageFlag.NON_BOOTABLE, ImageFlag.COMPRESSED_LZMA2)) {
            byte[] img = resource("ed25519_h32.bin");
            img[16] |= (byte) f.mask();
            img[17] |= (byte) (f.mask() >> 8);
            assertThat(reason(verify(img, 0x4000, key("ed25519")))).as(f.name()).isEqualTo(Refusal.UNSUPPORTED_FLAGS);
        }
    }
}
