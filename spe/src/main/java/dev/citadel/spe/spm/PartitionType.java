package dev.citadel.spe.spm;

/** A partition's manifest {@code type}: its root of trust. */
public enum PartitionType {
    PSA_ROT,
    APPLICATION_ROT;

    /** The manifest spelling, {@code PSA-ROT} or {@code APPLICATION-ROT}. */
    public String manifestName() {
        return name().replace('_', '-');
    }
}
