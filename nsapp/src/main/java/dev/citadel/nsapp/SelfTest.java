package dev.citadel.nsapp;

import dev.citadel.ns.crypto.PsaCrypto;
import dev.citadel.ns.fwu.PsaFwu;
import dev.citadel.ns.its.PsaIts;
import dev.citadel.psa.PsaClient;
import dev.citadel.psa.PsaException;
import dev.citadel.psa.PsaStatus;
import dev.citadel.psa.crypto.Algorithm;
import dev.citadel.psa.fwu.ComponentInfo;
import dev.citadel.psa.fwu.FwuState;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.function.Consumer;

/**
 * What the NS application does first at every start: it reports the version it runs, and when an image runs on trial
 * (FWU state TRIAL, after BL2's test swap) it tests itself and confirms the image with {@code psa_fwu_accept}, or
 * rejects it with {@code psa_fwu_reject} and asks for the reboot in which BL2 reverts it.
 *
 * <p>The self-test reaches the SPE ({@code psa_framework_version}), checks a known SHA-256 answer computed there, and
 * makes an ITS round trip (set, get, compare, remove). A test hook lets an image fail on purpose: a resource
 * {@value #HOOK} beside this class in the image's jar holding {@code fail} (the self-test fails) or {@code crash} (the
 * application exits with status {@value #CRASH_STATUS} before deciding, as a crash would).
 */
final class SelfTest {
    /** The resource, in this package, that makes an image fail its self-test on purpose. */
    static final String HOOK = "selftest-hook";
    /** The exit status of the {@code crash} hook (128 + SIGABRT, as an abort shows). */
    static final int CRASH_STATUS = 134;
    /** The {@code psa_status_t} that {@code psa_fwu_reject} records (in {@code info.error}) for a failed self-test. */
    static final int REJECT_ERROR = PsaStatus.GENERIC_ERROR.value();
    /** The NS application's own component: image 1. */
    static final int OWN_COMPONENT = 1;
    private static final int COMPONENTS = 2;
    private static final long ITS_UID = 0x5E1F_7E57L;
    private static final byte[] ABC_SHA256 = HexFormat.of()
            .parseHex("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");

    private final PsaClient client;
    private final PsaFwu fwu;
    private final Consumer<String> say;

    SelfTest(PsaClient client, Consumer<String> say) {
        this.client = client;
        this.fwu = new PsaFwu(client);
        this.say = say;
    }

    /**
     * Reports the running version; on a trial, tests and decides.
     *
     * @return false when the image was rejected and a reboot requested: the application must end
     */
    boolean onStart() {
        FwuState[] states = new FwuState[COMPONENTS];
        ComponentInfo own = null;
        for (int c = 0; c < COMPONENTS; c++) {
            ComponentInfo info = fwu.query(c);
            states[c] = info.state();
            if (c == OWN_COMPONENT) {
                own = info;
            }
        }
        say.accept("running image " + OWN_COMPONENT + " version " + own.version() + " (FWU: image 0 " + states[0]
                + ", image 1 " + states[1] + ")");
        if (states[0] != FwuState.TRIAL && states[1] != FwuState.TRIAL) {
            return true;
        }
        String failure = failure();
        if (failure == null) {
            say.accept("self-test passed: framework version, SHA-256 known answer, ITS round trip");
            int st = fwu.accept();
            say.accept("psa_fwu_accept: " + PsaStatus.describe(st) + (st == 0 ? "; the trial image is confirmed" : ""));
            return true;
        }
        say.accept("self-test failed: " + failure);
        int st = fwu.reject(REJECT_ERROR);
        say.accept("psa_fwu_reject: " + PsaStatus.describe(st) + "; BL2 reverts the trial image at the next boot");
        st = fwu.requestReboot();
        say.accept("psa_fwu_request_reboot: " + PsaStatus.describe(st));
        return false;
    }

    /** The first failed check, or null when all pass. */
    private String failure() {
        String hook = hook();
        if (hook.equals("crash")) {
            say.accept("self-test: this image carries the crash hook; exiting with status " + CRASH_STATUS);
            System.out.flush();
            Runtime.getRuntime().halt(CRASH_STATUS);
        }
        if (hook.equals("fail")) {
            return "this image carries the fail hook (" + HOOK + ")";
        }
        try {
            if (client.frameworkVersion() <= 0) {
                return "psa_framework_version answered nothing";
            }
            byte[] h = new PsaCrypto(client).hashCompute(Algorithm.SHA_256, "abc".getBytes(StandardCharsets.US_ASCII));
            if (!MessageDigest.isEqual(h, ABC_SHA256)) {
                return "SHA-256(\"abc\") from the SPE is wrong";
            }
            byte[] data = new byte[16];
            new SecureRandom().nextBytes(data);
            PsaIts its = new PsaIts(client);
            its.set(ITS_UID, data, PsaIts.FLAG_NONE);
            byte[] back = its.get(ITS_UID, 0, data.length);
            its.remove(ITS_UID);
            return MessageDigest.isEqual(data, back) ? null : "ITS returned other bytes than were stored";
        } catch (PsaException e) {
            return "the SPE refused a call: " + e.getMessage();
        }
    }

    private static String hook() {
        try (InputStream in = SelfTest.class.getResourceAsStream(HOOK)) {
            return in == null ? "" : new String(in.readAllBytes(), StandardCharsets.US_ASCII).trim();
        } catch (IOException e) {
            return "";
        }
    }
}
