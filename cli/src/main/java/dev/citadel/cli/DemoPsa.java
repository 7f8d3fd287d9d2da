package dev.citadel.cli;

import dev.citadel.ns.SocketClient;
import dev.citadel.ns.attest.PsaInitialAttestation;
import dev.citadel.ns.crypto.PsaCrypto;
import dev.citadel.ns.its.PsaIts;
import dev.citadel.ns.ps.PsaPs;
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
import dev.citadel.psa.names.CurveName;
import dev.citadel.psa.names.SignatureName;
import dev.citadel.verifier.SoftwareComponent;
import dev.citadel.verifier.Verdict;
import dev.citadel.verifier.VerificationKey;
import dev.citadel.verifier.Verifier;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.function.Consumer;

/**
 * The demo's calls to the PSA services, as an NS client of the SPE: what the SPM serves, a key that signs but never
 * leaves the SPE, the storage services (read back after the later reboots), and an attestation token checked as a
 * relying party checks it.
 */
final class DemoPsa {
    private static final long CONFIG_UID = 0x1;
    private static final long SERIAL_UID = 0x2;
    private static final long TOKEN_UID = 0x100;
    private static final byte[] CONFIG = ascii("mqtt.example.net:8883");
    private static final byte[] SERIAL = ascii("SN-0001");
    private static final byte[] TOKEN = ascii("refresh-token-3f9a");

    private DemoPsa() {}

    /** What the tour found: whether each rule held, and a line for the summary. */
    record Findings(boolean asExpected, String summary) {}

    /** The SPM's services, a key that stays inside, ITS (one asset write-once) and PS. */
    static Findings tour(SocketClient ns, Consumer<String> say) {
        int fv = ns.frameworkVersion();
        say.accept(String.format("psa_framework_version() = 0x%04x (FF-M %d.%d)", fv, fv >> 8, fv & 0xFF));
        int served = 0;
        StringBuilder services = new StringBuilder();
        for (TfmService s : TfmService.values()) {
            int v = ns.version(s.sid());
            if (v != Psa.VERSION_NONE) {
                served++;
                services.append(services.length() == 0 ? "" : ", ").append(s.serviceName());
            }
        }
        say.accept("psa_version: " + served + " of " + TfmService.values().length + " services served ("
                + services + ")");
        PsaClient client = ns.defaultClient();
        boolean inside = keyStaysInside(new PsaCrypto(client), say);
        boolean stored = store(client, say);
        return new Findings(served == TfmService.values().length && inside && stored, served
                + " services; a private key signs and cannot be exported; ITS write-once holds; PS stored");
    }

    private static boolean keyStaysInside(PsaCrypto crypto, Consumer<String> say) {
        Algorithm ecdsa = Algorithm.ecdsa(Algorithm.SHA_256);
        byte[] message = ascii("abc");
        int key = 0;
        try {
            key = crypto.generateKey(KeyAttributes.builder().type(KeyType.eccKeyPair(EccFamily.SECP_R1)).bits(256)
                    .usage(KeyUsage.of(KeyUsage.SIGN_MESSAGE)).algorithm(ecdsa).build());
            byte[] signature = crypto.signMessage(key, ecdsa, message);
            boolean verifies = jdkVerifies(crypto.exportPublicKey(key), message, signature);
            say.accept(String.format("psa_generate_key(ECC P-256) = key 0x%08x; psa_sign_message(\"abc\"): the JDK"
                    + " verifies it with the exported public key: %s", key, verifies));
            try {
                crypto.exportKey(key);
                say.accept("psa_export_key -> the private key came out: this must not happen");
                return false;
            } catch (PsaException e) {
                say.accept("psa_export_key -> " + PsaStatus.describe(e.status()) + ": the private key stays in the"
                        + " SPE");
                return verifies && e.status() == PsaStatus.NOT_PERMITTED.value();
            }
        } catch (PsaException e) {
            say.accept("the signing key failed: " + PsaStatus.describe(e.status()));
            return false;
        } finally {
            try {
                crypto.destroyKey(key);
            } catch (PsaException ignored) {
                // not made
            }
        }
    }

    private static boolean store(PsaClient client, Consumer<String> say) {
        PsaIts its = new PsaIts(client);
        try {
            its.set(CONFIG_UID, CONFIG, PsaIts.FLAG_NONE);
            its.set(SERIAL_UID, SERIAL, PsaIts.FLAG_WRITE_ONCE);
            say.accept("psa_its_set(uid 1, \"" + text(CONFIG) + "\"), psa_its_set(uid 2, \"" + text(SERIAL)
                    + "\", WRITE_ONCE) = PSA_SUCCESS");
        } catch (PsaException e) {
            say.accept("ITS failed: " + PsaStatus.describe(e.status()));
            return false;
        }
        boolean writeOnce;
        try {
            its.set(SERIAL_UID, ascii("SN-9999"), PsaIts.FLAG_NONE);
            say.accept("psa_its_set(uid 2, ...) again -> replaced: this must not happen");
            writeOnce = false;
        } catch (PsaException e) {
            say.accept("psa_its_set(uid 2, \"SN-9999\") -> " + PsaStatus.describe(e.status()) + ": write-once holds");
            writeOnce = e.status() == PsaStatus.NOT_PERMITTED.value();
        }
        try {
            new PsaPs(client).set(TOKEN_UID, TOKEN, PsaPs.FLAG_NONE);
            say.accept("psa_ps_set(uid 0x100, \"" + text(TOKEN) + "\") = PSA_SUCCESS (AES-GCM under a HUK-derived key)");
            return writeOnce;
        } catch (PsaException e) {
            say.accept("psa_ps_set -> " + PsaStatus.describe(e.status()));
            return false;
        }
    }

