package dev.citadel.ota;

import dev.citadel.ns.crypto.PsaCrypto;
import dev.citadel.ns.fwu.PsaFwu;
import dev.citadel.psa.PsaException;
import dev.citadel.psa.PsaStatus;
import dev.citadel.psa.crypto.Algorithm;
import dev.citadel.psa.der.EcdsaSignatures;
import dev.citadel.psa.fwu.ComponentInfo;
import dev.citadel.psa.fwu.FwuState;
import dev.citadel.psa.fwu.FwuWire;
import dev.citadel.psa.names.CurveName;

/**
 * One FWU component as the agent's write target (the OTA PAL's role): start, writes of at most
 * {@code PSA_FWU_MAX_WRITE_SIZE} at the block's offset, finish, the job signature checked in the SPE, install and
 * the reboot request; {@link #abandon()} leaves the component READY with the running image untouched.
 */
final class FwuTarget {
    private static final int P256_FIELD = CurveName.SECP256R1.fieldBytes();

    private final PsaFwu fwu;
    private final PsaCrypto crypto;
    private final int component;
    private final int codeVerifyKey;

    FwuTarget(PsaFwu fwu, PsaCrypto crypto, int component, int codeVerifyKey) {
        this.fwu = fwu;
        this.crypto = crypto;
        this.component = component;
        this.codeVerifyKey = codeVerifyKey;
    }

    int component() {
        return component;
    }

    ComponentInfo query() throws OtaException {
        byte[] raw = new byte[ComponentInfo.SIZE];
        int s = fwu.query(component, raw);
        if (s != 0) {
            throw new OtaException(Refusal.DEVICE_ERROR, "psa_fwu_query(" + component + ") returned "
                    + PsaStatus.describe(s));
        }
        return ComponentInfo.decode(raw);
    }

    /** psa_fwu_start; a component left WRITING, CANDIDATE, FAILED or UPDATED by an earlier run is cleaned first. */
    void start() throws OtaException {
        FwuState state = query().state();
        if (state == FwuState.WRITING || state == FwuState.CANDIDATE) {
            fwu.cancel(component);
            state = FwuState.FAILED;
        }
        if (state == FwuState.FAILED || state == FwuState.UPDATED) {
            check(fwu.clean(component), "psa_fwu_clean", Refusal.DEVICE_ERROR);
        } else if (state != FwuState.READY) {
            throw new OtaException(Refusal.DEVICE_ERROR, "component " + component + " is " + state
                    + "; an update is already installed or on trial");
        }
        check(fwu.start(component, null), "psa_fwu_start", Refusal.DEVICE_ERROR);
    }

    void write(long offset, byte[] data) throws OtaException {
        for (int done = 0; done < data.length; done += FwuWire.MAX_WRITE_SIZE) {
            int n = Math.min(FwuWire.MAX_WRITE_SIZE, data.length - done);
            int s = fwu.write(component, offset + done, data, done, n);
            if (s != 0) {
                throw new OtaException(Refusal.DEVICE_ERROR, "psa_fwu_write at offset " + (offset + done)
                        + " returned " + PsaStatus.describe(s));
            }
        }
    }

    /** psa_fwu_finish: the SPE verifies the image as BL2 will; returns the SHA-256 of what was written. */
    byte[] finish() throws OtaException {
        int s = fwu.finish(component);
        if (s != 0) {
            throw new OtaException(Refusal.IMAGE_REFUSED, "psa_fwu_finish refused the image for component "
                    + component + ": " + PsaStatus.describe(s));
        }
        return query().candidateDigest();
    }

    /** psa_verify_hash with the code-verify key over the digest the SPE computed of the written file. */
    void verify(byte[] digest, byte[] derSignature) throws OtaException {
        byte[] raw;
        try {
            raw = EcdsaSignatures.toRaw(derSignature, P256_FIELD);
        } catch (java.security.SignatureException e) {
            throw new OtaException(Refusal.BAD_SIGNATURE, e.getMessage());
        }
        try {
            crypto.verifyHash(codeVerifyKey, Algorithm.ecdsa(Algorithm.SHA_256), digest, raw);
        } catch (PsaException e) {
            String why = e.status() == PsaStatus.INVALID_SIGNATURE.value()
                    ? "the signature does not verify with the code-verify key"
                    : "the code-verify key " + String.format("0x%x", codeVerifyKey) + " cannot verify";
            throw new OtaException(Refusal.BAD_SIGNATURE, why + " (psa_verify_hash: "
                    + PsaStatus.describe(e.status()) + ")");
        }
    }

    void install() throws OtaException {
        int s = fwu.install();
        if (s != PsaStatus.SUCCESS_REBOOT.value() && s != 0) {
            throw new OtaException(Refusal.IMAGE_REFUSED, "psa_fwu_install returned " + PsaStatus.describe(s));
        }
    }

    void requestReboot() throws OtaException {
        check(fwu.requestReboot(), "psa_fwu_request_reboot", Refusal.DEVICE_ERROR);
    }

    /** Cancel and clean: whatever was written is erased and the component is READY again. Never throws. */
    void abandon() {
        try {
            FwuState state = query().state();
            if (state == FwuState.WRITING || state == FwuState.CANDIDATE) {
                fwu.cancel(component);
                state = FwuState.FAILED;
            }
            if (state == FwuState.FAILED) {
                fwu.clean(component);
            }
        } catch (OtaException | RuntimeException e) {
            // the SPE is gone: on its next start the component is READY (volatile staging)
        }
    }

    private void check(int status, String call, Refusal refusal) throws OtaException {
        if (status < 0) {
            throw new OtaException(refusal, call + "(" + component + ") returned " + PsaStatus.describe(status));
        }
    }
}
