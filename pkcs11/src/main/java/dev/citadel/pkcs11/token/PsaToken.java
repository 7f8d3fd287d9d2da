package dev.citadel.pkcs11.token;

import dev.citadel.ns.crypto.PsaCrypto;
import dev.citadel.ns.its.PsaIts;
import dev.citadel.ns.ps.PsaPs;
import dev.citadel.pkcs11.CkException;
import dev.citadel.pkcs11.Cryptoki;
import dev.citadel.psa.PsaClient;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A PKCS#11 token (one slot) whose every operation is a PSA call through one {@link PsaClient}: keys in the SPE's
 * Crypto service, token object records in Protected Storage, the token record (label, PIN verifiers, failure
 * counters) in Internal Trusted Storage. Each {@link #application()} is one application's {@link Cryptoki}.
 * Thread-safe.
 */
public final class PsaToken {
    /** The one slot's id. */
    public static final long SLOT_ID = 1;

    final TokenConfig config;
    final PsaCrypto crypto;
    final ObjectStore store;
    final PinStore pins;
    final Keys keys;
    final AtomicLong sessionHandles = new AtomicLong();
    /** Every open session of every application. */
    final Set<Session> sessions = ConcurrentHashMap.newKeySet();

    private PsaToken(PsaClient client, TokenConfig config) throws CkException {
        this.config = config;
        this.crypto = new PsaCrypto(client);
        this.pins = new PinStore(new PsaIts(client), crypto, config);
        this.store = new ObjectStore(new PsaPs(client), crypto, config, new AtomicLong());
        this.keys = new Keys(crypto, store);
    }

    /**
     * Opens the token kept by {@code client}'s storage, reading its record and its objects' records.
     *
     * @throws CkException {@code CKR_DEVICE_ERROR} if they cannot be read
     */
    public static PsaToken open(PsaClient client, TokenConfig config) throws CkException {
        return new PsaToken(client, config);
    }

    /** A new application's view of this token, not yet initialised ({@code C_Initialize}). */
    public Cryptoki application() {
        return new Application(this);
    }
}
