package dev.citadel.cli;

import picocli.CommandLine.Command;

/** {@code citadel attest}: PSA Initial Attestation from the NS side and for the relying party. */
@Command(
        name = "attest",
        mixinStandardHelpOptions = true,
        description = "Get attestation tokens from an SPE.",
        subcommands = {AttestGetCommand.class})
final class AttestCommand implements Runnable {

    @Override
    public void run() {
        throw new UserException("missing subcommand: try 'citadel attest --help'", Main.USAGE);
    }
}
