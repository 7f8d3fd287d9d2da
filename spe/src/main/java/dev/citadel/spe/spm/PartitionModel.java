package dev.citadel.spe.spm;

/**
 * A partition's manifest {@code model}. Citadel runs every partition as a secure function (SFN): a call's reply is
 * the service function's return value. {@code IPC} is accepted for manifests written for TF-M's IPC model and is
 * served the same way, one message at a time per partition.
 */
public enum PartitionModel {
    SFN,
    IPC
}
