package dev.citadel.pkcs11.token;

import dev.citadel.pkcs11.Cko;
import dev.citadel.psa.crypto.EccFamily;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;

/** The curves of this token: {@code CKA_EC_PARAMS} forms ↔ PSA family and size ↔ PKCS#11 key type. */
enum Curve {
    P256("06082a8648ce3d030107", null, EccFamily.SECP_R1, 256, Cko.KEY_EC),
    P384("06052b81040022", null, EccFamily.SECP_R1, 384, Cko.KEY_EC),
    P521("06052b81040023", null, EccFamily.SECP_R1, 521, Cko.KEY_EC),
    ED25519("06032b6570", "edwards25519", EccFamily.TWISTED_EDWARDS, 255, Cko.KEY_EC_EDWARDS);

    private final byte[] oid;
    private final String printable;
    final EccFamily family;
    final int bits;
    final long keyType;

    Curve(String oidHex, String printable, EccFamily family, int bits, long keyType) {
        this.oid = HexFormat.of().parseHex(oidHex);
        this.printable = printable;
        this.family = family;
        this.bits = bits;
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
