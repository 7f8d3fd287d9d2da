package dev.citadel.jca;

import dev.citadel.psa.PsaException;
import dev.citadel.psa.PsaStatus;
import dev.citadel.psa.crypto.KeyId;
import java.security.InvalidKeyException;
import java.security.ProviderException;
import java.security.SignatureException;
import javax.crypto.AEADBadTagException;
import javax.crypto.BadPaddingException;
import javax.crypto.IllegalBlockSizeException;

/**
 * The one table from PSA statuses to the exceptions a JDK provider throws at the same point. The PSA exception stays
 * the cause, for diagnosis; it is never thrown itself.
 */
final class JcaErrors {
    private JcaErrors() {}

    private static String describe(String what, int keyId, PsaException e) {
        PsaStatus s = e.psaStatus();
        return what + (keyId == 0 ? "" : " with key " + KeyId.toString(keyId)) + " failed in the SPE: "
                + (s != null ? "PSA_ERROR_" + s.name() : String.valueOf(e.status())) + " (" + e.getMessage() + ")";
    }

    /** Looking a key up or reading its attributes: the key is unusable. */
    static InvalidKeyException key(String what, int keyId, PsaException e) {
        return (InvalidKeyException) new InvalidKeyException(describe(what, keyId, e)).initCause(e);
    }

    /** {@code psa_sign_*}. */
    static SignatureException sign(int keyId, PsaException e) {
        return new SignatureException(describe("signing", keyId, e), e);
    }

    /**
     * {@code psa_aead_decrypt} / {@code psa_asymmetric_decrypt} at {@code doFinal}: a failed tag is
     * {@link AEADBadTagException}, bad padding {@link BadPaddingException}, a refused input length
     * {@link IllegalBlockSizeException}; anything else is the provider's failure.
     */
    static Exception decrypt(String what, int keyId, PsaException e) {
        PsaStatus s = e.psaStatus();
        if (s == PsaStatus.INVALID_SIGNATURE) {
            return (Exception) new AEADBadTagException("tag mismatch (" + what + ")").initCause(e);
        }
        if (s == PsaStatus.INVALID_PADDING) {
            return (Exception) new BadPaddingException("decryption error (" + what + ")").initCause(e);
        }
        if (s == PsaStatus.INVALID_ARGUMENT) {
            return (Exception) new IllegalBlockSizeException(describe(what, keyId, e)).initCause(e);
        }
        return provider(what, keyId, e);
    }

    /** A failure where the JCA signature allows no checked exception (key generation, MAC, random). */
    static ProviderException provider(String what, int keyId, PsaException e) {
        return new ProviderException(describe(what, keyId, e), e);
    }
}
