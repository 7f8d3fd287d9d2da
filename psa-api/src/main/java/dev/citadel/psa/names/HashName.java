package dev.citadel.psa.names;

import dev.citadel.psa.crypto.Algorithm;
import dev.citadel.psa.crypto.CryptoSizes;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * Hash algorithms: PSA ↔ JCA digest name (and aliases) ↔ OID ↔ COSE (RFC 9054) ↔ {@code CKM_*} digest ↔
 * {@code CKG_MGF1_*}. The rows are the hashes some module computes; MD5, RIPEMD-160, SM3 and SHAKE are absent on
 * purpose (the crypto partition answers {@code PSA_ERROR_NOT_SUPPORTED} for them).
 */
public enum HashName {
    SHA_1(Algorithm.SHA_1, "SHA-1", "1.3.14.3.2.26", -14, 0x220, 0x1, "SHA1", "SHA"),
    SHA_224(Algorithm.SHA_224, "SHA-224", "2.16.840.1.101.3.4.2.4", Names.NO_COSE, 0x255, 0x5, "SHA224"),
    SHA_256(Algorithm.SHA_256, "SHA-256", "2.16.840.1.101.3.4.2.1", -16, 0x250, 0x2, "SHA256"),
    SHA_384(Algorithm.SHA_384, "SHA-384", "2.16.840.1.101.3.4.2.2", -43, 0x260, 0x3, "SHA384"),
    SHA_512(Algorithm.SHA_512, "SHA-512", "2.16.840.1.101.3.4.2.3", -44, 0x270, 0x4, "SHA512"),
    // The token offers no mechanism for the rows below, so they carry no PKCS#11 values.
    SHA_512_224(Algorithm.SHA_512_224, "SHA-512/224", "2.16.840.1.101.3.4.2.5",
            Names.NO_COSE, Names.NO_CKM, Names.NO_CKM),
    SHA_512_256(Algorithm.SHA_512_256, "SHA-512/256", "2.16.840.1.101.3.4.2.6", -17, Names.NO_CKM, Names.NO_CKM),
    SHA3_224(Algorithm.SHA3_224, "SHA3-224", "2.16.840.1.101.3.4.2.7", Names.NO_COSE, Names.NO_CKM, Names.NO_CKM),
    SHA3_256(Algorithm.SHA3_256, "SHA3-256", "2.16.840.1.101.3.4.2.8", Names.NO_COSE, Names.NO_CKM, Names.NO_CKM),
    SHA3_384(Algorithm.SHA3_384, "SHA3-384", "2.16.840.1.101.3.4.2.9", Names.NO_COSE, Names.NO_CKM, Names.NO_CKM),
    SHA3_512(Algorithm.SHA3_512, "SHA3-512", "2.16.840.1.101.3.4.2.10", Names.NO_COSE, Names.NO_CKM, Names.NO_CKM);

    private final Algorithm psa;
    private final String jcaName;
    private final List<String> aliases;
    private final String oid;
    private final int cose;
    private final long ckm;
    private final long mgf1;

    HashName(Algorithm psa, String jcaName, String oid, int cose, long ckm, long mgf1, String... aliases) {
        this.psa = psa;
        this.jcaName = jcaName;
        this.oid = oid;
        this.cose = cose;
        this.ckm = ckm;
        this.mgf1 = mgf1;
        this.aliases = List.of(aliases);
    }

    /** The PSA hash algorithm, {@code PSA_ALG_SHA_256} and so on. */
    public Algorithm psa() {
        return psa;
    }

    /** The JCA standard name of the {@code MessageDigest}: {@code SHA-256}. */
    public String jcaName() {
        return jcaName;
    }

    /** The JCA name of the HMAC over this hash ({@code HmacSHA256}, {@code HmacSHA3-256}), as the JDK derives it. */
    public String hmacJcaName() {
        return "Hmac" + jcaName.replace("SHA-", "SHA");
    }

    /** The dotted OID of the digest (NIST CSOR; SHA-1 from OIW). */
    public String oid() {
        return oid;
    }

    /** {@code PSA_HASH_LENGTH}: the digest length in bytes. */
    public int length() {
        return CryptoSizes.hashLength(psa);
    }

    /** The COSE hash algorithm identifier (RFC 9054), where one is assigned. */
    public OptionalInt cose() {
        return cose == Names.NO_COSE ? OptionalInt.empty() : OptionalInt.of(cose);
    }

    /** The {@code CKM_*} digest mechanism, for the hashes the PKCS#11 token names. */
    public OptionalLong ckm() {
        return ckm == Names.NO_CKM ? OptionalLong.empty() : OptionalLong.of(ckm);
    }

    /** The {@code CKG_MGF1_*} mask generation function over this hash, for the hashes the PKCS#11 token names. */
    public OptionalLong mgf1() {
        return mgf1 == Names.NO_CKM ? OptionalLong.empty() : OptionalLong.of(mgf1);
    }

    /** By JCA name or alias ({@code SHA-256}, {@code SHA256}), any case. */
    public static Optional<HashName> byName(String name) {
        return Names.find(HashName.class, h -> Names.matches(name, h.jcaName, h.aliases));
    }

    /** By dotted OID. */
    public static Optional<HashName> byOid(String oid) {
        return Names.find(HashName.class, h -> h.oid.equals(oid));
    }

    public static Optional<HashName> byPsa(Algorithm psa) {
        return Names.find(HashName.class, h -> h.psa.equals(psa));
    }

    public static Optional<HashName> byCose(long cose) {
        return Names.find(HashName.class, h -> h.cose != Names.NO_COSE && h.cose == cose);
    }

    public static Optional<HashName> byCkm(long ckm) {
        return Names.find(HashName.class, h -> h.ckm != Names.NO_CKM && h.ckm == ckm);
    }

    public static Optional<HashName> byMgf1(long mgf1) {
        return Names.find(HashName.class, h -> h.mgf1 != Names.NO_CKM && h.mgf1 == mgf1);
    }
}
