package dev.citadel.psa.crypto;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * TF-M's {@code struct tfm_crypto_pack_iovec}: the 56-byte header every crypto {@code psa_call} carries in
 * {@code in_vec[0]} ({@code reference/tfm.md} §2.2). Little-endian:
 *
 * <pre>
 *  0 u32 key_id            4 u32 alg              8 u32 op_handle
 * 12 u32 ad_length        16 u32 plaintext_length
 * 20 u8  aead_in.nonce[16] 36 u32 aead_in.nonce_length
 * 40 u16 function_id      42 u16 step            44 4 bytes padding (zero)
 * 48 u64 value (union with u32 capacity, its low half)
 * </pre>
 *
 * <p>Decoding keeps every field as sent, including a {@code nonce_length} above 16 and an unknown function ID, so
 * that the SPE can answer them with a status rather than an exception. Unsigned fields are held in Java
 * {@code int}s and {@code long}s bit for bit.
 */
public final class PackIovec {
    /** {@code sizeof(struct tfm_crypto_pack_iovec)}; TF-M's server reads exactly this many bytes. */
    public static final int SIZE = 56;
    /** {@code TFM_CRYPTO_MAX_NONCE_LENGTH}. */
    public static final int MAX_NONCE_LENGTH = 16;

    private static final int OFF_NONCE = 20;
    private static final int OFF_NONCE_LENGTH = 36;
    private static final int OFF_FUNCTION_ID = 40;
    private static final int OFF_STEP = 42;
    private static final int OFF_VALUE = 48;

    // Every call encodes and decodes one header: fields are read and written in place, without a ByteBuffer.
    private static final VarHandle U16 = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle U32 = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle U64 = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    /** The nonce field of headers without a nonce (most of them), shared; never written. */
    private static final byte[] ZERO_NONCE = new byte[MAX_NONCE_LENGTH];

    private final int keyId;
    private final Algorithm alg;
    private final int opHandle;
    private final int adLength;
    private final int plaintextLength;
    private final byte[] nonceField; // always the full 16 bytes of the wire field
    private final int nonceLength;
    private final int functionId;
    private final int step;
    private final long value;

    private PackIovec(Builder b) {
        keyId = b.keyId;
        alg = b.alg;
        opHandle = b.opHandle;
        adLength = b.adLength;
        plaintextLength = b.plaintextLength;
        nonceField = b.nonceField == ZERO_NONCE ? ZERO_NONCE : b.nonceField.clone();
        nonceLength = b.nonceLength;
        functionId = b.functionId;
        step = b.step;
        value = b.value;
    }

    /** A builder with every field zero, as TF-M's client initialises the struct. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder for a call to {@code function}, other fields zero. */
    public static Builder builder(CryptoFunction function) {
        return new Builder().function(function);
    }

    /** A builder holding this header's fields, nonce bytes and raw lengths included. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.keyId = keyId;
        b.alg = alg;
        b.opHandle = opHandle;
        b.adLength = adLength;
        b.plaintextLength = plaintextLength;
        b.nonceField = nonceField == ZERO_NONCE ? ZERO_NONCE : nonceField.clone();
        b.nonceLength = nonceLength;
        b.functionId = functionId;
        b.step = step;
        b.value = value;
        return b;
    }

    /** A copy with another multi-part operation handle, as the client sends it after {@code *_setup}. */
    public PackIovec withOpHandle(int opHandle) {
        return toBuilder().opHandle(opHandle).build();
    }

    /** {@code key_id}: the client's key identifier, without owner. */
    public int keyId() {
        return keyId;
    }

    /** {@code alg}. */
    public Algorithm alg() {
        return alg;
    }

    /** {@code op_handle}: the multi-part operation handle, 0 for none. */
    public int opHandle() {
        return opHandle;
    }

    /** {@code ad_length} (u32), from {@code psa_aead_set_lengths}. */
    public int adLength() {
        return adLength;
    }

    /** {@code plaintext_length} (u32), from {@code psa_aead_set_lengths}. */
    public int plaintextLength() {
        return plaintextLength;
    }

    /** {@code aead_in.nonce_length} (u32) as sent; may exceed {@link #MAX_NONCE_LENGTH} when decoded. */
    public int nonceLength() {
        return nonceLength;
    }

    /** Whether {@code nonce_length} fits the 16-byte nonce field; TF-M rejects a longer one. */
    public boolean hasValidNonceLength() {
        return Integer.compareUnsigned(nonceLength, MAX_NONCE_LENGTH) <= 0;
    }

