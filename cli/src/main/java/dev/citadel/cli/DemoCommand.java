package dev.citadel.cli;

import dev.citadel.ns.SocketClient;
import dev.citadel.ns.crypto.HashOperation;
import dev.citadel.ns.crypto.PsaCrypto;
import dev.citadel.psa.Psa;
import dev.citadel.psa.PsaClient;
import dev.citadel.psa.PsaException;
import dev.citadel.psa.PsaStatus;
import dev.citadel.psa.TfmService;
import dev.citadel.psa.crypto.Algorithm;
import dev.citadel.psa.crypto.EccFamily;
import dev.citadel.psa.crypto.KeyAttributes;
import dev.citadel.psa.crypto.KeyType;
import dev.citadel.psa.crypto.KeyUsage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code citadel demo}: a fresh device, its SPE in its own process, and NS calls through the socket. */
@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        description = {
            "Create a fresh virtual device in a temporary directory, start its SPE as a separate process behind a",
            "Unix socket, make PSA client API calls through that socket and show what happens, then stop the SPE."
        })
final class DemoCommand implements Runnable {

    @Option(names = "--keep", description = "Keep the device directory instead of deleting it.")
    boolean keep;

    @Option(names = "--calls", defaultValue = "20000", paramLabel = "N",
            description = "Round trips to time (default: ${DEFAULT-VALUE}).")
    int calls;

    @Override
    public void run() {
        if (calls < 1 || calls > 10_000_000) {
            throw new UserException("--calls must be 1..10000000", Main.USAGE);
        }
        Path dir;
        try {
            dir = Files.createTempDirectory("citadel-demo-");
        } catch (IOException e) {
            throw new UserException("cannot create a temporary directory: " + e.getMessage());
        }
        Path device = dir.resolve("device");
        Path socket = dir.resolve("spe.sock");
        try {
            demo(device, socket);
        } finally {
            if (keep) {
                say("device kept in " + device);
            } else {
                deleteTree(dir);
            }
        }
    }

