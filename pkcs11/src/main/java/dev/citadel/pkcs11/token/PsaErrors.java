package dev.citadel.pkcs11.token;

import dev.citadel.pkcs11.CkException;
import dev.citadel.pkcs11.Ckr;
import dev.citadel.psa.PsaException;
import dev.citadel.psa.PsaStatus;

/** The one table from PSA statuses to {@code CK_RV}s; {@code INVALID_ARGUMENT} depends on the call. */
final class PsaErrors {
    private PsaErrors() {}

    /** The {@code CK_RV} for a failed PSA call; {@code invalidArgument} is what bad input means for this call. */
    static CkException toCk(PsaException e, long invalidArgument) {
        PsaStatus s = e.psaStatus();
        if (s == null) {
            return new CkException(Ckr.DEVICE_ERROR, "PSA status " + e.status());
        }
        long rv = switch (s) {
            case INVALID_SIGNATURE -> Ckr.SIGNATURE_INVALID;
            case INVALID_ARGUMENT, INVALID_PADDING -> invalidArgument;
            case INSUFFICIENT_MEMORY, INSUFFICIENT_STORAGE -> Ckr.DEVICE_MEMORY;
            case NOT_SUPPORTED -> Ckr.FUNCTION_FAILED;
            case NOT_PERMITTED -> Ckr.KEY_FUNCTION_NOT_PERMITTED;
            case INVALID_HANDLE, DOES_NOT_EXIST -> Ckr.OBJECT_HANDLE_INVALID;
            case COMMUNICATION_FAILURE, CONNECTION_REFUSED, CONNECTION_BUSY -> Ckr.DEVICE_REMOVED;
            default -> Ckr.DEVICE_ERROR;
        };
        return new CkException(rv, "PSA " + s);
    }

    static CkException toCk(PsaException e) {
        return toCk(e, Ckr.FUNCTION_FAILED);
    }
}
