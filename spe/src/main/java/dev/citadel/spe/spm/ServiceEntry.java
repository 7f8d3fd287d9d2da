package dev.citadel.spe.spm;

/** A service as the SPM runs it: its manifest and the partition that serves it. */
record ServiceEntry(ServiceManifest manifest, PartitionRuntime partition) {

    int sid() {
        return manifest.sid();
    }

    boolean acceptsVersion(int requested) {
        return manifest.versionPolicy().accepts(manifest.version(), requested);
    }
}
