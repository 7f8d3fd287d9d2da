package dev.citadel.spe.fwu;

import dev.citadel.boot.image.VerifiedImage;
import dev.citadel.psa.PsaStatus;
import dev.citadel.psa.fwu.FwuState;

/** One component's context in RAM (TF-M's {@code {error, component_state, in_use}}), plus what was written. */
final class Component {
    final int id;
    private FwuState state;
    private int error;
    /** One past the highest byte written since start: what finish verifies and the candidate digest covers. */
    private long written;
    private VerifiedImage candidate;
    private byte[] digest;

    Component(int id, FwuState state) {
        this.id = id;
        this.state = state;
    }

    FwuState state() {
        return state;
    }

    int error() {
        return error;
    }

    long written() {
        return written;
    }

    VerifiedImage candidate() {
        return candidate;
    }

    byte[] digest() {
        return digest;
    }

    void wrote(long end) {
        written = Math.max(written, end);
    }

    /** READY -> WRITING: nothing written yet. */
    void startWriting() {
        state = FwuState.WRITING;
        error = PsaStatus.SUCCESS.value();
        written = 0;
        candidate = null;
        digest = null;
    }

    void becomeCandidate(VerifiedImage image, byte[] sha256) {
        state = FwuState.CANDIDATE;
        candidate = image;
        digest = sha256.clone();
    }

    /** Into {@code next} with {@code status} recorded as info.error (kept only in FAILED and REJECTED). */
    void moveTo(FwuState next, int status) {
        state = next;
        error = status;
        if (next != FwuState.CANDIDATE && next != FwuState.STAGED) {
            digest = null;
        }
    }

    /** Back to READY after the secondary slot was erased. */
    void reset() {
        state = FwuState.READY;
        error = PsaStatus.SUCCESS.value();
        written = 0;
        candidate = null;
        digest = null;
    }
}
