package dev.citadel.pkcs11.token;

import dev.citadel.pkcs11.Cko;
import dev.citadel.psa.crypto.EccFamily;
import dev.citadel.psa.names.CurveName;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;

/**
 * The curves of this token and the PKCS#11 key type of each. The OID, PSA family and size are the name table's
 * ({@link CurveName}); the token adds the printable name PKCS#11 3.0 lets {@code CKA_EC_PARAMS} carry for Edwards
 * curves.
 */
enum Curve {
    P256(CurveName.SECP256R1, null, Cko.KEY_EC),
    P384(CurveName.SECP384R1, null, Cko.KEY_EC),
    P521(CurveName.SECP521R1, null, Cko.KEY_EC),
    ED25519(CurveName.ED25519, "edwards25519", Cko.KEY_EC_EDWARDS);

    private final byte[] oid;
    private final String printable;
    final EccFamily family;
    final int bits;
    final long keyType;

    Curve(CurveName name, String printable, long keyType) {
        this.oid = name.derOid();
        this.printable = printable;
        this.family = name.family();
        this.bits = name.bits();
        this.keyType = keyType;
    }

    /** The DER {@code CKA_EC_PARAMS} this token reports: the named curve's OID. */
    byte[] ecParams() {
        return oid.clone();
    }

    /** Bytes of a field element (and of a raw private scalar). */
    int fieldBytes() {
        return (bits + 7) / 8;
    }

    /** The length of a raw signature ({@code r || s}, or Ed25519's 64 bytes). */
    int signatureLength() {
        return 2 * fieldBytes();
    }

    /**
     * The curve of a {@code CKA_EC_PARAMS} value of a key of {@code keyType}: the OID, or for Edwards curves also the
     * DER PrintableString (or the bare string) of its name.
     */
    static Optional<Curve> of(long keyType, byte[] ecParams) {
        for (Curve c : values()) {
            if (c.keyType != keyType) {
                continue;
            }
            if (Arrays.equals(c.oid, ecParams)) {
                return Optional.of(c);
            }
            if (c.printable != null) {
                byte[] name = c.printable.getBytes(StandardCharsets.US_ASCII);
                if (Arrays.equals(name, ecParams) || Arrays.equals(Der.tlv(Der.PRINTABLE_STRING, name), ecParams)) {
                    return Optional.of(c);
                }
            }
        }
        return Optional.empty();
    }
}
