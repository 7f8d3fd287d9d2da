package dev.citadel.pkcs11.token;

import dev.citadel.ns.crypto.KeyDerivationOperation;
import dev.citadel.ns.crypto.PsaCrypto;
import dev.citadel.ns.its.PsaIts;
import dev.citadel.pkcs11.CkException;
import dev.citadel.pkcs11.Ckf;
import dev.citadel.pkcs11.Ckr;
import dev.citadel.psa.PsaException;
import dev.citadel.psa.PsaStatus;
import dev.citadel.psa.crypto.Algorithm;
import dev.citadel.psa.crypto.KeyDerivationStep;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;

/**
 * The token record in ITS: whether the token is initialised, its label, the SO and user PIN verifiers
 * (PBKDF2-HMAC-SHA-256 computed by the SPE, with a random salt each) and the failed-login counters. A counter is
 * raised and stored before a PIN is checked, and cleared after a match, so cutting power during a check does not
 * give a free try.
 */
final class PinStore {
    private static final int MAGIC = 0x50313154; // "P11T"
    private static final int SALT = 16;
    private static final int VERIFIER = 32;
    private static final int SIZE = 4 + 1 + 32 + 1 + 1 + 1 + 4 + 2 * (SALT + VERIFIER);

    private final PsaIts its;
    private final PsaCrypto crypto;
    private final TokenConfig config;
    private boolean initialized;
    private String label;
    private int soFails;
    private int userFails;
    private boolean userSet;
    private int iterations;
    private byte[] soSalt = new byte[SALT];
    private byte[] soVerifier = new byte[VERIFIER];
    private byte[] userSalt = new byte[SALT];
    private byte[] userVerifier = new byte[VERIFIER];

    PinStore(PsaIts its, PsaCrypto crypto, TokenConfig config) throws CkException {
        this.its = its;
        this.crypto = crypto;
        this.config = config;
        this.label = config.label();
        this.iterations = config.pinIterations();
        load();
    }

    private void load() throws CkException {
        byte[] b;
        try {
            b = its.get(config.stateUid(), 0, SIZE);
        } catch (PsaException e) {
            if (e.psaStatus() == PsaStatus.DOES_NOT_EXIST) {
                return;
            }
            throw PsaErrors.toCk(e);
        }
        ByteBuffer r = ByteBuffer.wrap(b);
        if (b.length != SIZE || r.getInt() != MAGIC) {
            throw new CkException(Ckr.DEVICE_ERROR, "token record unreadable");
        }
        initialized = r.get() != 0;
        byte[] l = new byte[32];
        r.get(l);
        label = new String(l, StandardCharsets.UTF_8).stripTrailing();
        soFails = r.get() & 0xFF;
        userFails = r.get() & 0xFF;
        userSet = r.get() != 0;
        iterations = r.getInt();
        r.get(soSalt).get(soVerifier).get(userSalt).get(userVerifier);
    }

    private void store() throws CkException {
        ByteBuffer w = ByteBuffer.allocate(SIZE);
        w.putInt(MAGIC).put((byte) (initialized ? 1 : 0));
        w.put(Arrays.copyOf((label + " ".repeat(32)).getBytes(StandardCharsets.UTF_8), 32));
        w.put((byte) soFails).put((byte) userFails).put((byte) (userSet ? 1 : 0)).putInt(iterations);
        w.put(soSalt).put(soVerifier).put(userSalt).put(userVerifier);
        try {
            its.set(config.stateUid(), w.array(), PsaIts.FLAG_NONE);
        } catch (PsaException e) {
            throw PsaErrors.toCk(e);
        }
    }

    synchronized boolean initialized() {
        return initialized;
    }

    synchronized boolean userPinSet() {
        return userSet;
    }

    synchronized String label() {
        return label;
    }

    /** The PIN-related {@code CK_TOKEN_INFO} flags. */
    synchronized long flags() {
        long f = 0;
        if (initialized) {
            f |= Ckf.TOKEN_INITIALIZED;
        }
        if (userSet) {
            f |= Ckf.USER_PIN_INITIALIZED;
        }
        f |= counterFlags(userFails, Ckf.USER_PIN_COUNT_LOW, Ckf.USER_PIN_FINAL_TRY, Ckf.USER_PIN_LOCKED);
        f |= counterFlags(soFails, Ckf.SO_PIN_COUNT_LOW, Ckf.SO_PIN_FINAL_TRY, Ckf.SO_PIN_LOCKED);
        return f;
    }

