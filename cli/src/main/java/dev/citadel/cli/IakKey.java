package dev.citadel.cli;

import dev.citadel.boot.keys.ImageKey;
import dev.citadel.boot.keys.ImageSigningKey;
import dev.citadel.boot.keys.KeyType;
import dev.citadel.hal.otp.IakType;
import dev.citadel.psa.crypto.EccFamily;
import dev.citadel.psa.names.CurveName;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import org.bouncycastle.asn1.x9.ECNamedCurveTable;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.math.ec.FixedPointCombMultiplier;

/**
 * An IAK a device is provisioned with: its OTP type and key bytes. Read from a P-256 or P-384 private key PEM (SEC1
 * {@code EC PRIVATE KEY} or PKCS#8, as TF-M publishes its development key) or a file of 32 raw bytes (the symmetric
 * IAK); the public key PEM of an ECC IAK is what a relying party verifies tokens with.
 */
record IakKey(IakType type, byte[] key) {
    static final int HMAC_KEY_BYTES = 32;

    /** Reads an ECC private key PEM; one line (a {@link UserException}) for anything else. */
    static IakKey fromPem(Path pem, Path passwordFile) {
        String text;
        try {
            text = Files.readString(pem, java.nio.charset.StandardCharsets.US_ASCII);
        } catch (IOException | java.io.UncheckedIOException e) {
            throw new UserException("cannot read " + pem + ": " + e.getMessage());
        }
        if (text.contains("-----BEGIN EC PRIVATE KEY-----")) {
            return fromSec1(pem, text);
        }
        ImageKey k = ImageCommand.readKey(pem, passwordFile);
        if (!(k instanceof ImageSigningKey sk)
                || (sk.type() != KeyType.ECDSA_P256 && sk.type() != KeyType.ECDSA_P384)) {
            throw new UserException(pem + ": not a P-256 or P-384 private key (an IAK must be an ECC secp-r1 key)");
        }
        IakType type = sk.type() == KeyType.ECDSA_P256 ? IakType.ECC_P256 : IakType.ECC_P384;
        try {
            ECPrivateKey priv = (ECPrivateKey) KeyFactory.getInstance("EC")
                    .generatePrivate(new PKCS8EncodedKeySpec(sk.pkcs8()));
            return new IakKey(type, fixed(priv.getS(), type.length()));
        } catch (GeneralSecurityException | ClassCastException e) {
            throw new UserException(pem + ": cannot read the private scalar: " + e.getMessage());
        }
    }

    /** SEC1 (RFC 5915) {@code EC PRIVATE KEY}: the curve from its parameters, the scalar from its octet string. */
    private static IakKey fromSec1(Path pem, String text) {
        String b64 = text.substring(text.indexOf("-----BEGIN EC PRIVATE KEY-----") + 30);
        int end = b64.indexOf("-----END EC PRIVATE KEY-----");
        try {
            byte[] der = Base64.getMimeDecoder().decode(end < 0 ? b64 : b64.substring(0, end));
            org.bouncycastle.asn1.sec.ECPrivateKey k = org.bouncycastle.asn1.sec.ECPrivateKey.getInstance(der);
            String oid = String.valueOf(k.getParametersObject());
            IakType type = CurveName.byName(oid).filter(c -> c.family() == EccFamily.SECP_R1)
                    .flatMap(c -> IakType.of(c.family().value(), c.fieldBytes()))
                    .orElseThrow(() -> new UserException(
                            pem + ": not a P-256 or P-384 private key (curve " + oid + ")"));
            IakKey iak = new IakKey(type, fixed(k.getKey(), type.length()));
            if (!type.accepts(iak.key())) {
                throw new UserException(pem + ": the private scalar is outside 1..n-1");
            }
            return iak;
        } catch (IllegalArgumentException | IllegalStateException | ClassCastException e) {
            throw new UserException(pem + ": not a valid EC PRIVATE KEY: " + e.getMessage());
        }
    }

    /** Reads a symmetric IAK: exactly 32 raw bytes. */
    static IakKey fromHmacFile(Path file) {
        byte[] raw;
        try {
            raw = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UserException("cannot read " + file + ": " + e.getMessage());
        }
        if (raw.length != HMAC_KEY_BYTES) {
            Arrays.fill(raw, (byte) 0);
            throw new UserException(file + ": a symmetric IAK is " + HMAC_KEY_BYTES + " raw bytes, not " + raw.length);
        }
        return new IakKey(IakType.HMAC_SHA256, raw);
    }

    /** A readable name of the type: "P-256", "P-384", "HMAC-SHA-256". */
    static String describe(IakType type) {
        return switch (type) {
            case ECC_P256 -> "ECC P-256 (ES256 tokens)";
            case ECC_P384 -> "ECC P-384 (ES384 tokens)";
            case HMAC_SHA256 -> "HMAC-SHA-256, symmetric (COSE_Mac0 tokens)";
        };
    }

    /** The SubjectPublicKeyInfo PEM of an ECC IAK, computed from its private scalar. */
    static String publicKeyPem(IakType type, byte[] scalar) {
        if (type.symmetric()) {
            throw new IllegalArgumentException("a symmetric IAK has no public key");
        }
        String curve = CurveName.of(EccFamily.SECP_R1, type.length() * 8).orElseThrow().jcaName();
        X9ECParameters x9 = ECNamedCurveTable.getByName(curve);
        org.bouncycastle.math.ec.ECPoint q =
                new FixedPointCombMultiplier().multiply(x9.getG(), new BigInteger(1, scalar)).normalize();
        try {
            AlgorithmParameters ap = AlgorithmParameters.getInstance("EC");
            ap.init(new ECGenParameterSpec(curve));
            ECParameterSpec spec = ap.getParameterSpec(ECParameterSpec.class);
            byte[] spki = KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(
                    new ECPoint(q.getAffineXCoord().toBigInteger(), q.getAffineYCoord().toBigInteger()), spec))
                    .getEncoded();
            return "-----BEGIN PUBLIC KEY-----\n"
                    + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(spki)
                    + "\n-----END PUBLIC KEY-----\n";
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has " + curve, e);
        }
    }

    private static byte[] fixed(BigInteger v, int size) {
        byte[] s = v.toByteArray();
        byte[] out = new byte[size];
        int n = Math.min(s.length, size);
        System.arraycopy(s, s.length - n, out, size - n, n);
        Arrays.fill(s, (byte) 0);
        return out;
    }

    @Override
    public String toString() {
        return "IakKey[" + type + "]";
    }
}
