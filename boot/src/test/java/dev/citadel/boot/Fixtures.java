package dev.citadel.boot;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;

/**
 * The imgtool-made test data, and a reading of MCUboot's layout written for the tests alone (plain offsets, JCA),
 * so that expectations never come from the code under test.
 */
public final class Fixtures {
    public static final String PASSWORD = "citadel-pw";

    private Fixtures() {}

    public static byte[] resource(String name) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/imgtool/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String text(String name) {
        return new String(resource(name), java.nio.charset.StandardCharsets.US_ASCII);
    }

    public static int u16(byte[] b, int off) {
        return (b[off] & 0xFF) | (b[off + 1] & 0xFF) << 8;
    }

    public static long u32(byte[] b, int off) {
        return (u16(b, off) | (long) u16(b, off + 2) << 16);
    }

    /** Header size + payload size + protected TLV size, read straight from the header. */
    public static int hashedLength(byte[] img) {
        return u16(img, 8) + (int) u32(img, 12) + u16(img, 10);
    }

    /** The unprotected TLVs as {type, value offset, length} triples. */
    public static int[][] unprotectedTlvs(byte[] img) {
        int off = hashedLength(img);
        int end = off + u16(img, off + 2);
        java.util.List<int[]> l = new java.util.ArrayList<>();
        for (int p = off + 4; p < end; ) {
            int len = u16(img, p + 2);
            l.add(new int[] {u16(img, p), p + 4, len});
            p += 4 + len;
        }
        return l.toArray(new int[0][]);
    }

    /** End of the unprotected TLV area. */
    public static int imageEnd(byte[] img) {
        int off = hashedLength(img);
        return off + u16(img, off + 2);
    }

    /** {type, offset, length} of the signature TLV. */
    public static int[] signatureTlv(byte[] img) {
        for (int[] t : unprotectedTlvs(img)) {
            if (t[0] >= 0x20 && t[0] <= 0x24) {
                return t;
            }
        }
        throw new AssertionError("no signature TLV");
    }

    public static byte[] value(byte[] img, int[] tlv) {
        return Arrays.copyOfRange(img, tlv[1], tlv[1] + tlv[2]);
    }

    public static byte[] sha(String alg, byte[] b, int len) throws Exception {
        MessageDigest md = MessageDigest.getInstance(alg);
        md.update(b, 0, len);
        return md.digest();
    }

    /** A public key from imgtool's {@code getpub -e pem} output, through the JDK. */
    public static PublicKey jcaPublicKey(String keyName) throws Exception {
        String pem = text(keyName + ".pub.pem");
        byte[] der = Base64.getMimeDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", ""));
        String alg = keyName.startsWith("rsa") ? "RSA" : keyName.startsWith("ed") ? "Ed25519" : "EC";
        return KeyFactory.getInstance(alg).generatePublic(new X509EncodedKeySpec(der));
    }
}
