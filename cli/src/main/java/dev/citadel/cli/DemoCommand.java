package dev.citadel.cli;

import dev.citadel.ns.SocketClient;
import dev.citadel.ns.attest.PsaInitialAttestation;
import dev.citadel.ns.crypto.HashOperation;
import dev.citadel.ns.crypto.PsaCrypto;
import dev.citadel.ns.its.PsaIts;
import dev.citadel.ns.platform.PsaPlatform;
import dev.citadel.ns.ps.PsaPs;
import dev.citadel.psa.Psa;
import dev.citadel.psa.PsaClient;
import dev.citadel.psa.PsaException;
import dev.citadel.psa.PsaStatus;
import dev.citadel.psa.TfmService;
import dev.citadel.psa.platform.PlatformError;
import dev.citadel.psa.crypto.Algorithm;
import dev.citadel.psa.crypto.EccFamily;
import dev.citadel.psa.crypto.KeyAttributes;
import dev.citadel.psa.crypto.KeyType;
import dev.citadel.psa.crypto.KeyUsage;
import dev.citadel.psa.names.CurveName;
import dev.citadel.psa.names.SignatureName;
import dev.citadel.verifier.SoftwareComponent;
import dev.citadel.verifier.Verdict;
import dev.citadel.verifier.VerificationKey;
import dev.citadel.verifier.Verifier;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code citadel demo}: a fresh device, its SPE in its own process, and NS calls through the socket. */
@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        description = {
            "Show a fresh device at work: secure boot, then its SPE in its own process, called through its socket.",
            "",
            "In a temporary directory: makes two signing keys, signs the SPE manifest and the NS application as",
            "images 0 and 1, creates a device with the keys' ROTPK hashes and flashes the images; boots it (BL2",
            "verifies, the SPE and the NS application start from the verified bytes) and shows each link of the",
            "chain of trust; then makes PSA client API calls through the SPE's socket (crypto, ITS, PS, NV",
            "counters), boots again to show what persisted, and stops."
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
            demo(dir, device, socket);
        } finally {
            if (keep) {
                say("device kept in " + device);
            } else {
                deleteTree(dir);
            }
        }
    }

    private void demo(Path dir, Path device, Path socket) {
        SecureBoot.Verified verified = makeAndVerify(dir, device);
        step("3. The SPE starts from image 0's verified code, with the measurements on its stdin");
        SpeProcess spe = SecureBoot.startSpe(verified, device, socket, line -> say("   [spe] " + line));
        try (spe) {
            say("   " + spe.readyLine());
            say("   pid " + spe.pid() + ", ready " + spe.startMillis() + " ms after launch, RSS "
                    + spe.rssKib() / 1024 + " MiB, JVM flags " + String.join(" ", SpeProcess.JVM_FLAGS));
            say("   device " + device + " (mode 0700), socket " + socket + " (mode 0600)");
            runNsApplication(verified, socket);

            try (SocketClient ns = SocketClient.connect(socket)) {
                step("5. Ask the SPM what it implements (the demo is now an NS client of the SPE that BL2 started)");
                int fv = ns.frameworkVersion();
                say(String.format("   psa_framework_version() = 0x%04x (FF-M %d.%d)", fv, fv >> 8, fv & 0xFF));
                for (TfmService s : TfmService.values()) {
                    int v = ns.version(s.sid());
                    say(String.format("   psa_version(0x%02X %-37s) = %s", s.sid(), s.serviceName(),
                            v == Psa.VERSION_NONE ? "PSA_VERSION_NONE: not served yet" : v));
                }

                step("6. The SPM's rules, as a non-secure caller meets them");
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

                step("7. The Crypto partition, through the typed NS API (TF-M's wire format): keys stay in the SPE");
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

                step("8. Secure storage: ITS (internal flash) with persistent keys, PS (external flash, encrypted), NV counters");
                storeAssets(ns);

                step("9. Initial Attestation: a token over a fresh nonce, checked as a relying party checks it");
                attest(ns, dir.resolve(IAK_PUB), verified);

                step("10. Round trips through the socket");
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
                Arrays.sort(rtt);
                say(String.format("   %d psa_version calls after warm-up: median %.1f µs, p90 %.1f µs per round trip",
                        calls, rtt[calls / 2] / 1000.0, rtt[calls * 9 / 10] / 1000.0));
                say("   (docs/benchmarks.md has JMH figures; this client sleeps while it waits, the SPE polls)");
                say("   SPE RSS after the calls: " + spe.rssKib() / 1024 + " MiB");
            } catch (IOException e) {
                throw new UserException("cannot reach the SPE: " + e.getMessage());
            }

            step("11. Stop the SPE with SIGTERM");
            int code = spe.stop();
            say("   the SPE exited with code " + code + "; socket removed: " + !Files.exists(socket));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        step("12. Boot again: BL2 verifies both images again, the SPE starts on the same device, what was stored"
                + " is still there");
        SecureBoot.Verified again = SecureBoot.verify(device, BootFiles.defaultSpeLib(), line -> {
            if (line.contains("swap type") || line.contains(") verified:")) {
                say("   " + line);
            }
        });
        try (SpeProcess second = SecureBoot.startSpe(again, device, socket, line -> say("   [spe] " + line));
                SocketClient ns = SocketClient.connect(socket)) {
            say("   " + second.readyLine());
            readBack(ns);
            second.stop();
        } catch (IOException e) {
            throw new UserException("the SPE did not start again: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        step("Done.");
    }

    /** Steps 1 and 2: keys, signed images and a new device, as a user makes them; then BL2 over it. */
    private static SecureBoot.Verified makeAndVerify(Path dir, Path device) {
        Path speLib = BootFiles.defaultSpeLib();
        Path nsApp = BootFiles.defaultNsApp();
        if (!Files.isRegularFile(nsApp)) {
            throw new UserException("the NS application " + nsApp + " is missing (build with ./citadel)");
        }
        Path key0 = dir.resolve("spe-key.pem");
        Path key1 = dir.resolve("ns-key.pem");
        Path manifest = dir.resolve("spe-manifest.bin");
        Path image0 = dir.resolve("spe-signed.bin");
        Path image1 = dir.resolve("nsapp-signed.bin");
        step("1. Secure boot: two signing keys, the SPE manifest and the NS jar signed as images 0 and 1, a new device");
        citadel("image", "keygen", "-k", key0.toString(), "-t", "ecdsa-p256");
        citadel("image", "keygen", "-k", key1.toString(), "-t", "ecdsa-p256");
        citadel("image", "spe-manifest", "--lib", speLib.toString(), "-o", manifest.toString());
        sign(key0, "SPE", 0x20000, manifest, image0);
        sign(key1, "NSPE", 0x90000, nsApp, image1);
        citadel("device", "init", device.toString(), "--rotpk0", key0.toString(), "--rotpk1", key1.toString());
        citadel("device", "iak-pub", device.toString(), "-o", dir.resolve(IAK_PUB).toString());
        citadel("device", "flash", device.toString(), "--image", "0", image0.toString());
        citadel("device", "flash", device.toString(), "--image", "1", image1.toString());

        step("2. BL2: the swap decision, both images verified, the SPE's jars admitted, the measurements made");
        SecureBoot.Verified v = SecureBoot.verify(device, speLib, line -> say("   " + line));
        say("");
        say("   The chain of trust, link by link:");
        say("   a. OTP ROTPK_0 = SHA-256 of the PUBKEY that image 0 carries: " + hex(v.spe().signerKeyHash()));
        say("   b. image 0 " + v.spe().version() + ": its " + v.spe().signerType().imgtoolName() + " signature over"
                + " SHA-256 " + hex(v.spe().hash()) + " verified (header, manifest, SEC_CNT "
                + v.spe().securityCounter().orElse(-1) + ", BOOT_RECORD)");
        say("   c. image 0's payload, the SPE manifest, pins " + v.speCode().manifest().jars().size() + " jars ("
                + v.speCode().codeBytes() + " bytes) by SHA-256 and size: each read once, matched, kept in memory;"
                + " only those bytes are piped to the SPE's JVM");
        say("   d. OTP ROTPK_1 = " + hex(v.ns().signerKeyHash()) + " -> image 1 " + v.ns().version()
                + " signature verified -> its payload, nsapp.jar (" + v.nsJar().length + " bytes), runs from memory");
        say("   e. both images' measurements (hash, signer, version, type) go to the SPE as TF-M's shared boot data ("
                + v.sharedData().length + " bytes, on its stdin)");
        return v;
    }

    private static void sign(Path key, String swType, int slot, Path payload, Path out) {
        citadel("image", "sign", "-k", key.toString(), "--public-key-format", "full", "-v", "1.0.0", "-s", "1",
                "--boot-record", swType, "-H", "0x400", "--pad-header", "-S", "0x" + Integer.toHexString(slot),
                "--align", "16", "--max-sectors", "144", payload.toString(), out.toString());
    }

    /** Runs one citadel command as the user would type it, showing it and its output. */
    private static void citadel(String... args) {
        say("   $ citadel " + String.join(" ", args));
        java.io.PrintStream out = System.out;
        java.io.ByteArrayOutputStream buf = new java.io.ByteArrayOutputStream();
        System.setOut(new java.io.PrintStream(buf, true, java.nio.charset.StandardCharsets.UTF_8));
        int code;
        try {
            code = Main.run(args);
        } finally {
            System.setOut(out);
        }
        buf.toString(java.nio.charset.StandardCharsets.UTF_8).lines().forEach(l -> say("     " + l));
        if (code != 0) {
            throw new UserException("the demo stopped: citadel " + args[0] + " " + args[1] + " failed");
        }
    }

    /** The NS application from image 1's verified jar, told the socket in CITADEL_SOCKET. */
    private static void runNsApplication(SecureBoot.Verified v, Path socket) {
        step("4. The NS application starts from image 1's verified jar, with CITADEL_SOCKET");
        Process app = SecureBoot.startNs(v, socket, List.of());
        try {
            String out = new String(app.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            String err = new String(app.getErrorStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            int code = app.waitFor();
            out.lines().forEach(l -> say("   [ns] " + l));
            err.lines().forEach(l -> say("   [ns] " + l));
            say("   the NS application exited with status " + code);
        } catch (IOException e) {
            say("   the NS application's output could not be read: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            app.destroyForcibly();
        }
    }

    private static String hex(byte[] b) {
        return SecureBoot.shortHex(b);
    }

    /** Where step 1 saves the IAK's public key, as a factory records it for relying parties. */
    private static final String IAK_PUB = "iak-pub.pem";

    /**
     * Step 9: the token the NS world gets for a fresh nonce, verified with nothing but the IAK's public key recorded
     * at provisioning; its software components are the measurements BL2 made in step 2.
     */
    private static void attest(PsaClient ns, Path iakPub, SecureBoot.Verified v) {
        byte[] nonce = new byte[32];
        new SecureRandom().nextBytes(nonce);
        byte[] token;
        try {
            token = new PsaInitialAttestation(ns).getToken(nonce);
        } catch (PsaException e) {
            say("   psa_initial_attest_get_token refused: " + e.getMessage());
            return;
        }
        say("   psa_initial_attest_get_token(nonce " + hex(nonce).substring(0, 16) + "...) = " + token.length
                + "-byte COSE_Sign1, signed with the IAK inside the SPE");
        Verdict verdict;
        try {
            verdict = Verifier.verify(token, VerificationKey.fromPem(
                    Files.readString(iakPub)), nonce, null);
        } catch (IOException | IllegalArgumentException e) {
            say("   the IAK public key could not be read: " + e.getMessage());
            return;
        }
        say("   verifier (IAK public key from " + iakPub.getFileName() + ", expected nonce): "
                + (verdict.ok() ? "VALID" : "INVALID: " + verdict.reason().map(Object::toString).orElse("")));
        verdict.token().ifPresent(t -> {
            say("   profile " + t.profile().definition() + ", caller client ID "
                    + (t.clientId() < 0 ? "-0x" + Integer.toHexString(-t.clientId()) : Integer.toString(t.clientId()))
                    + ", instance ID " + hex(t.instanceId()).substring(0, 16) + "... (bound to the IAK)");
            byte[][] booted = {v.spe().hash(), v.ns().hash()};
            for (int i = 0; i < t.softwareComponents().size(); i++) {
                SoftwareComponent c = t.softwareComponents().get(i);
                boolean same = i < booted.length && Arrays.equals(c.measurementValue(), booted[i]);
                say("   " + c.measurementType().orElse("?") + " " + c.version().orElse("?") + " measurement "
                        + hex(c.measurementValue()).substring(0, 16) + "... "
                        + (same ? "= the hash BL2 verified in step 2" : "differs from what BL2 verified"));
            }
        });
    }

    private static final long CONFIG_UID = 0x1;
    private static final long SERIAL_UID = 0x2;
    private static final int DEVICE_KEY_ID = 0x100;
    private static final long TOKEN_UID = 0x7;
    private static final byte[] TOKEN = "refresh-token-3f9a".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final byte[] CONFIG = "mqtt.example.net:8883".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    /** ITS assets of this NS client, one write-once, and an NS NV counter step. */
    private static void storeAssets(PsaClient ns) {
        PsaIts its = new PsaIts(ns);
        PsaPlatform platform = new PsaPlatform(ns);
        try {
            its.set(CONFIG_UID, CONFIG, PsaIts.FLAG_NONE);
            say("   psa_its_set(uid 1, \"" + new String(CONFIG, java.nio.charset.StandardCharsets.US_ASCII)
                    + "\") = PSA_SUCCESS (copy-on-write, committed before the reply)");
            PsaIts.Info info = its.getInfo(CONFIG_UID);
            say("   psa_its_get_info(uid 1) = size " + info.size() + ", flags " + info.flags());
            its.set(SERIAL_UID, "SN-0001".getBytes(java.nio.charset.StandardCharsets.US_ASCII),
                    PsaIts.FLAG_WRITE_ONCE);
            say("   psa_its_set(uid 2, \"SN-0001\", WRITE_ONCE) = PSA_SUCCESS");
        } catch (PsaException e) {
            say("   ITS failed: " + PsaStatus.describe(e.status()));
        }
        try {
            its.set(SERIAL_UID, "SN-9999".getBytes(java.nio.charset.StandardCharsets.US_ASCII), PsaIts.FLAG_NONE);
            say("   psa_its_set(uid 2, ...) again -> replaced: this must not happen");
        } catch (PsaException e) {
            say("   psa_its_set(uid 2, \"SN-9999\") -> " + PsaStatus.describe(e.status()) + ": write-once holds");
        }
        try {
            new PsaPs(ns).set(TOKEN_UID, TOKEN, PsaPs.FLAG_NONE);
            say("   psa_ps_set(uid 7, \"" + new String(TOKEN, java.nio.charset.StandardCharsets.US_ASCII)
                    + "\") = PSA_SUCCESS: AES-GCM under a HUK-derived key, table bound to the PS NV counters");
        } catch (PsaException e) {
            say("   psa_ps_set -> " + PsaStatus.describe(e.status()));
        }
        PsaCrypto crypto = new PsaCrypto(ns);
        try {
            int id = crypto.generateKey(KeyAttributes.builder().type(KeyType.eccKeyPair(EccFamily.SECP_R1)).bits(256)
                    .usage(KeyUsage.of(KeyUsage.SIGN_MESSAGE)).algorithm(Algorithm.ecdsa(Algorithm.SHA_256))
                    .id(DEVICE_KEY_ID).build());
            say(String.format("   psa_generate_key(ECC P-256, persistent id 0x%x) = key 0x%x: its key file is an ITS"
                    + " asset of the Crypto partition (client 259)", DEVICE_KEY_ID, id));
        } catch (PsaException e) {
            say("   psa_generate_key(persistent) -> " + PsaStatus.describe(e.status()));
        }
        byte[] val = new byte[4];
        say("   tfm_platform_nv_counter_increment(NS counter 0) = " + platform.nvCounterIncrement(0));
        say("   tfm_platform_nv_counter_read(NS counter 0) = " + platform.nvCounterRead(0, val) + ", value "
                + PsaPlatform.counterValue(val));
    }

    /** What {@link #storeAssets} left, read by a new SPE process. */
    private static void readBack(PsaClient ns) {
        PsaIts its = new PsaIts(ns);
        try {
            byte[] config = its.get(CONFIG_UID, 0, 64);
            byte[] serial = its.get(SERIAL_UID, 0, 64);
            say("   psa_its_get(uid 1) = \"" + new String(config, java.nio.charset.StandardCharsets.US_ASCII)
                    + "\", psa_its_get(uid 2) = \"" + new String(serial, java.nio.charset.StandardCharsets.US_ASCII)
                    + "\"");
        } catch (PsaException e) {
            say("   psa_its_get -> " + PsaStatus.describe(e.status()));
        }
        try {
            say("   psa_ps_get(uid 7) = \"" + new String(new PsaPs(ns).get(TOKEN_UID, 0, 64),
                    java.nio.charset.StandardCharsets.US_ASCII) + "\" (decrypted with the same HUK, from OTP)");
        } catch (PsaException e) {
            say("   psa_ps_get -> " + PsaStatus.describe(e.status()));
        }
        PsaCrypto crypto = new PsaCrypto(ns);
        byte[] message = "telemetry".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        try {
            byte[] signature = crypto.signMessage(DEVICE_KEY_ID, Algorithm.ecdsa(Algorithm.SHA_256), message);
            say(String.format("   psa_sign_message(key 0x%x, \"telemetry\") with the key made before the restart:"
                    + " JDK verifies %s", DEVICE_KEY_ID,
                    jdkVerifies(crypto.exportPublicKey(DEVICE_KEY_ID), message, signature)));
            crypto.destroyKey(DEVICE_KEY_ID);
            say("   psa_destroy_key(0x" + Integer.toHexString(DEVICE_KEY_ID) + ") = PSA_SUCCESS (its file removed)");
        } catch (PsaException e) {
            say("   the persistent key failed: " + PsaStatus.describe(e.status()));
        }
        byte[] val = new byte[4];
        PlatformError read = new PsaPlatform(ns).nvCounterRead(0, val);
        say("   tfm_platform_nv_counter_read(NS counter 0) = " + read + ", value " + PsaPlatform.counterValue(val));
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
            ec.init(new java.security.spec.ECGenParameterSpec(CurveName.SECP256R1.jcaName()));
            java.security.PublicKey pub = java.security.KeyFactory.getInstance("EC").generatePublic(
                    new java.security.spec.ECPublicKeySpec(new java.security.spec.ECPoint(
                            new java.math.BigInteger(1, Arrays.copyOfRange(point, 1, 33)),
                            new java.math.BigInteger(1, Arrays.copyOfRange(point, 33, 65))),
                            ec.getParameterSpec(java.security.spec.ECParameterSpec.class)));
            java.security.Signature v = java.security.Signature.getInstance(
                    SignatureName.ECDSA_SHA256.p1363JcaName().orElseThrow());
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