    /**
     * The first {@code nonce_length} bytes of {@code aead_in.nonce}, for {@code psa_aead_encrypt/decrypt}.
     *
     * @throws IllegalStateException if {@code nonce_length} is above 16 (see {@link #hasValidNonceLength()})
     */
    public byte[] nonce() {
        if (!hasValidNonceLength()) {
            throw new IllegalStateException("nonce_length exceeds 16: " + Integer.toUnsignedString(nonceLength));
        }
        return Arrays.copyOf(nonceField, nonceLength);
    }

    /** {@code function_id} (u16) as sent. */
    public int functionId() {
        return functionId;
    }

    /** The function {@link #functionId()} names, if TF-M defines it. */
    public Optional<CryptoFunction> function() {
        return CryptoFunction.fromValue(functionId);
    }

    /** {@code step} (u16): the {@code psa_key_derivation_step_t} of key-derivation inputs. */
    public int step() {
        return step;
    }

    /** The 64-bit {@code value}: {@code psa_key_derivation_input_integer}'s integer. */
    public long value() {
        return value;
    }

    /** {@code capacity}: the low 32 bits of {@code value}, as {@code psa_key_derivation_set_capacity} sends it. */
    public long capacity() {
        return value & 0xFFFFFFFFL;
    }

    /** The 56 wire bytes; the padding at offset 44 is zero. */
    public byte[] encode() {
        byte[] b = new byte[SIZE];
        U32.set(b, 0, keyId);
        U32.set(b, 4, alg.value());
        U32.set(b, 8, opHandle);
        U32.set(b, 12, adLength);
        U32.set(b, 16, plaintextLength);
        System.arraycopy(nonceField, 0, b, OFF_NONCE, MAX_NONCE_LENGTH);
        U32.set(b, OFF_NONCE_LENGTH, nonceLength);
        U16.set(b, OFF_FUNCTION_ID, (short) functionId);
        U16.set(b, OFF_STEP, (short) step);
        U64.set(b, OFF_VALUE, value);
        return b;
    }

    /**
     * Reads the first 56 bytes of {@code wire}; more may follow, as TF-M reads exactly 56.
     *
     * @throws IllegalArgumentException if fewer than 56 bytes are given
     */
    public static PackIovec decode(byte[] wire) {
        Objects.requireNonNull(wire, "wire");
        return decode(wire, 0, wire.length);
    }

    /**
     * Reads 56 bytes starting at the buffer's position, which is left unchanged; the buffer's byte order does not
     * matter.
     *
     * @throws IllegalArgumentException if fewer than 56 bytes remain
     */
    public static PackIovec decode(ByteBuffer wire) {
        if (wire.hasArray()) {
            return decode(wire.array(), wire.arrayOffset() + wire.position(), wire.remaining());
        }
        byte[] copy = new byte[Math.min(wire.remaining(), SIZE)];
        wire.duplicate().get(copy);
        return decode(copy, 0, copy.length);
    }

