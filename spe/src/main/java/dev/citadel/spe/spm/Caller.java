package dev.citadel.spe.spm;

/**
 * Who is calling: a secure partition (client ID = its PID) or a non-secure client of a session (negative client ID).
 */
record Caller(int clientId, PartitionRuntime partition, NsSession session) {

    boolean isNonSecure() {
        return partition == null;
    }
}
