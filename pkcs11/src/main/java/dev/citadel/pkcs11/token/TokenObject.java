package dev.citadel.pkcs11.token;

import dev.citadel.pkcs11.Cka;
import java.nio.ByteBuffer;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;

/**
 * One object: its handle, its stored attributes (never secret key material, which stays in the SPE) and where it
 * lives — a PSA key id for keys, a PS record for token objects, a PS uid for a value kept apart.
 */
final class TokenObject {
    final long handle;
    /** The application that owns a session object (null for token objects). */
    final Object owner;
    /** The session that created a session object (0 for token objects). */
    final long session;
    final int psaKeyId;
    /** The record number in PS of a token object (0 for session objects). */
    final int record;
    /** A PS uid holding {@code CKA_VALUE} outside the record, or 0. */
    final long valueUid;
    private volatile Map<Long, byte[]> attributes;

    TokenObject(long handle, Object owner, long session, int psaKeyId, int record, long valueUid,
            Map<Long, byte[]> attributes) {
        this.handle = handle;
        this.owner = owner;
        this.session = session;
        this.psaKeyId = psaKeyId;
        this.record = record;
        this.valueUid = valueUid;
        this.attributes = Collections.unmodifiableMap(new HashMap<>(attributes));
    }

    boolean isToken() {
        return owner == null;
    }

    Map<Long, byte[]> attributes() {
        return attributes;
    }

    void replaceAttributes(Map<Long, byte[]> updated) {
        attributes = Collections.unmodifiableMap(new HashMap<>(updated));
    }

    byte[] get(long type) {
        byte[] v = attributes.get(type);
        return v == null ? null : v.clone();
    }

    boolean bool(long type) {
        byte[] v = attributes.get(type);
        return v != null && v.length == 1 && v[0] != 0;
    }

    long ulong(long type) {
        byte[] v = attributes.get(type);
        return v == null || v.length != 8 ? -1 : ByteBuffer.wrap(v).getLong();
    }

    long objectClass() {
        return ulong(Cka.CLASS);
    }

    long keyType() {
        return ulong(Cka.KEY_TYPE);
    }

    boolean isPrivate() {
        return bool(Cka.PRIVATE);
    }
}
