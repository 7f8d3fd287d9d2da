package dev.citadel.psa.fwu;

/**
 * {@code psa_fwu_image_version_t}: {@code uint8_t major, minor; uint16_t patch; uint32_t build}.
 *
 * @param build 0..0xFFFFFFFF
 */
public record FwuImageVersion(int major, int minor, int patch, long build) {
    public static final FwuImageVersion NONE = new FwuImageVersion(0, 0, 0, 0);

    public FwuImageVersion {
        if ((major & ~0xFF) != 0 || (minor & ~0xFF) != 0 || (patch & ~0xFFFF) != 0 || (build & ~0xFFFF_FFFFL) != 0) {
            throw new IllegalArgumentException("version field out of range: " + major + "." + minor + "." + patch
                    + "+" + build);
        }
    }

    @Override
    public String toString() {
        return major + "." + minor + "." + patch + "+" + build;
    }
}
