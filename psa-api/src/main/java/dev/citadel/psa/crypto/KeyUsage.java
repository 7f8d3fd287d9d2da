package dev.citadel.psa.crypto;

import java.util.ArrayList;
import java.util.List;

/**
 * An immutable set of PSA key usage flags ({@code psa_key_usage_t}, 32 bits).
 *
 * <p>Bits the spec does not define are kept as they are, so a value read from the wire survives a round trip.
 */
public final class KeyUsage {
    /** The single-flag values in ascending bit order, with their C names. */
    private static final List<KeyUsage> FLAGS = new ArrayList<>();
    private static final List<String> FLAG_NAMES = new ArrayList<>();

    public static final KeyUsage NONE = new KeyUsage(0);
    /** {@code PSA_KEY_USAGE_EXPORT}: the key material may leave the SPE through {@code psa_export_key}. */
    public static final KeyUsage EXPORT = flag(0x00000001, "PSA_KEY_USAGE_EXPORT");
    /** {@code PSA_KEY_USAGE_COPY}: {@code psa_copy_key} may copy the key. */
    public static final KeyUsage COPY = flag(0x00000002, "PSA_KEY_USAGE_COPY");
    /** {@code PSA_KEY_USAGE_CACHE}: the implementation may keep extra copies in RAM (spec only). */
    public static final KeyUsage CACHE = flag(0x00000004, "PSA_KEY_USAGE_CACHE");
    public static final KeyUsage ENCRYPT = flag(0x00000100, "PSA_KEY_USAGE_ENCRYPT");
    public static final KeyUsage DECRYPT = flag(0x00000200, "PSA_KEY_USAGE_DECRYPT");
    public static final KeyUsage SIGN_MESSAGE = flag(0x00000400, "PSA_KEY_USAGE_SIGN_MESSAGE");
    public static final KeyUsage VERIFY_MESSAGE = flag(0x00000800, "PSA_KEY_USAGE_VERIFY_MESSAGE");
    /** {@code PSA_KEY_USAGE_SIGN_HASH}; implies {@link #SIGN_MESSAGE} (see {@link #withImplied()}). */
    public static final KeyUsage SIGN_HASH = flag(0x00001000, "PSA_KEY_USAGE_SIGN_HASH");
    /** {@code PSA_KEY_USAGE_VERIFY_HASH}; implies {@link #VERIFY_MESSAGE} (see {@link #withImplied()}). */
    public static final KeyUsage VERIFY_HASH = flag(0x00002000, "PSA_KEY_USAGE_VERIFY_HASH");
    public static final KeyUsage DERIVE = flag(0x00004000, "PSA_KEY_USAGE_DERIVE");
    public static final KeyUsage VERIFY_DERIVATION = flag(0x00008000, "PSA_KEY_USAGE_VERIFY_DERIVATION");

    private final int value;

    private KeyUsage(int value) {
        this.value = value;
    }

    private static KeyUsage flag(int value, String name) {
        KeyUsage usage = new KeyUsage(value);
        FLAGS.add(usage);
        FLAG_NAMES.add(name);
        return usage;
    }

    /** The usage set with this {@code psa_key_usage_t} bitmask. */
    public static KeyUsage of(int value) {
        return new KeyUsage(value);
    }

    /** The union of the given flags or sets. */
    public static KeyUsage of(KeyUsage... usages) {
        return NONE.with(usages);
    }

    /** The {@code psa_key_usage_t} bitmask. */
    public int value() {
        return value;
    }

    /** This set plus the given flags. */
    public KeyUsage with(KeyUsage... usages) {
        int v = value;
        for (KeyUsage u : usages) {
            v |= u.value;
        }
        return new KeyUsage(v);
    }

    /** This set without the given flags. */
    public KeyUsage without(KeyUsage... usages) {
        int v = value;
        for (KeyUsage u : usages) {
            v &= ~u.value;
        }
        return new KeyUsage(v);
    }

    /** Whether every flag of {@code usage} is in this set. */
    public boolean contains(KeyUsage usage) {
        return (value & usage.value) == usage.value;
    }

    /** Whether no flag is set: the key permits no use except non-cryptographic ones. */
    public boolean isEmpty() {
        return value == 0;
    }

    /**
     * The set with the flags the spec implies added: {@link #SIGN_HASH} grants {@link #SIGN_MESSAGE} and
     * {@link #VERIFY_HASH} grants {@link #VERIFY_MESSAGE}. A key is created with, and reports, the extended set
     * (Crypto API 1.1+, {@code PSA_KEY_USAGE_SIGN_HASH}).
     */
    public KeyUsage withImplied() {
        int v = value;
        if ((v & SIGN_HASH.value) != 0) {
            v |= SIGN_MESSAGE.value;
        }
        if ((v & VERIFY_HASH.value) != 0) {
            v |= VERIFY_MESSAGE.value;
        }
        return new KeyUsage(v);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof KeyUsage && ((KeyUsage) o).value == value;
    }

    @Override
    public int hashCode() {
        return Integer.hashCode(value);
    }

    /**
     * The C expression, for example {@code PSA_KEY_USAGE_EXPORT | PSA_KEY_USAGE_SIGN_HASH}; {@code 0} for the empty
     * set, and undefined bits as a trailing hex term.
     */
    @Override
    public String toString() {
        if (value == 0) {
            return "0";
        }
        StringBuilder sb = new StringBuilder();
        int rest = value;
        for (int i = 0; i < FLAGS.size(); i++) {
            int bit = FLAGS.get(i).value;
            if ((value & bit) != 0) {
                append(sb, FLAG_NAMES.get(i));
                rest &= ~bit;
            }
        }
        if (rest != 0) {
            append(sb, String.format("0x%08x", rest));
        }
        return sb.toString();
    }

    private static void append(StringBuilder sb, String term) {
        if (sb.length() > 0) {
            sb.append(" | ");
        }
        sb.append(term);
    }
}
