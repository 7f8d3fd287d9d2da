package dev.citadel.cli;

import dev.citadel.ns.attest.PsaInitialAttestation;
import dev.citadel.psa.PsaException;
import dev.citadel.psa.attest.AttestWire;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code citadel attest get}: the NS side of attestation, a token for a nonce from an SPE's socket. */
@Command(
        name = "get",
        mixinStandardHelpOptions = true,
        description = {
            "psa_initial_attest_get_token: ask the SPE for an attestation token over a nonce (32, 48 or 64 bytes;",
            "a fresh random 32-byte one by default) and save it (-o FILE, the raw COSE_Sign1) or print it in hex.",
            "The nonce used is printed on standard error."
        })
final class AttestGetCommand implements Runnable {

    @Mixin
    PsaCommand.Target target = new PsaCommand.Target();

    @Option(names = "--nonce", paramLabel = "HEX", description = "The challenge: 32, 48 or 64 bytes in hex.")
    String nonce;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write the token here instead of "
            + "printing it in hex.")
    Path output;

    @Override
    public void run() {
        byte[] challenge;
        if (nonce == null) {
            challenge = new byte[AttestWire.CHALLENGE_SIZE_32];
            new SecureRandom().nextBytes(challenge);
        } else {
            challenge = Hex.parseBytes(nonce, "--nonce");
            if (!AttestWire.isChallengeSize(challenge.length)) {
                throw new UserException("--nonce must be 32, 48 or 64 bytes, got " + challenge.length, Main.USAGE);
            }
        }
        byte[] token = target.with(client -> {
            try {
                return new PsaInitialAttestation(client).getToken(challenge);
            } catch (PsaException e) {
                throw new UserException("psa_initial_attest_get_token failed: " + e.psaStatus()
                        + (e.psaStatus() == dev.citadel.psa.PsaStatus.GENERIC_ERROR
                                ? " (a claim is unavailable: was the SPE booted by BL2, with measurements?)" : ""));
            }
        });
        System.err.println("nonce " + HexFormat.of().formatHex(challenge));
        if (output == null) {
            System.out.println(HexFormat.of().formatHex(token));
            return;
        }
        try {
            Files.write(output, token);
        } catch (IOException e) {
            throw new UserException("cannot write " + output + ": " + e.getMessage());
        }
        System.err.println("token " + token.length + " bytes written to " + output);
    }
}
