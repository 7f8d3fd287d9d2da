package dev.citadel.verifier;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.DERBitString;
import org.bouncycastle.asn1.sec.ECPrivateKey;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;

/** The key a token is checked with: an IAK's public key (COSE_Sign1) or a symmetric IAK (COSE_Mac0). */
public sealed interface VerificationKey permits VerificationKey.Ec, VerificationKey.Hmac {

    /** An elliptic-curve public key (P-256, P-384 or P-521). */
    record Ec(ECPublicKey publicKey) implements VerificationKey {
        public Ec {
            java.util.Objects.requireNonNull(publicKey);
        }

        /** The field size of the curve in bits. */
        int fieldBits() {
            return publicKey.getParams().getCurve().getField().getFieldSize();
        }

        /** A coordinate as a fixed-size big-endian byte string. */
        byte[] coordinate(BigInteger v) {
            int n = (fieldBits() + 7) / 8;
            byte[] raw = v.toByteArray();
            byte[] out = new byte[n];
            int copy = Math.min(raw.length, n);
            System.arraycopy(raw, raw.length - copy, out, n - copy, copy);
            return out;
        }
    }

    /** A symmetric IAK; the bytes are copied in and never printed. */
    final class Hmac implements VerificationKey {
        private final byte[] key;

        public Hmac(byte[] key) {
            if (key == null || key.length == 0) {
                throw new IllegalArgumentException("empty HMAC key");
            }
            this.key = key.clone();
        }

        byte[] bytes() {
            return key.clone();
        }

        /** Overwrites the key bytes; the key is unusable afterwards. */
        public void destroy() {
            Arrays.fill(key, (byte) 0);
        }

        @Override
        public String toString() {
            return "HmacKey[" + key.length + " bytes]";
        }
    }

    static VerificationKey hmac(byte[] key) {
        return new Hmac(key);
    }

    /**
     * Reads a PEM public key ("PUBLIC KEY", SubjectPublicKeyInfo) or the public half of a SEC1 "EC PRIVATE KEY" (the
     * form TF-M and the RFC 9783 examples publish their test IAKs in).
     *
     * @throws IllegalArgumentException with a one-line reason if the text holds no usable EC key
     */
    static Ec fromPem(String pem) {
        Matcher m = Pattern.compile("-----BEGIN ([A-Z ]+)-----([A-Za-z0-9+/=\\s]+)-----END \\1-----").matcher(pem);
        if (!m.find()) {
            throw new IllegalArgumentException("no PEM block found");
        }
        byte[] der;
        try {
            der = Base64.getMimeDecoder().decode(m.group(2).getBytes(StandardCharsets.US_ASCII));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the PEM block is not valid base64");
        }
        try {
            byte[] spki = switch (m.group(1)) {
                case "PUBLIC KEY" -> der;
                case "EC PRIVATE KEY" -> spkiOfSec1(der);
                default -> throw new IllegalArgumentException(
                        "a " + m.group(1) + " PEM block is not supported (expected PUBLIC KEY or EC PRIVATE KEY)");
            };
            PublicKey k = KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(spki));
            return new Ec((ECPublicKey) k);
        } catch (GeneralSecurityException | IOException | RuntimeException e) {
            if (e instanceof IllegalArgumentException iae && iae.getMessage() != null
                    && iae.getMessage().contains("PEM block")) {
                throw iae;
            }
            throw new IllegalArgumentException("not an EC key: " + e.getMessage());
        }
    }

    private static byte[] spkiOfSec1(byte[] der) throws IOException {
        ECPrivateKey sec1 = ECPrivateKey.getInstance(ASN1Primitive.fromByteArray(der));
        DERBitString pub = (DERBitString) sec1.getPublicKey();
        if (pub == null || sec1.getParametersObject() == null) {
            throw new IOException("the EC private key carries no public key or no curve");
        }
        AlgorithmIdentifier alg = new AlgorithmIdentifier(X9ObjectIdentifiers.id_ecPublicKey,
                sec1.getParametersObject());
        return new SubjectPublicKeyInfo(alg, pub.getBytes()).getEncoded();
    }
}
