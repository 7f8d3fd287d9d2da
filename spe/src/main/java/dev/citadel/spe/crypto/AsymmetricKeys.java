package dev.citadel.spe.crypto;

import dev.citadel.psa.PsaStatus;
import dev.citadel.psa.crypto.EccFamily;
import dev.citadel.psa.crypto.KeyType;
import java.io.IOException;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.pkcs.RSAPrivateKey;
import org.bouncycastle.asn1.pkcs.RSAPublicKey;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.generators.RSAKeyPairGenerator;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.params.RSAKeyGenerationParameters;
import org.bouncycastle.crypto.params.RSAKeyParameters;
import org.bouncycastle.crypto.params.RSAPrivateCrtKeyParameters;
import org.bouncycastle.crypto.params.X25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.X25519PublicKeyParameters;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.math.ec.rfc7748.X25519;
import org.bouncycastle.util.BigIntegers;

/**
 * ECC and RSA keys in the formats of {@code psa_export_key} / {@code psa_import_key} (PSA Crypto API 1.2 §9.6):
 * checking imported material, generating keys, deriving the public part, and parsing material into an
 * {@link AsymmetricKey} (cached in the key's slot).
 *
 * <ul>
 *   <li>Weierstrass key pair: the big-endian private scalar, {@code ceil(bits/8)} bytes, in 1..n-1; public key: the
 *       uncompressed point {@code 0x04 || X || Y}, on the curve.
 *   <li>X25519 and Ed25519: 32 raw bytes; an X25519 private key is stored clamped (RFC 7748), as Mbed TLS reads it.
 *   <li>RSA key pair: DER {@code RSAPrivateKey} (PKCS#1, version 0); public key: DER {@code RSAPublicKey}. Both are
 *       stored re-encoded in DER, as Mbed TLS re-exports what it parsed.
 * </ul>
 */
final class AsymmetricKeys {
    private AsymmetricKeys() {}

    /** {@code PSA_VENDOR_RSA_MAX_KEY_BITS}. */
    static final int RSA_MAX_BITS = 4096;
    /** {@code MBEDTLS_RSA_GEN_KEY_MIN_BITS}; also the smallest RSA key this partition imports. */
    static final int RSA_MIN_BITS = 1024;
    private static final BigInteger RSA_EXPONENT = BigInteger.valueOf(65537);
    /** Miller-Rabin certainty for generated primes: error below 2^-128. */
    private static final int RSA_CERTAINTY = 128;

    private static final Outcome NOT_SUPPORTED = Outcome.fail(PsaStatus.NOT_SUPPORTED);
    private static final Outcome INVALID_ARGUMENT = Outcome.fail(PsaStatus.INVALID_ARGUMENT);

    /** Whether this partition holds keys of {@code type} at some size. */
    static boolean isSupported(KeyType type) {
        if (type.isRsa()) {
            return true;
        }
        Optional<EccFamily> family = type.eccFamily();
        return family.isPresent() && Arrays.stream(EccCurve.values()).anyMatch(c -> c.family == family.get());
    }

