package dev.citadel.pkcs11.token;

import dev.citadel.psa.crypto.KeyId;

/**
 * The configuration of one token (one slot): its default label, PIN rules, and where it keeps its state in the
 * SPE's storage.
 *
 * @param label the token label before {@code C_InitToken} gives one (at most 32 bytes of UTF-8)
 * @param minPinLength {@code ulMinPinLen}
 * @param maxPinLength {@code ulMaxPinLen}
 * @param maxFailedLogins consecutive wrong PINs after which the PIN is locked
 * @param pinIterations PBKDF2-HMAC-SHA-256 iterations of the PIN verifier
 * @param stateUid the ITS uid of the token record (label, PIN verifiers, failure counters)
 * @param psUidBase the PS uid of the object index; object records take the next {@code maxObjects} uids
 * @param maxObjects token objects at most
 * @param keyIdMin first persistent PSA key id for token keys
 * @param keyIdMax last persistent PSA key id for token keys
 */
public record TokenConfig(String label, int minPinLength, int maxPinLength, int maxFailedLogins, int pinIterations,
        long stateUid, long psUidBase, int maxObjects, int keyIdMin, int keyIdMax) {

    public TokenConfig {
        if (label == null || label.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > 32) {
            throw new IllegalArgumentException("label: at most 32 bytes");
        }
        if (minPinLength < 1 || maxPinLength < minPinLength || maxPinLength > 255) {
            throw new IllegalArgumentException("PIN lengths " + minPinLength + ".." + maxPinLength);
        }
        if (maxFailedLogins < 1 || maxFailedLogins > 255) {
            throw new IllegalArgumentException("maxFailedLogins " + maxFailedLogins);
        }
        if (pinIterations < 1) {
            throw new IllegalArgumentException("pinIterations " + pinIterations);
        }
        if (stateUid == 0 || psUidBase == 0 || maxObjects < 1 || maxObjects > 1024) {
            throw new IllegalArgumentException("storage uids / maxObjects");
        }
        if (!KeyId.isValid(keyIdMin) || !KeyId.isValid(keyIdMax) || keyIdMax < keyIdMin
                || keyIdMax > KeyId.USER_MAX) {
            throw new IllegalArgumentException("key id range");
        }
    }

    /** The defaults: label "Citadel", PINs of 4..64 bytes, 10 failures, uids in a range of their own. */
    public static TokenConfig defaults() {
        return new TokenConfig("Citadel", 4, 64, 10, 10_000, 0x5031_3154_0000_0001L, 0x5031_3150_0000_0000L, 48,
                0x0001_0000, 0x0001_FFFF);
    }

    public TokenConfig withLabel(String l) {
        return new TokenConfig(l, minPinLength, maxPinLength, maxFailedLogins, pinIterations, stateUid, psUidBase,
                maxObjects, keyIdMin, keyIdMax);
    }

    public TokenConfig withMaxFailedLogins(int n) {
        return new TokenConfig(label, minPinLength, maxPinLength, n, pinIterations, stateUid, psUidBase, maxObjects,
                keyIdMin, keyIdMax);
    }

    public TokenConfig withPinIterations(int n) {
        return new TokenConfig(label, minPinLength, maxPinLength, maxFailedLogins, n, stateUid, psUidBase, maxObjects,
                keyIdMin, keyIdMax);
    }
}
