package dev.citadel.boot.keys;

import dev.citadel.boot.image.HashAlgorithm;
import dev.citadel.psa.names.CurveName;
import java.io.IOException;
import java.math.BigInteger;
import java.security.SecureRandom;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.CryptoException;
import org.bouncycastle.crypto.Digest;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.digests.SHA384Digest;
import org.bouncycastle.crypto.engines.RSABlindedEngine;
import org.bouncycastle.crypto.generators.ECKeyPairGenerator;
import org.bouncycastle.crypto.generators.Ed25519KeyPairGenerator;
import org.bouncycastle.crypto.generators.RSAKeyPairGenerator;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.params.ECKeyGenerationParameters;
import org.bouncycastle.crypto.params.ECNamedDomainParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.params.Ed25519KeyGenerationParameters;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.ParametersWithRandom;
import org.bouncycastle.crypto.params.RSAKeyGenerationParameters;
import org.bouncycastle.crypto.params.RSAKeyParameters;
import org.bouncycastle.crypto.params.RSAPrivateCrtKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.Ed25519Signer;
import org.bouncycastle.crypto.signers.HMacDSAKCalculator;
import org.bouncycastle.crypto.signers.PSSSigner;
import org.bouncycastle.crypto.util.PrivateKeyInfoFactory;
import org.bouncycastle.math.ec.FixedPointCombMultiplier;

/** A key pair that signs MCUboot images the way imgtool does. */
public final class ImageSigningKey implements ImageKey {
    /** RFC 8410's id-Ed25519. */
    private static final ASN1ObjectIdentifier ID_ED25519 = new ASN1ObjectIdentifier(CurveName.ED25519.oid());

    private final AsymmetricKeyParameter priv;
    private final ImagePublicKey pub;

    private ImageSigningKey(AsymmetricKeyParameter priv, ImagePublicKey pub) {
        this.priv = priv;
        this.pub = pub;
    }

    /** Wraps a private key read from PKCS#8, deriving its public half. */
    static ImageSigningKey of(AsymmetricKeyParameter priv) throws KeyFormatException {
        if (priv instanceof Ed25519PrivateKeyParameters ed) {
            return new ImageSigningKey(priv, ImagePublicKey.of(ed.generatePublicKey()));
        }
        if (priv instanceof ECPrivateKeyParameters ec) {
            ECPublicKeyParameters q = new ECPublicKeyParameters(
                    new FixedPointCombMultiplier().multiply(ec.getParameters().getG(), ec.getD()).normalize(),
                    ec.getParameters());
            return new ImageSigningKey(priv, ImagePublicKey.of(q));
        }
        if (priv instanceof RSAPrivateCrtKeyParameters rsa) {
            return new ImageSigningKey(priv,
                    ImagePublicKey.of(new RSAKeyParameters(false, rsa.getModulus(), rsa.getPublicExponent())));
        }
        throw new KeyFormatException("unsupported private key algorithm " + priv.getClass().getSimpleName());
    }

    /** {@code imgtool keygen -t TYPE}. RSA keys have exponent 65537. */
    public static ImageSigningKey generate(KeyType type, SecureRandom random) {
        AsymmetricCipherKeyPair kp = switch (type) {
            case ED25519 -> {
                Ed25519KeyPairGenerator g = new Ed25519KeyPairGenerator();
                g.init(new Ed25519KeyGenerationParameters(random));
                yield g.generateKeyPair();
            }
            case ECDSA_P256, ECDSA_P384 -> {
                ASN1ObjectIdentifier curve = type == KeyType.ECDSA_P256
                        ? SECObjectIdentifiers.secp256r1 : SECObjectIdentifiers.secp384r1;
                ECKeyPairGenerator g = new ECKeyPairGenerator();
                g.init(new ECKeyGenerationParameters(ECNamedDomainParameters.lookup(curve), random));
                yield g.generateKeyPair();
            }
            case RSA_2048, RSA_3072 -> {
                RSAKeyPairGenerator g = new RSAKeyPairGenerator();
                g.init(new RSAKeyGenerationParameters(BigInteger.valueOf(65537), random,
                        type == KeyType.RSA_2048 ? 2048 : 3072, 128));
                yield g.generateKeyPair();
            }
        };
        try {
            return of(kp.getPrivate());
        } catch (KeyFormatException e) {
            throw new IllegalStateException("a generated key is always supported", e);
        }
    }

    @Override
    public KeyType type() {
        return pub.type();
    }

    @Override
    public ImagePublicKey publicKey() {
        return pub;
    }

    /**
     * DER PKCS#8 PrivateKeyInfo. Ed25519 keys are written as version 1 (no public key), the form OpenSSL writes:
     * the OpenSSL 3.0 behind imgtool's Python refuses Bouncy Castle's version 2.
     */
    public byte[] pkcs8() {
        try {
            if (priv instanceof Ed25519PrivateKeyParameters ed) {
                return new PrivateKeyInfo(new AlgorithmIdentifier(ID_ED25519),
                        new DEROctetString(ed.getEncoded())).getEncoded(ASN1Encoding.DER);
            }
            return PrivateKeyInfoFactory.createPrivateKeyInfo(priv).getEncoded(ASN1Encoding.DER);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Signs an image hash as imgtool does: ECDSA over the digest (DER; k from RFC 6979, so Citadel's signatures
     * are reproducible), Ed25519 with the digest as message, RSA-PSS (MGF1 SHA-256, salt 32) over the digest.
     *
     * @param random salt for RSA-PSS; unused otherwise
     */
    public byte[] sign(byte[] digest, SecureRandom random) {
        try {
            switch (type()) {
                case ED25519 -> {
                    Ed25519Signer s = new Ed25519Signer();
                    s.init(true, priv);
                    s.update(digest, 0, digest.length);
                    return s.generateSignature();
                }
                case RSA_2048, RSA_3072 -> {
                    PSSSigner s = PSSSigner.createRawSigner(new RSABlindedEngine(), new SHA256Digest(),
                            new SHA256Digest(), ImagePublicKey.PSS_SALT, PSSSigner.TRAILER_IMPLICIT);
                    s.init(true, new ParametersWithRandom(priv, random));
                    s.update(digest, 0, digest.length);
                    return s.generateSignature();
                }
                default -> {
                    Digest kDigest = type() == KeyType.ECDSA_P384 ? new SHA384Digest() : new SHA256Digest();
                    ECDSASigner s = new ECDSASigner(new HMacDSAKCalculator(kDigest));
                    s.init(true, priv);
                    BigInteger[] rs = s.generateSignature(digest);
                    return EcdsaDer.encode(rs[0], rs[1]);
                }
            }
        } catch (CryptoException e) {
            throw new IllegalStateException("signing failed: " + e.getMessage(), e);
        }
    }

    /** Whether {@code h} may hash images this key signs. */
    public boolean allows(HashAlgorithm h) {
        return type().allows(h);
    }

    @Override
    public String toString() {
        return type().imgtoolName() + " private key";
    }
}
