package dev.citadel.nsapp;

import dev.citadel.ns.fwu.PsaFwu;
import dev.citadel.psa.PsaClient;
import dev.citadel.psa.PsaStatus;
import dev.citadel.psa.fwu.ComponentInfo;
import dev.citadel.psa.fwu.FwuState;
import dev.citadel.psa.fwu.FwuWire;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.function.Consumer;

/**
 * {@code update --image FILE [--component N]}: writes a signed image (without its trailer) through the PSA Firmware
 * Update API in blocks of {@value FwuWire#MAX_WRITE_SIZE} bytes ({@code psa_fwu_start}, {@code psa_fwu_write}...,
 * {@code psa_fwu_finish}, {@code psa_fwu_install}), then asks for the reboot in which BL2 test-swaps it
 * ({@code psa_fwu_request_reboot}). A refused step leaves the component READY again (cancel, clean) and is one line.
 */
final class UpdateTask {
    private final Path image;
    private final int component;

    private UpdateTask(Path image, int component) {
        this.image = image;
        this.component = component;
    }

    /** Reads the task's options; a mistake is an {@link IllegalArgumentException} with one line for the user. */
    static UpdateTask parse(String[] args) {
        Path image = null;
        int component = SelfTest.OWN_COMPONENT;
        for (int i = 0; i < args.length; i += 2) {
            String option = args[i];
            if (!option.equals("--image") && !option.equals("--component")) {
                throw new IllegalArgumentException("update: unknown option '" + option + "'; " + HelloSpe.USAGE_LINE);
            }
            if (i + 1 >= args.length || args[i + 1].isEmpty()) {
                throw new IllegalArgumentException("update: " + option + " needs a value");
            }
            if (option.equals("--image")) {
                image = Path.of(args[i + 1]);
            } else if (args[i + 1].equals("0") || args[i + 1].equals("1")) {
                component = Integer.parseInt(args[i + 1]);
            } else {
                throw new IllegalArgumentException("update: --component must be 0 (secure) or 1 (non-secure)");
            }
        }
        if (image == null) {
            throw new IllegalArgumentException("update: --image FILE is required");
        }
        return new UpdateTask(image, component);
    }

    /**
     * Writes, verifies and installs the image, then requests the reboot; one line per step to {@code say}.
     *
     * @throws IllegalStateException with one line for the user when a step is refused or FILE cannot be read
     */
    void run(PsaClient client, Consumer<String> say) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(image);
        } catch (IOException e) {
            throw new IllegalStateException("update: cannot read " + image + ": " + e.getMessage());
        }
        if (bytes.length == 0) {
            throw new IllegalStateException("update: " + image + " is empty");
        }
        PsaFwu fwu = new PsaFwu(client);
        ComponentInfo before = fwu.query(component);
        say.accept("update: image " + component + " runs version " + before.version() + "; writing " + image + " ("
                + bytes.length + " bytes)");
        step(fwu, fwu.start(component, null), "psa_fwu_start", 0);
        int blocks = 0;
        for (int off = 0; off < bytes.length; off += FwuWire.MAX_WRITE_SIZE) {
            step(fwu, fwu.write(component, off, bytes, off, Math.min(FwuWire.MAX_WRITE_SIZE, bytes.length - off)),
                    "psa_fwu_write at offset " + off, 0);
            blocks++;
        }
        say.accept("update: psa_fwu_write: " + bytes.length + " bytes in " + blocks + " blocks");
        step(fwu, fwu.finish(component), "psa_fwu_finish", 0);
        say.accept("update: psa_fwu_finish: the candidate verifies, SHA-256 "
                + HexFormat.of().formatHex(fwu.query(component).candidateDigest()));
        step(fwu, fwu.install(), "psa_fwu_install", PsaStatus.SUCCESS_REBOOT.value());
        say.accept("update: psa_fwu_install: " + fwu.query(component).state() + "; a reboot test-swaps it");
        int st = fwu.requestReboot();
        say.accept("update: psa_fwu_request_reboot: " + PsaStatus.describe(st));
    }

    private void step(PsaFwu fwu, int status, String call, int expected) {
        if (status == expected) {
            return;
        }
        abandon(fwu);
        throw new IllegalStateException("update: " + call + " refused: " + PsaStatus.describe(status)
                + "; image " + component + " is unchanged");
    }

    /** Leaves the component READY: a write in progress or a candidate is cancelled, a failed one cleaned. */
    private void abandon(PsaFwu fwu) {
        FwuState s = fwu.query(component).state();
        if (s == FwuState.WRITING || s == FwuState.CANDIDATE) {
            fwu.cancel(component);
            s = fwu.query(component).state();
        }
        if (s == FwuState.FAILED) {
            fwu.clean(component);
        }
    }
}
