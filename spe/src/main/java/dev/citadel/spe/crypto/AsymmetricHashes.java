package dev.citadel.spe.crypto;

import dev.citadel.psa.crypto.Algorithm;
import java.io.IOException;
import java.util.Map;
import java.util.function.Supplier;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.DigestInfo;
import org.bouncycastle.crypto.Digest;
import org.bouncycastle.crypto.digests.SHA1Digest;
import org.bouncycastle.crypto.digests.SHA224Digest;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.digests.SHA384Digest;
import org.bouncycastle.crypto.digests.SHA512Digest;

/**
 * The one table of the hashes that asymmetric schemes use inside their padding or nonce generation (RFC 6979's
 * HMAC-DRBG, PSS and OAEP's MGF1, PKCS#1 v1.5's {@code DigestInfo}): PSA hash → Bouncy Castle digest and OID. Message
 * hashing itself goes through {@link HashAlgorithms} (the JDK's faster digests). A hash absent here is
 * {@code PSA_ERROR_NOT_SUPPORTED} for these schemes.
 */
final class AsymmetricHashes {
    private AsymmetricHashes() {}

    /** id-sha1 (1.3.14.3.2.26), from OIW. */
    private static final ASN1ObjectIdentifier ID_SHA1 = new ASN1ObjectIdentifier("1.3.14.3.2.26");

    private static final class Entry {
        final Supplier<Digest> digest;
        final ASN1ObjectIdentifier oid;

        Entry(Supplier<Digest> digest, ASN1ObjectIdentifier oid) {
            this.digest = digest;
            this.oid = oid;
        }
    }

    private static final Map<Algorithm, Entry> TABLE = Map.of(
            Algorithm.SHA_1, new Entry(SHA1Digest::new, ID_SHA1),
            Algorithm.SHA_224, new Entry(SHA224Digest::new, NISTObjectIdentifiers.id_sha224),
            Algorithm.SHA_256, new Entry(SHA256Digest::new, NISTObjectIdentifiers.id_sha256),
            Algorithm.SHA_384, new Entry(SHA384Digest::new, NISTObjectIdentifiers.id_sha384),
            Algorithm.SHA_512, new Entry(SHA512Digest::new, NISTObjectIdentifiers.id_sha512));

    static boolean isSupported(Algorithm hash) {
        return TABLE.containsKey(hash);
    }

    /** A fresh digest for a supported hash. */
    static Digest digest(Algorithm hash) {
        return entry(hash).digest.get();
    }

    /** The DER {@code DigestInfo} of PKCS#1 v1.5 signatures (RFC 8017 §9.2) for {@code hashValue}. */
    static byte[] digestInfo(Algorithm hash, byte[] hashValue) {
        try {
            return new DigestInfo(new AlgorithmIdentifier(entry(hash).oid, DERNull.INSTANCE), hashValue)
                    .getEncoded(ASN1Encoding.DER);
        } catch (IOException e) {
            throw new IllegalStateException("DER encoding in memory cannot fail", e);
        }
    }

    private static Entry entry(Algorithm hash) {
        Entry e = TABLE.get(hash);
        if (e == null) {
            throw new IllegalArgumentException("not a supported hash: " + hash);
        }
        return e;
    }
}
