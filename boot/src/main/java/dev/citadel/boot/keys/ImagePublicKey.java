package dev.citadel.boot.keys;

import dev.citadel.boot.image.HashAlgorithm;
import java.io.IOException;
import java.math.BigInteger;
import java.security.MessageDigest;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1InputStream;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.pkcs.RSAPublicKey;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.engines.RSABlindedEngine;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.params.ECNamedDomainParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.params.RSAKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.Ed25519Signer;
import org.bouncycastle.crypto.signers.PSSSigner;
import org.bouncycastle.crypto.util.PublicKeyFactory;
import org.bouncycastle.crypto.util.SubjectPublicKeyInfoFactory;

/**
 * A public key that signs MCUboot images. Its <em>raw bytes</em> are what imgtool embeds (PUBKEY), hashes
 * (KEYHASH) and prints ({@code getpub -e raw}): DER SubjectPublicKeyInfo for ECDSA and Ed25519, DER PKCS#1
 * RSAPublicKey for RSA.
 */
public final class ImagePublicKey implements ImageKey {
    /** RSA-PSS salt length MCUboot requires. */
    static final int PSS_SALT = 32;

    private final KeyType type;
    private final AsymmetricKeyParameter params;
    private final byte[] raw;
    private final byte[] spki;

    private ImagePublicKey(KeyType type, AsymmetricKeyParameter params, byte[] raw, byte[] spki) {
        this.type = type;
        this.params = params;
        this.raw = raw;
        this.spki = spki;
    }

    static ImagePublicKey of(AsymmetricKeyParameter p) throws KeyFormatException {
        KeyType t = typeOf(p);
        try {
            byte[] spki = SubjectPublicKeyInfoFactory.createSubjectPublicKeyInfo(p).getEncoded(ASN1Encoding.DER);
            byte[] raw = spki;
            if (p instanceof RSAKeyParameters r) {
                raw = new RSAPublicKey(r.getModulus(), r.getExponent()).getEncoded(ASN1Encoding.DER);
            }
            return new ImagePublicKey(t, p, raw, spki);
        } catch (IOException e) {
            throw new KeyFormatException("cannot encode the public key: " + e.getMessage());
        }
    }

    private static KeyType typeOf(AsymmetricKeyParameter p) throws KeyFormatException {
        if (p.isPrivate()) {
            throw new IllegalArgumentException("not a public key");
        }
        if (p instanceof Ed25519PublicKeyParameters) {
            return KeyType.ED25519;
        }
        if (p instanceof ECPublicKeyParameters ec) {
            if (ec.getParameters() instanceof ECNamedDomainParameters n) {
                if (n.getName().equals(SECObjectIdentifiers.secp256r1)) {
                    return KeyType.ECDSA_P256;
                }
                if (n.getName().equals(SECObjectIdentifiers.secp384r1)) {
                    return KeyType.ECDSA_P384;
                }
                throw new KeyFormatException("unsupported EC curve " + n.getName() + " (P-256 and P-384 only)");
            }
            throw new KeyFormatException("EC keys must name their curve (P-256 or P-384)");
        }
        if (p instanceof RSAKeyParameters r) {
            int bits = r.getModulus().bitLength();
            if (bits == 2048) {
                return KeyType.RSA_2048;
            }
            if (bits == 3072) {
                return KeyType.RSA_3072;
            }
            throw new KeyFormatException("unsupported RSA key size " + bits + " (2048 and 3072 only)");
        }
        throw new KeyFormatException("unsupported key algorithm " + p.getClass().getSimpleName());
    }

    /** Reads a DER SubjectPublicKeyInfo (the content of a {@code PUBLIC KEY} PEM block). */
    public static ImagePublicKey fromSpki(byte[] der) throws KeyFormatException {
        try {
            return of(PublicKeyFactory.createKey(SubjectPublicKeyInfo.getInstance(strictDer(der))));
        } catch (IOException | RuntimeException e) {
            throw new KeyFormatException("not a supported public key: " + e.getMessage());
        }
    }

