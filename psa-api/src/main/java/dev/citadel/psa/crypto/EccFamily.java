package dev.citadel.psa.crypto;

import java.util.Optional;

/** Elliptic-curve families ({@code psa_ecc_family_t}), with the spec's values. */
public enum EccFamily {
    /** SEC Koblitz curves over prime fields (secp192k1, secp256k1...). */
    SECP_K1(0x17, Shape.WEIERSTRASS),
    /** SEC random curves over prime fields (P-256, P-384...). */
    SECP_R1(0x12, Shape.WEIERSTRASS),
    /** SEC additional random curves over prime fields (deprecated by SEC). */
    SECP_R2(0x1B, Shape.WEIERSTRASS),
    SECT_K1(0x27, Shape.WEIERSTRASS),
    SECT_R1(0x22, Shape.WEIERSTRASS),
    SECT_R2(0x2B, Shape.WEIERSTRASS),
    BRAINPOOL_P_R1(0x30, Shape.WEIERSTRASS),
    /** The French FRP256v1 curve. */
    FRP(0x33, Shape.WEIERSTRASS),
    /** Curve25519 and Curve448 (X25519, X448). */
    MONTGOMERY(0x41, Shape.MONTGOMERY),
    /** Edwards25519 and Edwards448 (Ed25519, Ed448). */
    TWISTED_EDWARDS(0x42, Shape.TWISTED_EDWARDS);

    /** The curve form, which decides the key formats and the signature scheme. */
    public enum Shape {
        WEIERSTRASS,
        MONTGOMERY,
        TWISTED_EDWARDS
    }

    private final int value;
    private final Shape shape;

    EccFamily(int value, Shape shape) {
        this.value = value;
        this.shape = shape;
    }

    /** The {@code psa_ecc_family_t} value, for example {@code 0x12} for {@code PSA_ECC_FAMILY_SECP_R1}. */
    public int value() {
        return value;
    }

    /** The curve form: Weierstrass curves do ECDSA, Montgomery X25519/X448, Edwards EdDSA. */
    public Shape shape() {
        return shape;
    }

    /** The C name, for example {@code PSA_ECC_FAMILY_SECP_R1}. */
    public String cName() {
        return "PSA_ECC_FAMILY_" + name();
    }

    /** The family with this {@code psa_ecc_family_t} value, if the spec defines one. */
    public static Optional<EccFamily> fromValue(int value) {
        for (EccFamily f : values()) {
            if (f.value == value) {
                return Optional.of(f);
            }
        }
        return Optional.empty();
    }
}
