package dev.citadel.spe.fwu;

import dev.citadel.boot.image.ImageVerifier;
import dev.citadel.boot.image.Refusal;
import dev.citadel.boot.image.VerificationResult;
import dev.citadel.boot.image.VerifiedImage;
import dev.citadel.hal.flash.FlashException;
import dev.citadel.psa.PsaStatus;
import java.util.EnumMap;
import java.util.Map;

/**
 * What {@code psa_fwu_finish} checks before a candidate may be installed, so that BL2 will not refuse it at the next
 * boot: MCUboot's header and TLV layout, the hash, a signature by the key whose hash OTP holds for the image
 * ({@code ROTPK_i}), a security counter not below BL2's stored one, the image within its slot (less the trailer),
 * and a BOOT_RECORD, without which BL2 cannot measure the image.
 */
final class CandidateCheck {
    /** The one table from BL2's refusals to FWU statuses; a refusal not listed is {@code INVALID_ARGUMENT}. */
    private static final Map<Refusal, PsaStatus> STATUS = new EnumMap<>(Refusal.class);

    static {
        for (Refusal r : Refusal.values()) {
            STATUS.put(r, PsaStatus.INVALID_ARGUMENT);
        }
        for (Refusal r : new Refusal[] {Refusal.HASH_MISSING, Refusal.HASH_MISMATCH, Refusal.KEY_UNKNOWN,
            Refusal.KEY_NOT_ALLOWED, Refusal.SIGNATURE_MISSING, Refusal.SIGNATURE_TYPE_MISMATCH,
            Refusal.BAD_SIGNATURE}) {
            STATUS.put(r, PsaStatus.INVALID_SIGNATURE);
        }
    }

    private CandidateCheck() {}

    /** The verdict: the verified image, or the status and one line saying why not. */
    sealed interface Verdict {
        record Accepted(VerifiedImage image, byte[] bytes) implements Verdict {}

        record Refused(PsaStatus status, String reason) implements Verdict {}
    }

    static PsaStatus statusOf(Refusal r) {
        return STATUS.get(r);
    }

    /** Checks the first {@code written} bytes of {@code slot}'s secondary slot. */
    static Verdict check(FwuSlots.Slot slot, long written) throws FlashException {
        if (written == 0) {
            return new Verdict.Refused(PsaStatus.INVALID_ARGUMENT, "nothing was written");
        }
        if (slot.rotpkHash() == null) {
            return new Verdict.Refused(PsaStatus.INVALID_SIGNATURE, "no ROTPK hash is provisioned for image "
                    + slot.component());
        }
        byte[] bytes = slot.secondary().read(0, (int) written);
        VerificationResult r = ImageVerifier.builder().slotSize(slot.secondary().size())
                .maxImageSize(slot.maxImageSize()).allowKeyHash(slot.rotpkHash()).build().verify(bytes);
        if (r instanceof VerificationResult.Refused no) {
            return new Verdict.Refused(statusOf(no.reason()), no.toString());
        }
        VerifiedImage image = ((VerificationResult.Valid) r).image();
        if (image.securityCounter().isEmpty()) {
            return new Verdict.Refused(PsaStatus.NOT_PERMITTED, "the image has no security counter (SEC_CNT)");
        }
        if (image.securityCounter().getAsLong() < slot.securityCounter()) {
            return new Verdict.Refused(PsaStatus.NOT_PERMITTED, "security counter "
                    + image.securityCounter().getAsLong() + " is below the stored " + slot.securityCounter());
        }
        if (image.bootRecord().isEmpty()) {
            return new Verdict.Refused(PsaStatus.INVALID_ARGUMENT, "the image has no BOOT_RECORD, so BL2 cannot "
                    + "measure it");
        }
        return new Verdict.Accepted(image, bytes);
    }
}
