package dev.citadel.pkcs11;

import java.util.List;
import java.util.Optional;

/**
 * What {@code C_GetAttributeValue} returns for a template: its {@code CK_RV} (one of {@code CKR_OK},
 * {@code CKR_ATTRIBUTE_SENSITIVE}, {@code CKR_ATTRIBUTE_TYPE_INVALID}, {@code CKR_BUFFER_TOO_SMALL}) and, entry by
 * entry in the template's order, the length and (when a buffer was given and was large enough) the value.
 */
public record AttributeAnswer(long rv, List<Entry> entries) {

    /** {@code CK_UNAVAILABLE_INFORMATION} as a length. */
    public static final long UNAVAILABLE = -1;

    public AttributeAnswer {
        entries = List.copyOf(entries);
    }

    /**
     * One template entry's outcome.
     *
     * @param type the attribute type asked for
     * @param length the value's length, or {@link #UNAVAILABLE}
     * @param value the value, when it was copied out
     */
    public record Entry(long type, long length, Optional<CkAttribute> value) {}

    /** The values that were copied out, in template order. */
    public List<CkAttribute> values() {
        return entries.stream().flatMap(e -> e.value().stream()).toList();
    }
}
