package dev.citadel.cli;

import dev.citadel.verifier.AttestationToken;
import dev.citadel.verifier.Finding;
import dev.citadel.verifier.InstanceIdBinding;
import dev.citadel.verifier.ReferenceValues;
import dev.citadel.verifier.SoftwareComponent;
import dev.citadel.verifier.VerificationKey;
import dev.citadel.verifier.Verdict;
import dev.citadel.verifier.Verifier;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code citadel attest}: PSA Initial Attestation tokens. */
@Command(
        name = "attest",
        mixinStandardHelpOptions = true,
        description = "Get and verify PSA Initial Attestation tokens.",
        subcommands = {AttestGetCommand.class, AttestCommand.Verify.class})
final class AttestCommand implements Runnable {

    @Override
    public void run() {
        throw new UserException("missing subcommand: try 'citadel attest --help'", Main.USAGE);
    }

    /** {@code citadel attest verify}: the relying party's check of a token. */
    @Command(
            name = "verify",
            mixinStandardHelpOptions = true,
            description = {"Verify a PSA attestation token (COSE_Sign1 or COSE_Mac0; profiles",
                "tag:psacertified.org,2023:psa#tfm, http://arm.com/psa/2.0.0, PSA_IOT_PROFILE_1),",
                "print its claims and the verdict. Exit code 0: valid; 1: not valid."})
    static final class Verify implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "TOKEN", description = "The token: raw CBOR, or its hex text.")
        Path token;

        @ArgGroup(exclusive = true, multiplicity = "1")
        KeyChoice key;

        static final class KeyChoice {
            @Option(names = "--key", paramLabel = "PUB.pem",
                    description = "The IAK's public key (PEM PUBLIC KEY, or an EC PRIVATE KEY for its public half).")
            Path pem;

            @Option(names = "--hmac-key", paramLabel = "FILE", description = "The symmetric IAK (raw bytes).")
            Path hmac;
        }

        @Option(names = "--nonce", paramLabel = "HEX", description = "The challenge sent to the device.")
        String nonce;

        @Option(names = "--reference-values", paramLabel = "FILE",
                description = "JSON file of expected software components (docs/attestation-design.md).")
        Path referenceValues;

        @Option(names = "--instance-id-binding", paramLabel = "FORM", defaultValue = "EITHER",
                description = "How the instance ID must name the key: ${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE}).")
        InstanceIdBinding binding;

        @Override
        public Integer call() {
            byte[] tokenBytes = tokenBytes(ImageCommand.readFile(token, "token"));
            VerificationKey k;
            if (key.pem != null) {
                try {
                    k = VerificationKey.fromPem(new String(ImageCommand.readFile(key.pem, "key"),
                            StandardCharsets.US_ASCII));
                } catch (IllegalArgumentException e) {
                    throw new UserException("key " + key.pem + ": " + e.getMessage(), Main.USAGE);
                }
            } else {
                byte[] raw = ImageCommand.readFile(key.hmac, "HMAC key");
                if (raw.length == 0) {
                    throw new UserException("HMAC key " + key.hmac + " is empty", Main.USAGE);
                }
                k = new VerificationKey.Hmac(raw);
                java.util.Arrays.fill(raw, (byte) 0);
            }
            byte[] expectedNonce = nonce == null ? null : Hex.parseBytes(nonce, "nonce");
            ReferenceValues ref = null;
            if (referenceValues != null) {
                try {
                    ref = ReferenceValues.parseJson(new String(ImageCommand.readFile(referenceValues,
                            "reference values"), StandardCharsets.UTF_8));
                } catch (IllegalArgumentException e) {
                    throw new UserException(referenceValues + ": " + e.getMessage(), Main.USAGE);
                }
            }
            Verdict v = Verifier.verify(tokenBytes, k, expectedNonce, ref, binding);
            if (k instanceof VerificationKey.Hmac h) {
                h.destroy();
            }
            print(System.out, v);
            return v.ok() ? 0 : Main.FAILED;
        }

        private static final Pattern HEX_TEXT = Pattern.compile("[0-9a-fA-F\\s]+");

        /** A token file holds CBOR, or (like RFC 9783's examples) its hex text. */
        static byte[] tokenBytes(byte[] file) {
            String s = new String(file, StandardCharsets.ISO_8859_1);
            if (file.length > 0 && HEX_TEXT.matcher(s).matches()) {
                String h = s.replaceAll("\\s", "");
                if (h.length() % 2 == 0) {
                    return HexFormat.of().parseHex(h);
                }
            }
            return file;
        }
    }

    static void print(PrintStream out, Verdict v) {
        v.token().ifPresent(t -> dump(out, t));
        if (!v.comparisons().isEmpty()) {
            out.println("reference values:");
            for (ReferenceValues.Comparison c : v.comparisons()) {
                out.println("  " + c.outcome() + "  " + c.detail());
            }
        }
        if (v.ok()) {
            out.println("verdict: VALID");
        } else {
            out.println("verdict: NOT VALID: " + v.reason().orElseThrow());
            for (Finding f : v.findings().subList(1, v.findings().size())) {
                out.println("  also: " + f);
            }
        }
    }

    private static void dump(PrintStream out, AttestationToken t) {
        HexFormat hex = HexFormat.of();
        out.println("profile:                 " + t.profile().definition() + (t.profileClaimed() ? "" : " (not claimed)"));
        out.println("algorithm:               " + t.algorithm());
        out.println("nonce:                   " + hex.formatHex(t.nonce()));
        out.println("instance ID:             " + hex.formatHex(t.instanceId()));
        out.println("implementation ID:       " + hex.formatHex(t.implementationId()));
        out.printf("security lifecycle:      0x%04x (%s%s)%n", t.securityLifecycle(), t.lifecycleState(),
                t.lifecycleState().trustworthy() ? "" : ", not a state to trust reports from");
        out.println("client ID:               " + t.clientId() + (t.secureCaller() ? " (secure partition)"
                : " (non-secure)"));
        t.bootSeed().ifPresent(s -> out.println("boot seed:               " + hex.formatHex(s)));
        t.verificationService().ifPresent(s -> out.println("verification service:    " + s));
        t.certificationReference().ifPresent(s -> out.println("certification reference: " + s));
        if (t.softwareComponents().isEmpty()) {
            out.println("software components:     none (no software measurements)");
        } else {
            out.println("software components:");
            for (SoftwareComponent c : t.softwareComponents()) {
                out.println("  - type " + c.measurementType().orElse("(none)") + c.version().map(x -> ", version " + x)
                        .orElse("") + c.measurementDescription().map(x -> ", " + x).orElse(""));
                out.println("    measurement: " + hex.formatHex(c.measurementValue()));
                out.println("    signer ID:   " + hex.formatHex(c.signerId()));
            }
        }
    }
}