    private long counterFlags(int fails, long low, long finalTry, long locked) {
        int left = config.maxFailedLogins() - fails;
        if (left <= 0) {
            return locked;
        }
        return (fails > 0 ? low : 0) | (left == 1 ? finalTry : 0);
    }

    void checkLength(byte[] pin) throws CkException {
        if (pin == null || pin.length < config.minPinLength() || pin.length > config.maxPinLength()) {
            throw new CkException(Ckr.PIN_LEN_RANGE);
        }
    }

    /**
     * {@code C_InitToken}'s part: a first initialisation sets the SO PIN; a later one needs it.
     *
     * @return whether the token was initialised before (its objects must then be destroyed)
     */
    synchronized boolean initToken(byte[] soPin, String newLabel) throws CkException {
        checkLength(soPin);
        boolean before = initialized;
        if (before) {
            verify(Ckf.USER_SO, soPin);
        } else {
            soSalt = random(SALT);
            soVerifier = verifier(soSalt, soPin);
        }
        initialized = true;
        label = newLabel.strip();
        userSet = false;
        userFails = 0;
        userSalt = new byte[SALT];
        userVerifier = new byte[VERIFIER];
        store();
        return before;
    }

    /** Checks a PIN of {@code userType}, counting a failure and locking after the configured number. */
    synchronized void verify(long userType, byte[] pin) throws CkException {
        boolean so = userType == Ckf.USER_SO;
        if (!initialized || !so && !userSet) {
            throw new CkException(Ckr.USER_PIN_NOT_INITIALIZED);
        }
        if ((so ? soFails : userFails) >= config.maxFailedLogins()) {
            throw new CkException(Ckr.PIN_LOCKED);
        }
        if (pin == null || pin.length < config.minPinLength() || pin.length > config.maxPinLength()) {
            throw new CkException(Ckr.PIN_INCORRECT);
        }
        if (so) {
            soFails++;
        } else {
            userFails++;
        }
        store();
        byte[] expected = so ? soVerifier : userVerifier;
        boolean ok = MessageDigest.isEqual(expected, verifier(so ? soSalt : userSalt, pin));
        if (!ok) {
            boolean locked = (so ? soFails : userFails) >= config.maxFailedLogins();
            throw new CkException(locked ? Ckr.PIN_LOCKED : Ckr.PIN_INCORRECT);
        }
        if (so) {
            soFails = 0;
        } else {
            userFails = 0;
        }
        store();
    }

    /** Sets the PIN of {@code userType} (C_InitPIN, C_SetPIN), which also clears its failure counter. */
    synchronized void setPin(long userType, byte[] pin) throws CkException {
        checkLength(pin);
        byte[] salt = random(SALT);
        byte[] v = verifier(salt, pin);
        if (userType == Ckf.USER_SO) {
            soSalt = salt;
            soVerifier = v;
            soFails = 0;
        } else {
            userSalt = salt;
            userVerifier = v;
            userFails = 0;
            userSet = true;
        }
        store();
    }

    private byte[] random(int n) throws CkException {
        try {
            return crypto.generateRandom(n);
        } catch (PsaException e) {
            throw PsaErrors.toCk(e);
        }
    }

    private byte[] verifier(byte[] salt, byte[] pin) throws CkException {
        try (KeyDerivationOperation op = crypto.keyDerivationSetup(Algorithm.pbkdf2Hmac(Algorithm.SHA_256))) {
            op.inputInteger(KeyDerivationStep.COST, iterations);
            op.inputBytes(KeyDerivationStep.SALT, salt);
            op.inputBytes(KeyDerivationStep.PASSWORD, pin);
            return op.outputBytes(VERIFIER);
        } catch (PsaException e) {
            throw PsaErrors.toCk(e, Ckr.FUNCTION_FAILED);
        }
    }
}
