package dev.citadel.cli;

import dev.citadel.pkcs11.CkException;
import dev.citadel.pkcs11.Ckr;
import java.util.Map;

/** The token's answers a provisioning user can act on, in words. */
final class ProvisionErrors {
    private static final Map<Long, String> WORDS = Map.of(
            Ckr.PIN_INCORRECT, "wrong PIN",
            Ckr.PIN_LOCKED, "the PIN is locked after too many wrong PINs",
            Ckr.USER_PIN_NOT_INITIALIZED, "the token has no user PIN yet (citadel provision init-token)",
            Ckr.PIN_LEN_RANGE, "the PIN's length is out of range",
            Ckr.SESSION_EXISTS, "the token is in use by another application",
            Ckr.DEVICE_MEMORY, "the token is full");

    private ProvisionErrors() {}

    static String describe(CkException e) {
        String w = WORDS.get(e.rv());
        return w != null ? w + " (" + Ckr.name(e.rv()) + ")" : e.getMessage();
    }
}
