package dev.citadel.boot.bl2;

import java.util.List;

/**
 * The outcome of {@link Bl2#boot()}: per image, the verified in-memory copy or the reason there is none, and the
 * log of every decision in order.
 */
public record BootResult(List<ImageBoot> images, List<String> log) {

    public BootResult {
        images = List.copyOf(images);
        log = List.copyOf(log);
    }

    public ImageBoot image(int i) {
        return images.get(i);
    }

    /** Whether every image verified. */
    public boolean allVerified() {
        return images.stream().allMatch(i -> i instanceof ImageBoot.Verified);
    }
}
