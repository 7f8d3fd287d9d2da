package dev.citadel.nsapp;

import dev.citadel.ns.attest.PsaInitialAttestation;
import dev.citadel.psa.PsaClient;
import dev.citadel.psa.PsaException;
import dev.citadel.psa.attest.AttestWire;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;

/**
 * {@code attest --nonce HEX --out FILE}: an Initial Attestation token for the nonce, fetched through the NS API
 * ({@code psa_initial_attest_get_token}) and written raw to FILE, so that whoever chose the nonce can verify what
 * this boot measured.
 */
final class AttestTask {
    private final byte[] nonce;
    private final Path out;

    private AttestTask(byte[] nonce, Path out) {
        this.nonce = nonce;
        this.out = out;
    }

    /** Reads the task's options; a mistake is an {@link IllegalArgumentException} with one line for the user. */
    static AttestTask parse(String[] args) {
        byte[] nonce = null;
        Path out = null;
        for (int i = 0; i < args.length; i += 2) {
            String option = args[i];
            if (!option.equals("--nonce") && !option.equals("--out")) {
                throw new IllegalArgumentException("attest: unknown option '" + option + "'; "
                        + HelloSpe.USAGE_LINE);
            }
            if (i + 1 >= args.length || args[i + 1].isEmpty()) {
                throw new IllegalArgumentException("attest: " + option + " needs a value");
            }
            String value = args[i + 1];
            if (option.equals("--nonce")) {
                nonce = hex(value);
            } else {
                out = Path.of(value);
            }
        }
        if (nonce == null || out == null) {
            throw new IllegalArgumentException("attest: --nonce HEX and --out FILE are both required");
        }
        return new AttestTask(nonce, out);
    }

    private static byte[] hex(String value) {
        byte[] nonce;
        try {
            nonce = HexFormat.of().parseHex(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("attest: --nonce is not hex: " + value);
        }
        if (!AttestWire.isChallengeSize(nonce.length)) {
            throw new IllegalArgumentException("attest: --nonce must be 32, 48 or 64 bytes, got " + nonce.length);
        }
        return nonce;
    }

    /**
     * Fetches the token, writes it, and returns the line to print.
     *
     * @throws IllegalStateException with one line for the user when FILE cannot be written
     */
    String run(PsaClient client) throws PsaException {
        byte[] token = new PsaInitialAttestation(client).getToken(nonce);
        try {
            Files.write(out, token);
        } catch (IOException e) {
            throw new IllegalStateException("attest: cannot write " + out + ": " + e.getMessage());
        }
        return "attestation token of " + token.length + " bytes for nonce " + HexFormat.of().formatHex(nonce)
                + " written to " + out;
    }
}
