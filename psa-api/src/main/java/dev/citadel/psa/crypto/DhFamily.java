package dev.citadel.psa.crypto;

import java.util.Optional;

/** Finite-field Diffie-Hellman group families ({@code psa_dh_family_t}), with the spec's values. */
public enum DhFamily {
    /** The FFDHE groups of RFC 7919 (ffdhe2048 ... ffdhe8192). */
    RFC7919(0x03);

    private final int value;

    DhFamily(int value) {
        this.value = value;
    }

    /** The {@code psa_dh_family_t} value, for example {@code 0x03} for {@code PSA_DH_FAMILY_RFC7919}. */
    public int value() {
        return value;
    }

    /** The C name, for example {@code PSA_DH_FAMILY_RFC7919}. */
    public String cName() {
        return "PSA_DH_FAMILY_" + name();
    }

    /** The family with this {@code psa_dh_family_t} value, if the spec defines one. */
    public static Optional<DhFamily> fromValue(int value) {
        for (DhFamily f : values()) {
            if (f.value == value) {
                return Optional.of(f);
            }
        }
        return Optional.empty();
    }
}