    /**
     * Reads imgtool's raw form, as a PUBKEY TLV carries it: SubjectPublicKeyInfo for ECDSA and Ed25519, PKCS#1
     * for RSA. Anything else (an RSA key as SubjectPublicKeyInfo, trailing bytes) is refused.
     */
    public static ImagePublicKey fromRaw(byte[] raw) throws KeyFormatException {
        ASN1Primitive p;
        try {
            p = strictDer(raw);
        } catch (IOException | RuntimeException e) {
            throw new KeyFormatException("public key is not DER: " + e.getMessage());
        }
        if (p instanceof ASN1Sequence s && s.size() == 2 && s.getObjectAt(0) instanceof ASN1Integer) {
            try {
                RSAPublicKey k = RSAPublicKey.getInstance(s);
                return of(new RSAKeyParameters(false, k.getModulus(), k.getPublicExponent()));
            } catch (RuntimeException e) {
                throw new KeyFormatException("not an RSA public key: " + e.getMessage());
            }
        }
        ImagePublicKey k = fromSpki(raw);
        if (k.params instanceof RSAKeyParameters) {
            throw new KeyFormatException("RSA keys are embedded as PKCS#1 RSAPublicKey, not SubjectPublicKeyInfo");
        }
        return k;
    }

    /** Parses exactly one DER object, with nothing after it. */
    private static ASN1Primitive strictDer(byte[] der) throws IOException {
        try (ASN1InputStream in = new ASN1InputStream(der)) {
            ASN1Primitive p = in.readObject();
            if (p == null || in.readObject() != null) {
                throw new IOException("expected exactly one DER object");
            }
            if (!java.util.Arrays.equals(p.getEncoded(ASN1Encoding.DER), der)) {
                throw new IOException("not in canonical DER");
            }
            return p;
        }
    }

    @Override
    public KeyType type() {
        return type;
    }

    @Override
    public ImagePublicKey publicKey() {
        return this;
    }

    AsymmetricKeyParameter params() {
        return params;
    }

    /** imgtool's public bytes: what PUBKEY holds and KEYHASH hashes. */
    public byte[] raw() {
        return raw.clone();
    }

    /** DER SubjectPublicKeyInfo, the content of the {@code PUBLIC KEY} PEM imgtool writes for every type. */
    public byte[] spki() {
        return spki.clone();
    }

    /** The key hash as a KEYHASH TLV carries it. */
    public byte[] hash(HashAlgorithm h) {
        return h.digest(raw);
    }

    /** Whether this key's hash under {@code h} equals {@code expected}, compared in constant time. */
    public boolean hashMatches(HashAlgorithm h, byte[] expected) {
        return MessageDigest.isEqual(hash(h), expected);
    }

    /**
     * Verifies an image signature over {@code digest}, the image hash: ECDSA (DER, over the digest), Ed25519 (the
     * digest is the message) or RSA-PSS (MGF1 SHA-256, salt 32, over the digest). Returns false for a malformed
     * signature; never throws for bad input.
     */
    public boolean verify(byte[] digest, byte[] signature) {
        switch (type) {
            case ED25519 -> {
                if (signature.length != 64) {
                    return false;
                }
                Ed25519Signer s = new Ed25519Signer();
                s.init(false, params);
                s.update(digest, 0, digest.length);
                return s.verifySignature(signature);
            }
            case RSA_2048, RSA_3072 -> {
                if (signature.length != type.signatureTlv().fixedLength()) {
                    return false;
                }
                PSSSigner s = PSSSigner.createRawSigner(new RSABlindedEngine(), new SHA256Digest(),
                        new SHA256Digest(), PSS_SALT, PSSSigner.TRAILER_IMPLICIT);
                s.init(false, params);
                s.update(digest, 0, digest.length);
                return s.verifySignature(signature);
            }
            default -> {
                BigInteger[] rs = EcdsaDer.decode(signature);
                if (rs == null) {
                    return false;
                }
                ECDSASigner s = new ECDSASigner();
                s.init(false, params);
                return s.verifySignature(digest, rs[0], rs[1]);
            }
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ImagePublicKey k && MessageDigest.isEqual(k.raw, raw);
    }

    @Override
    public int hashCode() {
        return java.util.Arrays.hashCode(raw);
    }

    @Override
    public String toString() {
        return type.imgtoolName() + " public key";
    }
}
