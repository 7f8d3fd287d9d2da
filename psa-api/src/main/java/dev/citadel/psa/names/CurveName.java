package dev.citadel.psa.names;

import dev.citadel.psa.crypto.EccFamily;
import dev.citadel.psa.crypto.KeyType;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Elliptic curves: PSA family and size ↔ JCA name (and aliases) ↔ OID, dotted and DER (the {@code CKA_EC_PARAMS}
 * form) ↔ COSE {@code crv} (RFC 9053 §7.1) ↔ the JCA key algorithm of its keys.
 */
public enum CurveName {
    SECP256R1(EccFamily.SECP_R1, 256, "secp256r1", "1.2.840.10045.3.1.7", 1, "EC", "NIST P-256", "P-256",
            "prime256v1"),
    SECP384R1(EccFamily.SECP_R1, 384, "secp384r1", "1.3.132.0.34", 2, "EC", "NIST P-384", "P-384"),
    SECP521R1(EccFamily.SECP_R1, 521, "secp521r1", "1.3.132.0.35", 3, "EC", "NIST P-521", "P-521"),
    /** RFC 7748's X25519 (PSA: Montgomery, 255 bits). */
    X25519(EccFamily.MONTGOMERY, 255, "X25519", "1.3.101.110", 4, "XDH"),
    /** RFC 8032's Ed25519 (PSA: twisted Edwards, 255 bits). */
    ED25519(EccFamily.TWISTED_EDWARDS, 255, "Ed25519", "1.3.101.112", 6, "EdDSA");

    private final EccFamily family;
    private final int bits;
    private final String jcaName;
    private final String oid;
    private final byte[] derOid;
    private final int cose;
    private final String keyAlgorithm;
    private final List<String> aliases;

    CurveName(EccFamily family, int bits, String jcaName, String oid, int cose, String keyAlgorithm,
            String... aliases) {
        this.family = family;
        this.bits = bits;
        this.jcaName = jcaName;
        this.oid = oid;
        this.derOid = encodeOid(oid);
        this.cose = cose;
        this.keyAlgorithm = keyAlgorithm;
        this.aliases = List.of(aliases);
    }

    public EccFamily family() {
        return family;
    }

    /** The PSA key size in bits. */
    public int bits() {
        return bits;
    }

    /** {@code PSA_KEY_TYPE_ECC_KEY_PAIR(family)}. */
    public KeyType keyPairType() {
        return KeyType.eccKeyPair(family);
    }

    /** The JDK's standard name, which {@code ECGenParameterSpec} and {@code NamedParameterSpec} take. */
    public String jcaName() {
        return jcaName;
    }

    /** Other names in use: NIST's, FIPS 186's, OpenSSL's. */
    public List<String> aliases() {
        return aliases;
    }

    /** The dotted OID of the named curve (for Edwards and Montgomery curves, of the key algorithm; RFC 8410). */
    public String oid() {
        return oid;
    }

    /** The DER OID, tag and length included: the {@code CKA_EC_PARAMS} of a named curve. */
    public byte[] derOid() {
        return derOid.clone();
    }

    /** The COSE_Key {@code crv} value. */
    public int cose() {
        return cose;
    }

    /** What {@code Key.getAlgorithm()} answers for the JDK's keys on this curve: EC, XDH, EdDSA. */
    public String keyAlgorithm() {
        return keyAlgorithm;
    }

    /** {@code PSA_BITS_TO_BYTES(bits)}: the length of a coordinate, a private scalar, an X25519 or Ed25519 key. */
    public int fieldBytes() {
        return (bits + 7) / 8;
    }

    public boolean isWeierstrass() {
        return family.shape() == EccFamily.Shape.WEIERSTRASS;
    }

    /** By JCA name or alias, any case, or by dotted OID. */
    public static Optional<CurveName> byName(String name) {
        return Names.find(CurveName.class, c -> Names.matches(name, c.jcaName, c.aliases) || c.oid.equals(name));
    }

    /** The curve of {@code family} with exactly {@code bits} bits. */
    public static Optional<CurveName> of(EccFamily family, int bits) {
        return Names.find(CurveName.class, c -> c.family == family && c.bits == bits);
    }

    /** The curve of a PSA key type (pair or public key) and size; empty for a type that is not ECC. */
    public static Optional<CurveName> of(KeyType type, int bits) {
        return type.eccFamily().flatMap(f -> of(f, bits));
    }

    /** By DER OID, as {@code CKA_EC_PARAMS} carries it. */
    public static Optional<CurveName> byDerOid(byte[] der) {
        return Names.find(CurveName.class, c -> Arrays.equals(c.derOid, der));
    }

    public static Optional<CurveName> byCose(long crv) {
        return Names.find(CurveName.class, c -> c.cose == crv);
    }

    /** X.690 §8.19: the first two arcs in one value, each value in base 128; every OID here is short. */
    private static byte[] encodeOid(String dotted) {
        long[] arcs = Arrays.stream(dotted.split("\\.")).mapToLong(Long::parseLong).toArray();
        ByteArrayOutputStream der = new ByteArrayOutputStream();
        der.write(0x06);
        der.write(0); // the length, set below
        for (int i = 1; i < arcs.length; i++) {
            long value = i == 1 ? arcs[0] * 40 + arcs[1] : arcs[i];
            for (int shift = (63 - Long.numberOfLeadingZeros(value | 1)) / 7 * 7; shift > 0; shift -= 7) {
                der.write((int) (0x80 | (value >>> shift) & 0x7F));
            }
            der.write((int) (value & 0x7F));
        }
        byte[] out = der.toByteArray();
        out[1] = (byte) (out.length - 2);
        return out;
    }
}