    private static PackIovec decode(byte[] w, int off, int length) {
        if (length < SIZE) {
            throw new IllegalArgumentException("tfm_crypto_pack_iovec is " + SIZE + " bytes, got " + length);
        }
        Builder r = new Builder();
        r.keyId = (int) U32.get(w, off);
        r.alg = Algorithm.of((int) U32.get(w, off + 4));
        r.opHandle = (int) U32.get(w, off + 8);
        r.adLength = (int) U32.get(w, off + 12);
        r.plaintextLength = (int) U32.get(w, off + 16);
        if (!Arrays.equals(w, off + OFF_NONCE, off + OFF_NONCE + MAX_NONCE_LENGTH, ZERO_NONCE, 0, MAX_NONCE_LENGTH)) {
            r.nonceField = Arrays.copyOfRange(w, off + OFF_NONCE, off + OFF_NONCE + MAX_NONCE_LENGTH);
        }
        r.nonceLength = (int) U32.get(w, off + OFF_NONCE_LENGTH);
        r.functionId = Short.toUnsignedInt((short) U16.get(w, off + OFF_FUNCTION_ID));
        r.step = Short.toUnsignedInt((short) U16.get(w, off + OFF_STEP));
        r.value = (long) U64.get(w, off + OFF_VALUE);
        return r.build();
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof PackIovec)) {
            return false;
        }
        PackIovec p = (PackIovec) o;
        return keyId == p.keyId && alg.equals(p.alg) && opHandle == p.opHandle && adLength == p.adLength
                && plaintextLength == p.plaintextLength && Arrays.equals(nonceField, p.nonceField)
                && nonceLength == p.nonceLength && functionId == p.functionId && step == p.step && value == p.value;
    }

    @Override
    public int hashCode() {
        return Objects.hash(keyId, alg, opHandle, adLength, plaintextLength, Arrays.hashCode(nonceField),
                nonceLength, functionId, step, value);
    }

    /** Names the function and lists the fields; the nonce is public data and is shown. */
    @Override
    public String toString() {
        String fn = function().map(Enum::name).orElse(String.format("0x%04x", functionId));
        StringBuilder nonceHex = new StringBuilder();
        int shown = hasValidNonceLength() ? nonceLength : MAX_NONCE_LENGTH;
        for (int i = 0; i < shown; i++) {
            nonceHex.append(String.format("%02x", nonceField[i]));
        }
        return "PackIovec[" + fn + ", key_id=" + KeyId.toString(keyId) + ", alg=" + alg + ", op_handle=" + opHandle
                + ", ad_length=" + Integer.toUnsignedString(adLength)
                + ", plaintext_length=" + Integer.toUnsignedString(plaintextLength)
                + ", nonce=" + nonceHex + ", nonce_length=" + Integer.toUnsignedString(nonceLength)
                + ", step=0x" + Integer.toHexString(step) + ", value=" + Long.toUnsignedString(value) + "]";
    }

    /** Builds a header; unset fields are zero. */
    public static final class Builder {
        private int keyId;
        private Algorithm alg = Algorithm.NONE;
        private int opHandle;
        private int adLength;
        private int plaintextLength;
        private byte[] nonceField = ZERO_NONCE;
        private int nonceLength;
        private int functionId;
        private int step;
        private long value;

        private Builder() {}

        /** {@code key_id}: the client's {@code psa_key_id_t}. */
        public Builder keyId(int keyId) {
            this.keyId = keyId;
            return this;
        }

        /** {@code alg}: the {@code psa_algorithm_t} argument of the call. */
        public Builder alg(Algorithm alg) {
            this.alg = Objects.requireNonNull(alg, "alg");
            return this;
        }

        /** {@code op_handle}: the multi-part operation's handle; 0 for {@code *_setup}. */
        public Builder opHandle(int opHandle) {
            this.opHandle = opHandle;
            return this;
        }

        /** {@code ad_length}, a u32 held bit for bit. */
        public Builder adLength(int adLength) {
            this.adLength = adLength;
            return this;
        }

        /** {@code plaintext_length}, a u32 held bit for bit. */
        public Builder plaintextLength(int plaintextLength) {
            this.plaintextLength = plaintextLength;
            return this;
        }

        /**
         * Sets {@code aead_in.nonce} (zero-padded) and {@code nonce_length}.
         *
         * @throws IllegalArgumentException if the nonce is longer than 16 bytes; TF-M's client refuses it with
         *     {@code PSA_ERROR_INVALID_ARGUMENT} before calling
         */
        public Builder nonce(byte[] nonce) {
            if (nonce.length > MAX_NONCE_LENGTH) {
                throw new IllegalArgumentException("a nonce in tfm_crypto_pack_iovec is at most 16 bytes: "
                        + nonce.length);
            }
            nonceField = Arrays.copyOf(nonce, MAX_NONCE_LENGTH);
            nonceLength = nonce.length;
            return this;
        }

        /** {@code function_id}: the TF-M function to call. */
        public Builder function(CryptoFunction function) {
            this.functionId = function.value();
            return this;
        }

        /**
         * A raw {@code function_id}, including ones TF-M does not define.
         *
         * @throws IllegalArgumentException if it does not fit in 16 bits
         */
        public Builder functionId(int functionId) {
            this.functionId = checkU16(functionId, "function_id");
            return this;
        }

        /**
         * {@code step}, a {@code psa_key_derivation_step_t}.
         *
         * @throws IllegalArgumentException if it does not fit in 16 bits
         */
        public Builder step(int step) {
            this.step = checkU16(step, "step");
            return this;
        }

        /** The 64-bit {@code value} of {@code psa_key_derivation_input_integer}. */
        public Builder value(long value) {
            this.value = value;
            return this;
        }

        /**
         * The 32-bit {@code capacity} of {@code psa_key_derivation_set_capacity}; the upper half of the union is zero.
         *
         * @throws IllegalArgumentException if it is negative or above 0xFFFFFFFF
         */
        public Builder capacity(long capacity) {
            if (capacity < 0 || capacity > 0xFFFFFFFFL) {
                throw new IllegalArgumentException("capacity is a u32 on the wire: " + capacity);
            }
            this.value = capacity;
            return this;
        }

        /** The header; every field already holds a value the wire can carry. */
        public PackIovec build() {
            return new PackIovec(this);
        }

        private static int checkU16(int v, String what) {
            if ((v & ~0xFFFF) != 0) {
                throw new IllegalArgumentException(what + " is a u16: 0x" + Integer.toHexString(v));
            }
            return v;
        }
    }
}