    private void demo(Path device, Path socket) {
        step("1. Start the SPE as its own process");
        SpeProcess spe;
        try {
            spe = SpeProcess.start(device, socket, line -> say("   [spe] " + line));
        } catch (IOException e) {
            throw new UserException("the SPE did not start: " + e.getMessage());
        }
        try (spe) {
            say("   " + spe.readyLine());
            say("   pid " + spe.pid() + ", ready " + spe.startMillis() + " ms after launch, RSS "
                    + spe.rssKib() / 1024 + " MiB, JVM flags " + String.join(" ", SpeProcess.JVM_FLAGS));
            say("   device " + device + " (mode 0700), socket " + socket + " (mode 0600)");

            try (SocketClient ns = SocketClient.connect(socket)) {
                step("2. Ask the SPM what it implements");
                int fv = ns.frameworkVersion();
                say(String.format("   psa_framework_version() = 0x%04x (FF-M %d.%d)", fv, fv >> 8, fv & 0xFF));
                for (TfmService s : TfmService.values()) {
                    int v = ns.version(s.sid());
                    say(String.format("   psa_version(0x%02X %-37s) = %s", s.sid(), s.serviceName(),
                            v == Psa.VERSION_NONE ? "PSA_VERSION_NONE: not served yet" : v));
                }

                step("3. The SPM's rules, as a non-secure caller meets them");
                show("psa_connect(0xDEAD, 1)          unknown SID", ns.connect(0xDEAD, 1));
                show("psa_call(PSA_NULL_HANDLE, 0)    no handle", ns.call(Psa.NULL_HANDLE, 0, null, null));
                show(String.format("psa_call(0x%08X, 0)         Attestation's stateless handle, no partition yet",
                        TfmService.ATTESTATION.handle()), ns.call(TfmService.ATTESTATION.handle(), 0, null, null));
                show("psa_call(0x40000100, 0)         Crypto without its 56-byte pack iovec",
                        ns.call(TfmService.CRYPTO.handle(), 0, null, null));
                show("psa_call(0x40000100, type -1)   negative type (refused by the NS library)",
                        ns.call(TfmService.CRYPTO.handle(), -1, null, null));
                try {
                    ns.asClient(0);
                } catch (IllegalArgumentException e) {
                    say("   NS client ID 0 ........................ refused: " + e.getMessage());
                }

                step("4. The Crypto partition, through the typed NS API (TF-M's wire format): keys stay in the SPE");
                PsaCrypto crypto = new PsaCrypto(ns);
                byte[] abc = "abc".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
                try {
                    say("   psa_generate_random(16)          = " + HexFormat.of().formatHex(crypto.generateRandom(16)));
                    say("   psa_hash_compute(SHA-256, \"abc\") = "
                            + HexFormat.of().formatHex(crypto.hashCompute(Algorithm.SHA_256, abc)));
                    try (HashOperation op = crypto.hashSetup(Algorithm.SHA_256)) {
                        op.update(abc, 0, 1);
                        op.update(abc, 1, 2);
                        say("   psa_hash_setup/update/update/finish = "
                                + HexFormat.of().formatHex(op.finish()) + " (the same)");
                    }
                    crypto.hashCompare(Algorithm.SHA_256, abc, new byte[32]);
                } catch (PsaException e) {
                    say("   psa_hash_compare(SHA-256, \"abc\", zeros) -> " + PsaStatus.describe(e.status()));
                }
                keysThatStayInside(crypto, abc);

                step("5. Round trips through the socket");
                PsaClient c = ns;
                for (int i = 0; i < Math.min(calls, 5000); i++) {
                    c.version(TfmService.CRYPTO.sid()); // warm-up
                }
                long[] rtt = new long[calls];
                for (int i = 0; i < calls; i++) {
                    long t0 = System.nanoTime();
                    c.version(TfmService.CRYPTO.sid());
                    rtt[i] = System.nanoTime() - t0;
                }
                java.util.Arrays.sort(rtt);
                say(String.format("   %d psa_version calls after warm-up: median %.1f µs, p90 %.1f µs per round trip",
                        calls, rtt[calls / 2] / 1000.0, rtt[calls * 9 / 10] / 1000.0));
                say("   (docs/benchmarks.md has JMH figures; this client sleeps while it waits, the SPE polls)");
                say("   SPE RSS after the calls: " + spe.rssKib() / 1024 + " MiB");
            } catch (IOException e) {
                throw new UserException("cannot reach the SPE: " + e.getMessage());
            }

            step("6. Stop the SPE with SIGTERM");
            int code = spe.stop();
            say("   the SPE exited with code " + code + "; socket removed: " + !Files.exists(socket));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        step("Done. The other PSA services join the SPE as their partitions are built (see README).");
    }

    /** A key generated in the SPE signs; the NS side checks the signature with the JDK, but never sees the key. */
    private static void keysThatStayInside(PsaCrypto crypto, byte[] message) {
        Algorithm ecdsa = Algorithm.ecdsa(Algorithm.SHA_256);
        int key = 0;
        try {
            key = crypto.generateKey(KeyAttributes.builder().type(KeyType.eccKeyPair(EccFamily.SECP_R1)).bits(256)
                    .usage(KeyUsage.of(KeyUsage.SIGN_MESSAGE, KeyUsage.VERIFY_MESSAGE)).algorithm(ecdsa).build());
            say(String.format("   psa_generate_key(ECC P-256, sign, not exportable) = key 0x%08x", key));
            byte[] publicKey = crypto.exportPublicKey(key);
            byte[] signature = crypto.signMessage(key, ecdsa, message);
            say("   psa_sign_message(ECDSA SHA-256, \"abc\") = " + HexFormat.of().formatHex(signature));
            say("   the JDK verifies it with the exported public key: " + jdkVerifies(publicKey, message, signature));
            try {
                crypto.exportKey(key);
                say("   psa_export_key -> the private key came out: this must not happen");
            } catch (PsaException e) {
                say("   psa_export_key -> " + PsaStatus.describe(e.status()) + ": the private key stays in the SPE");
            }
        } catch (PsaException e) {
            say("   the signing key failed: " + PsaStatus.describe(e.status()));
        } finally {
            try {
                crypto.destroyKey(key);
            } catch (PsaException e) {
                say("   psa_destroy_key -> " + PsaStatus.describe(e.status()));
            }
        }
    }

    private static boolean jdkVerifies(byte[] point, byte[] message, byte[] signature) {
        try {
            java.security.AlgorithmParameters ec = java.security.AlgorithmParameters.getInstance("EC");
            ec.init(new java.security.spec.ECGenParameterSpec("secp256r1"));
            java.security.PublicKey pub = java.security.KeyFactory.getInstance("EC").generatePublic(
                    new java.security.spec.ECPublicKeySpec(new java.security.spec.ECPoint(
                            new java.math.BigInteger(1, java.util.Arrays.copyOfRange(point, 1, 33)),
                            new java.math.BigInteger(1, java.util.Arrays.copyOfRange(point, 33, 65))),
                            ec.getParameterSpec(java.security.spec.ECParameterSpec.class)));
            java.security.Signature v = java.security.Signature.getInstance("SHA256withECDSAinP1363Format");
            v.initVerify(pub);
            v.update(message);
            return v.verify(signature);
        } catch (java.security.GeneralSecurityException e) {
            return false;
        }
    }

    private static void show(String what, int status) {
        say("   " + what + " -> " + PsaStatus.describe(status));
    }

    private static void step(String s) {
        System.out.println();
        System.out.println(s);
    }

    private static void say(String s) {
        System.out.println(s);
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temporary directory
        }
    }
}