    /**
     * Checks {@code data} as an imported key of {@code type} (an asymmetric type), in Mbed TLS's order: the size
     * (given {@code bits}, or inferred from the data when 0; {@code INVALID_ARGUMENT} if they disagree,
     * {@code NOT_SUPPORTED} for a curve or size this partition lacks), then the content ({@code INVALID_ARGUMENT}).
     *
     * @return the material to store (export format) and the key's size in bits
     */
    static Outcome importKey(KeyType type, int bits, byte[] data) {
        if (type.isRsa()) {
            return type.isKeyPair() ? importRsaPair(bits, data) : importRsaPublic(bits, data);
        }
        Optional<EccFamily> family = type.eccFamily();
        if (family.isEmpty() || !type.isEcc()) {
            return NOT_SUPPORTED;
        }
        boolean weierstrassPublic = type.isPublicKey() && family.get().shape() == EccFamily.Shape.WEIERSTRASS;
        int curveBytes = data.length;
        if (weierstrassPublic) {
            if ((data.length & 1) == 0) {
                return INVALID_ARGUMENT; // 0x04 || X || Y is always odd
            }
            curveBytes = data.length / 2;
        }
        Optional<EccCurve> curve;
        if (bits != 0) {
            if (curveBytes != (bits + 7) / 8) {
                return INVALID_ARGUMENT;
            }
            curve = EccCurve.of(family.get(), bits);
        } else {
            curve = EccCurve.ofBytes(family.get(), curveBytes);
        }
        if (curve.isEmpty()) {
            return NOT_SUPPORTED;
        }
        EccCurve c = curve.get();
        byte[] material = data.clone();
        try {
            if (type.isKeyPair()) {
                if (c == EccCurve.CURVE25519) {
                    X25519.clampPrivateKey(material);
                } else if (c.isWeierstrass()) {
                    BigInteger d = new BigInteger(1, material);
                    if (d.signum() == 0 || d.compareTo(c.domain.getN()) >= 0) {
                        Arrays.fill(material, (byte) 0);
                        return INVALID_ARGUMENT;
                    }
                }
            } else if (c.isWeierstrass()) {
                decodeUncompressed(c, material); // throws if not a valid point
            } else if (c == EccCurve.EDWARDS25519) {
                new Ed25519PublicKeyParameters(material); // checks the encoding decodes to a curve point
            }
            // any 32 bytes are an X25519 public key (RFC 7748 masks the top bit)
        } catch (IllegalArgumentException invalid) {
            return INVALID_ARGUMENT;
        }
        return Outcome.key(material, c.bits);
    }

    /**
     * {@code psa_generate_key} for an asymmetric key pair type, given a non-zero size: {@code NOT_SUPPORTED} for a
     * curve or RSA size above {@value #RSA_MAX_BITS} or not in whole bytes; {@code INVALID_ARGUMENT} for RSA below
     * {@value #RSA_MIN_BITS} bits.
     */
    static Outcome generate(KeyType type, int bits, SecureRandom random) {
        if (type.isRsa()) {
            if (bits > RSA_MAX_BITS || bits % 8 != 0) {
                return NOT_SUPPORTED;
            }
            if (bits < RSA_MIN_BITS) {
                return INVALID_ARGUMENT;
            }
            RSAKeyPairGenerator g = new RSAKeyPairGenerator();
            g.init(new RSAKeyGenerationParameters(RSA_EXPONENT, random, bits, RSA_CERTAINTY));
            AsymmetricCipherKeyPair pair = g.generateKeyPair();
            return Outcome.key(encodeRsaPrivate((RSAPrivateCrtKeyParameters) pair.getPrivate()), bits);
        }
        Optional<EccCurve> curve = type.eccFamily().flatMap(f -> EccCurve.of(f, bits));
        if (curve.isEmpty()) {
            return NOT_SUPPORTED;
        }
        EccCurve c = curve.get();
        byte[] material = new byte[c.bytes()];
        if (c.isWeierstrass()) {
            BigInteger n = c.domain.getN();
            BigInteger d = BigIntegers.createRandomInRange(BigInteger.ONE, n.subtract(BigInteger.ONE), random);
            BigIntegers.asUnsignedByteArray(d, material, 0, material.length);
        } else {
            random.nextBytes(material);
            if (c == EccCurve.CURVE25519) {
                X25519.clampPrivateKey(material);
            }
        }
        return Outcome.key(material, c.bits);
    }

    /**
     * The parsed form of {@code slot}'s key, from its cache or parsed now and cached; {@code null} if the key was
     * destroyed meanwhile.
     */
    static AsymmetricKey of(KeySlot slot) {
        AsymmetricKey cached = slot.parsed();
        if (cached != null) {
            return cached;
        }
        byte[] material;
        try {
            material = slot.material.copy();
        } catch (IllegalStateException destroyed) {
            return null;
        }
        try {
            AsymmetricKey parsed = parse(slot.attributes.type(), slot.attributes.bits(), material);
            slot.cacheParsed(parsed);
            return slot.parsed();
        } finally {
            Arrays.fill(material, (byte) 0);
        }
    }

