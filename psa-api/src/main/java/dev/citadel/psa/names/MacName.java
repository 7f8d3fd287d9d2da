package dev.citadel.psa.names;

import dev.citadel.psa.crypto.Algorithm;
import java.util.Optional;

/** HMACs: PSA algorithm ↔ JCA {@code Mac} name and OID ↔ COSE {@code alg} (RFC 9053 §3.1) ↔ {@code CKM_*_HMAC}. */
public enum MacName {
    HMAC_SHA256(HashName.SHA_256, "1.2.840.113549.2.9", 5, 0x251),
    HMAC_SHA384(HashName.SHA_384, "1.2.840.113549.2.10", 6, 0x261),
    HMAC_SHA512(HashName.SHA_512, "1.2.840.113549.2.11", 7, 0x271);

    private final HashName hash;
    private final String oid;
    private final int cose;
    private final long ckm;

    MacName(HashName hash, String oid, int cose, long ckm) {
        this.hash = hash;
        this.oid = oid;
        this.cose = cose;
        this.ckm = ckm;
    }

    public HashName hash() {
        return hash;
    }

    /** {@code PSA_ALG_HMAC(hash)}. */
    public Algorithm psa() {
        return Algorithm.hmac(hash.psa());
    }

    /** The JCA {@code Mac} standard name: {@code HmacSHA256}. */
    public String jcaName() {
        return hash.hmacJcaName();
    }

    /** The dotted OID (RFC 8018 §B.1.2). */
    public String oid() {
        return oid;
    }

    /** The COSE {@code alg} of the untruncated HMAC: HMAC 256/256 is 5, and so on. */
    public int cose() {
        return cose;
    }

    /** The {@code CKM_SHA*_HMAC} mechanism. */
    public long ckm() {
        return ckm;
    }

    /** The tag length in bytes: the hash's length. */
    public int length() {
        return hash.length();
    }

    public static Optional<MacName> byHash(HashName hash) {
        return Names.find(MacName.class, m -> m.hash == hash);
    }

    public static Optional<MacName> byCose(long cose) {
        return Names.find(MacName.class, m -> m.cose == cose);
    }

    public static Optional<MacName> byCkm(long ckm) {
        return Names.find(MacName.class, m -> m.ckm == ckm);
    }
}
