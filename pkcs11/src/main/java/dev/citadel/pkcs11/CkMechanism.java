package dev.citadel.pkcs11;

/** A {@code CK_MECHANISM}: a {@link Ckm} type and its parameter. */
public record CkMechanism(long type, MechanismParams params) {

    public CkMechanism {
        if (params == null) {
            throw new IllegalArgumentException("params: use MechanismParams.None");
        }
    }

    /** A mechanism without a parameter. */
    public static CkMechanism of(long type) {
        return new CkMechanism(type, MechanismParams.NONE);
    }

    @Override
    public String toString() {
        return Ckm.name(type);
    }
}
