package dev.citadel.pkcs11.rpc;

import dev.citadel.pkcs11.CkAttribute;

/**
 * One attribute as p11-kit's RPC carries it ({@code p11_rpc_buffer_get_attribute}): the type, whether it is valid
 * ({@code ulValueLen != -1}), the length the sender's C saw, and the value in {@link CkAttribute}'s form
 * ({@code null} for a NULL {@code pValue}, as in a length-only answer).
 */
public record WireAttribute(long type, boolean valid, long length, byte[] value) {

    /** An attribute with {@code ulValueLen == CK_UNAVAILABLE_INFORMATION}. */
    public static WireAttribute invalid(long type) {
        return new WireAttribute(type, false, -1, null);
    }

    /** The attribute as a {@link CkAttribute}, for one that carries a value. */
    public CkAttribute toCkAttribute() {
        return new CkAttribute(type, value);
    }
}
