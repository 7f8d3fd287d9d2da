package dev.citadel.spe.crypto;

import dev.citadel.psa.PsaStatus;

/** The bytes a backend produced (a signature, a shared secret, key material), or the status that refused them. */
final class Outcome {
    final int status;
    /** Only when {@link #ok()}. */
    final byte[] bytes;
    /** Key size in bits, for key creation; 0 otherwise. */
    final int bits;

    private Outcome(int status, byte[] bytes, int bits) {
        this.status = status;
        this.bytes = bytes;
        this.bits = bits;
    }

    static Outcome of(byte[] bytes) {
        return new Outcome(PsaStatus.SUCCESS.value(), bytes, 0);
    }

    static Outcome key(byte[] material, int bits) {
        return new Outcome(PsaStatus.SUCCESS.value(), material, bits);
    }

    static Outcome fail(PsaStatus status) {
        return new Outcome(status.value(), null, 0);
    }

    static Outcome fail(int status) {
        return new Outcome(status, null, 0);
    }

    boolean ok() {
        return bytes != null;
    }
}