    /** Parses material that {@link #importKey} or {@link #generate} produced. */
    static AsymmetricKey parse(KeyType type, int bits, byte[] material) {
        if (type.isRsa()) {
            return type.isKeyPair() ? parseRsaPair(material) : parseRsaPublic(material);
        }
        EccCurve c = type.eccFamily().flatMap(f -> EccCurve.of(f, bits))
                .orElseThrow(() -> new IllegalStateException("stored key of an unsupported curve: " + type));
        boolean pair = type.isKeyPair();
        switch (c) {
            case CURVE25519: {
                if (!pair) {
                    return new AsymmetricKey(c, null, new X25519PublicKeyParameters(material), material.clone(), 0);
                }
                X25519PrivateKeyParameters k = new X25519PrivateKeyParameters(material);
                X25519PublicKeyParameters pub = k.generatePublicKey();
                return new AsymmetricKey(c, k, pub, pub.getEncoded(), 0);
            }
            case EDWARDS25519: {
                if (!pair) {
                    return new AsymmetricKey(c, null, new Ed25519PublicKeyParameters(material), material.clone(), 0);
                }
                Ed25519PrivateKeyParameters k = new Ed25519PrivateKeyParameters(material);
                Ed25519PublicKeyParameters pub = k.generatePublicKey();
                return new AsymmetricKey(c, k, pub, pub.getEncoded(), 0);
            }
            default: {
                if (!pair) {
                    ECPoint q = decodeUncompressed(c, material);
                    return new AsymmetricKey(c, null, new ECPublicKeyParameters(q, c.domain), material.clone(), 0);
                }
                BigInteger d = new BigInteger(1, material);
                ECPrivateKeyParameters k = new ECPrivateKeyParameters(d, c.domain);
                ECPoint q = c.domain.getG().multiply(d).normalize();
                return new AsymmetricKey(c, k, new ECPublicKeyParameters(q, c.domain), q.getEncoded(false), 0);
            }
        }
    }

    /**
     * The point {@code 0x04 || X || Y} of {@code curve}, exactly {@code 1 + 2 * bytes} long, on the curve and not
     * the identity.
     *
     * @throws IllegalArgumentException otherwise
     */
    static ECPoint decodeUncompressed(EccCurve curve, byte[] encoded) {
        if (encoded.length != 1 + 2 * curve.bytes() || encoded[0] != 0x04) {
            throw new IllegalArgumentException("not an uncompressed point of " + curve);
        }
        ECPoint q = curve.domain.getCurve().decodePoint(encoded); // checks the coordinates and the curve equation
        return curve.domain.validatePublicPoint(q);
    }

    // RSA ------------------------------------------------------------------------------------------------------------

    /** The DER of {@code der} as one ASN.1 object, nothing after it. */
    private static ASN1Primitive der(byte[] der) throws IOException {
        return ASN1Primitive.fromByteArray(der);
    }

    private static Outcome importRsaPair(int bits, byte[] data) {
        RSAPrivateKey k;
        try {
            k = RSAPrivateKey.getInstance(der(data));
        } catch (IOException | RuntimeException malformed) {
            return INVALID_ARGUMENT;
        }
        BigInteger n = k.getModulus();
        BigInteger e = k.getPublicExponent();
        if (k.getVersion().signum() != 0 || !isPlausiblePublic(n, e)) {
            return INVALID_ARGUMENT;
        }
        BigInteger p = k.getPrime1();
        BigInteger q = k.getPrime2();
        BigInteger d = k.getPrivateExponent();
        if (p.signum() <= 0 || q.signum() <= 0 || d.signum() <= 0 || d.compareTo(n) >= 0 || !p.multiply(q).equals(n)
                || k.getExponent1().signum() <= 0 || k.getExponent2().signum() <= 0
                || k.getCoefficient().signum() <= 0) {
            return INVALID_ARGUMENT;
        }
        Outcome size = checkRsaSize(bits, n);
        if (size != null) {
            return size;
        }
        RSAPrivateCrtKeyParameters params = new RSAPrivateCrtKeyParameters(n, e, d, p, q, k.getExponent1(),
                k.getExponent2(), k.getCoefficient());
        return checkedRsa(KeyType.RSA_KEY_PAIR, encodeRsaPrivate(params), n.bitLength());
    }

