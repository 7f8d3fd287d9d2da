package dev.citadel.itest.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.citadel.psa.PsaException;
import dev.citadel.psa.PsaStatus;
import dev.citadel.psa.crypto.Algorithm;
import dev.citadel.psa.crypto.EccFamily;
import dev.citadel.psa.crypto.KeyAttributes;
import dev.citadel.psa.crypto.KeyType;
import dev.citadel.psa.crypto.KeyUsage;
import java.math.BigInteger;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.util.Arrays;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.bouncycastle.asn1.pkcs.RSAPrivateKey;
import org.bouncycastle.asn1.pkcs.RSAPublicKey;

/** Independent JDK/BC helpers for asymmetric-key tests: PSA key formats built without the code under test. */
final class AsymKeys {
    private AsymKeys() {}

    static final KeyType P_PAIR = KeyType.eccKeyPair(EccFamily.SECP_R1);
    static final KeyType P_PUBLIC = KeyType.eccPublicKey(EccFamily.SECP_R1);
    static final KeyType ED_PAIR = KeyType.eccKeyPair(EccFamily.TWISTED_EDWARDS);
    static final KeyType ED_PUBLIC = KeyType.eccPublicKey(EccFamily.TWISTED_EDWARDS);
    static final KeyType X_PAIR = KeyType.eccKeyPair(EccFamily.MONTGOMERY);
    static final KeyType X_PUBLIC = KeyType.eccPublicKey(EccFamily.MONTGOMERY);

    static void assertStatus(ThrowingCallable call, PsaStatus status) {
        assertThatThrownBy(call)
                .isInstanceOf(PsaException.class)
                .satisfies(e -> assertThat(((PsaException) e).psaStatus()).isEqualTo(status));
    }

    static KeyAttributes attrs(KeyType type, int bits, Algorithm alg, KeyUsage... usage) {
        return KeyAttributes.builder().type(type).bits(bits).usage(KeyUsage.of(usage)).algorithm(alg).build();
    }

    static String jdkCurve(int bits) {
        return "secp" + bits + "r1";
    }

    static KeyPair ecPair(int bits) throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec(jdkCurve(bits)));
        return g.generateKeyPair();
    }

    static KeyPair rsaPair(int bits) throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(bits);
        return g.generateKeyPair();
    }

    static byte[] fixed(BigInteger v, int len) {
        byte[] b = v.toByteArray();
        if (b.length == len) {
            return b;
        }
        byte[] out = new byte[len];
        if (b.length > len) {
            System.arraycopy(b, b.length - len, out, 0, len);
        } else {
            System.arraycopy(b, 0, out, len - b.length, b.length);
        }
        return out;
    }

    /** PSA's private-key format for a JDK EC key: the big-endian scalar. */
    static byte[] ecPrivate(KeyPair kp, int bits) {
        return fixed(((java.security.interfaces.ECPrivateKey) kp.getPrivate()).getS(), (bits + 7) / 8);
    }

    /** PSA's public-key format for a JDK EC key: 0x04 || X || Y. */
    static byte[] ecPublic(PublicKey pub, int bits) {
        ECPoint w = ((ECPublicKey) pub).getW();
        int n = (bits + 7) / 8;
        byte[] out = new byte[1 + 2 * n];
        out[0] = 4;
        System.arraycopy(fixed(w.getAffineX(), n), 0, out, 1, n);
        System.arraycopy(fixed(w.getAffineY(), n), 0, out, 1 + n, n);
        return out;
    }

    /** A JDK EC public key from PSA's public-key format. */
    static PublicKey jdkEcPublic(byte[] point, int bits) throws Exception {
        int n = (bits + 7) / 8;
        ECParameterSpec spec = ((ECPublicKey) ecPair(bits).getPublic()).getParams();
        ECPoint w = new ECPoint(new BigInteger(1, Arrays.copyOfRange(point, 1, 1 + n)),
                new BigInteger(1, Arrays.copyOfRange(point, 1 + n, 1 + 2 * n)));
        return KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(w, spec));
    }

    /** PSA's RSA key-pair format: DER RSAPrivateKey, built with BC's ASN.1 from the JDK key. */
    static byte[] rsaPrivate(KeyPair kp) throws Exception {
        RSAPrivateCrtKey k = (RSAPrivateCrtKey) kp.getPrivate();
        return new RSAPrivateKey(k.getModulus(), k.getPublicExponent(), k.getPrivateExponent(), k.getPrimeP(),
                k.getPrimeQ(), k.getPrimeExponentP(), k.getPrimeExponentQ(), k.getCrtCoefficient()).getEncoded("DER");
    }

    static byte[] rsaPublic(PublicKey pub) throws Exception {
        java.security.interfaces.RSAPublicKey k = (java.security.interfaces.RSAPublicKey) pub;
        return new RSAPublicKey(k.getModulus(), k.getPublicExponent()).getEncoded("DER");
    }

    static PublicKey jdkRsaPublic(byte[] der) throws Exception {
        RSAPublicKey k = RSAPublicKey.getInstance(der);
        return KeyFactory.getInstance("RSA")
                .generatePublic(new java.security.spec.RSAPublicKeySpec(k.getModulus(), k.getPublicExponent()));
    }

    /** An Ed25519 or X25519 JDK public key's raw 32 bytes: the last 32 bytes of its X.509 encoding. */
    static byte[] raw25519(PublicKey pub) {
        byte[] x509 = pub.getEncoded();
        return Arrays.copyOfRange(x509, x509.length - 32, x509.length);
    }

    /** A JDK public key (Ed25519 or X25519) from raw 32 bytes, through its fixed X.509 prefix. */
    static PublicKey jdk25519(String alg, byte[] raw) throws Exception {
        byte[] prefix = KeyPairGenerator.getInstance(alg).generateKeyPair().getPublic().getEncoded();
        byte[] x509 = Arrays.copyOf(prefix, prefix.length);
        System.arraycopy(raw, 0, x509, x509.length - 32, 32);
        return KeyFactory.getInstance(alg).generatePublic(new java.security.spec.X509EncodedKeySpec(x509));
    }

    /** The raw 32-byte private key of a JDK Ed25519/X25519 key: the last 32 bytes of its PKCS#8 encoding. */
    static byte[] rawPrivate25519(KeyPair kp) {
        byte[] p8 = kp.getPrivate().getEncoded();
        return Arrays.copyOfRange(p8, p8.length - 32, p8.length);
    }
}