    /** What {@link #tour} stored, read by the SPE of a later boot. */
    static boolean readBack(SocketClient ns, Consumer<String> say) {
        PsaClient client = ns.defaultClient();
        try {
            byte[] config = new PsaIts(client).get(CONFIG_UID, 0, 64);
            byte[] serial = new PsaIts(client).get(SERIAL_UID, 0, 64);
            byte[] token = new PsaPs(client).get(TOKEN_UID, 0, 64);
            say.accept("psa_its_get(uid 1) = \"" + text(config) + "\", psa_its_get(uid 2) = \"" + text(serial)
                    + "\", psa_ps_get(uid 0x100) = \"" + text(token) + "\"");
            return Arrays.equals(config, CONFIG) && Arrays.equals(serial, SERIAL) && Arrays.equals(token, TOKEN);
        } catch (PsaException e) {
            say.accept("reading back failed: " + PsaStatus.describe(e.status()));
            return false;
        }
    }

    /**
     * A token over a fresh nonce, verified with nothing but the IAK's public key recorded at manufacture; its software
     * components must be the measurements BL2 made of the images it booted.
     */
    static boolean attest(SocketClient ns, Path iakPub, SecureBoot.Verified v, Consumer<String> say) {
        byte[] nonce = new byte[32];
        new SecureRandom().nextBytes(nonce);
        byte[] token;
        try {
            token = new PsaInitialAttestation(ns.defaultClient()).getToken(nonce);
        } catch (PsaException e) {
            say.accept("psa_initial_attest_get_token refused: " + e.getMessage());
            return false;
        }
        say.accept("psa_initial_attest_get_token(nonce " + SecureBoot.shortHex(nonce) + ") = " + token.length
                + "-byte COSE_Sign1, signed with the IAK inside the SPE");
        Verdict verdict;
        try {
            verdict = Verifier.verify(token, VerificationKey.fromPem(Files.readString(iakPub)), nonce, null);
        } catch (IOException | IllegalArgumentException e) {
            say.accept("the IAK public key could not be read: " + e.getMessage());
            return false;
        }
        say.accept("verifier (IAK public key from " + iakPub.getFileName() + ", expected nonce): "
                + (verdict.ok() ? "VALID" : "INVALID: " + verdict.reason().map(Object::toString).orElse("")));
        if (verdict.token().isEmpty()) {
            return false;
        }
        var t = verdict.token().get();
        say.accept("profile " + t.profile().definition() + ", client ID " + (t.clientId() < 0
                ? "-0x" + Integer.toHexString(-t.clientId()) : Integer.toString(t.clientId())) + ", instance ID "
                + SecureBoot.shortHex(t.instanceId()) + " (bound to the IAK)");
        byte[][] booted = {v.spe().hash(), v.ns().hash()};
        boolean all = t.softwareComponents().size() == booted.length;
        for (int i = 0; i < t.softwareComponents().size(); i++) {
            SoftwareComponent c = t.softwareComponents().get(i);
            boolean same = i < booted.length && Arrays.equals(c.measurementValue(), booted[i]);
            all &= same;
            say.accept(c.measurementType().orElse("?") + " " + c.version().orElse("?") + " measurement "
                    + SecureBoot.shortHex(c.measurementValue()) + (same ? " = the hash BL2 verified"
                    : " differs from what BL2 verified"));
        }
        return verdict.ok() && all;
    }

    private static boolean jdkVerifies(byte[] point, byte[] message, byte[] signature) {
        try {
            java.security.AlgorithmParameters ec = java.security.AlgorithmParameters.getInstance("EC");
            ec.init(new ECGenParameterSpec(CurveName.SECP256R1.jcaName()));
            java.security.PublicKey pub = KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(
                    new ECPoint(new BigInteger(1, Arrays.copyOfRange(point, 1, 33)),
                            new BigInteger(1, Arrays.copyOfRange(point, 33, 65))),
                    ec.getParameterSpec(ECParameterSpec.class)));
            Signature s = Signature.getInstance(SignatureName.ECDSA_SHA256.p1363JcaName().orElseThrow());
            s.initVerify(pub);
            s.update(message);
            return s.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static String text(byte[] b) {
        return new String(b, StandardCharsets.US_ASCII);
    }

    static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }
}