    private static Outcome importRsaPublic(int bits, byte[] data) {
        RSAPublicKey k;
        try {
            k = RSAPublicKey.getInstance(der(data));
        } catch (IOException | RuntimeException malformed) {
            return INVALID_ARGUMENT;
        }
        BigInteger n = k.getModulus();
        BigInteger e = k.getPublicExponent();
        if (!isPlausiblePublic(n, e)) {
            return INVALID_ARGUMENT;
        }
        Outcome size = checkRsaSize(bits, n);
        if (size != null) {
            return size;
        }
        return checkedRsa(KeyType.RSA_PUBLIC_KEY, encodeRsaPublic(n, e), n.bitLength());
    }

    /** The material, once Bouncy Castle's own modulus checks (no small factor, not prime) accept it. */
    private static Outcome checkedRsa(KeyType type, byte[] material, int bits) {
        try {
            parse(type, bits, material);
        } catch (IllegalArgumentException rejected) {
            Arrays.fill(material, (byte) 0);
            return INVALID_ARGUMENT;
        }
        return Outcome.key(material, bits);
    }

    /** Mbed TLS's {@code mbedtls_rsa_check_pubkey}: odd n, odd e with 3 <= e < n. */
    private static boolean isPlausiblePublic(BigInteger n, BigInteger e) {
        return n.signum() > 0 && n.testBit(0) && e.testBit(0) && e.bitLength() >= 2 && e.compareTo(n) < 0;
    }

    /** Null when the modulus has a supported size equal to {@code bits} (if given), else the refusal. */
    private static Outcome checkRsaSize(int bits, BigInteger n) {
        int actual = n.bitLength();
        if (actual % 8 != 0 || actual > RSA_MAX_BITS || actual < RSA_MIN_BITS) {
            return NOT_SUPPORTED;
        }
        return bits != 0 && bits != actual ? INVALID_ARGUMENT : null;
    }

    private static byte[] encodeRsaPrivate(RSAPrivateCrtKeyParameters k) {
        try {
            return new RSAPrivateKey(k.getModulus(), k.getPublicExponent(), k.getExponent(), k.getP(), k.getQ(),
                    k.getDP(), k.getDQ(), k.getQInv()).getEncoded(ASN1Encoding.DER);
        } catch (IOException e) {
            throw new IllegalStateException("DER encoding in memory cannot fail", e);
        }
    }

    static byte[] encodeRsaPublic(BigInteger n, BigInteger e) {
        try {
            return new RSAPublicKey(n, e).getEncoded(ASN1Encoding.DER);
        } catch (IOException ex) {
            throw new IllegalStateException("DER encoding in memory cannot fail", ex);
        }
    }

    private static AsymmetricKey parseRsaPair(byte[] material) {
        RSAPrivateKey k = RSAPrivateKey.getInstance(material);
        RSAPrivateCrtKeyParameters priv = new RSAPrivateCrtKeyParameters(k.getModulus(), k.getPublicExponent(),
                k.getPrivateExponent(), k.getPrime1(), k.getPrime2(), k.getExponent1(), k.getExponent2(),
                k.getCoefficient());
        RSAKeyParameters pub = new RSAKeyParameters(false, k.getModulus(), k.getPublicExponent());
        return new AsymmetricKey(null, priv, pub, encodeRsaPublic(k.getModulus(), k.getPublicExponent()),
                (k.getModulus().bitLength() + 7) / 8);
    }

    private static AsymmetricKey parseRsaPublic(byte[] material) {
        RSAPublicKey k = RSAPublicKey.getInstance(material);
        RSAKeyParameters pub = new RSAKeyParameters(false, k.getModulus(), k.getPublicExponent());
        return new AsymmetricKey(null, null, pub, material.clone(), (k.getModulus().bitLength() + 7) / 8);
    }
}
