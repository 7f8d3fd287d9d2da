package dev.citadel.boot.bl2;

import dev.citadel.boot.image.VerifiedImage;

/** What BL2 decided for one image. */
public sealed interface ImageBoot {

    int image();

    /**
     * The primary slot's image, verified.
     *
     * @param bytes the image as read from flash once and verified: header, payload and TLVs. This very array was
     *     hashed and signature-checked; it is handed over as it is, so whoever launches it runs exactly what was
     *     verified and never reads the flash again
     * @param facts what verification established (version, hash, signer, security counter, boot record)
     * @param swapType the swap this boot performed or completed for the image
     */
    record Verified(int image, byte[] bytes, VerifiedImage facts, SwapType swapType) implements ImageBoot {}

    /** No bootable image; {@code reason} is one line. */
    record Refused(int image, String reason) implements ImageBoot {}
}
