package dev.citadel.pkcs11;

import java.util.List;

/**
 * Cryptoki 2.40 as seen by one application: one method per {@code C_*} function, failing with the function's
 * {@code CK_RV} as a {@link CkException}. An instance is one application's view of the token (its sessions, its
 * login state, its {@code C_Initialize}/{@code C_Finalize}); the p11-kit RPC server makes one per connection.
 *
 * <p>Output buffers follow Cryptoki's length-query convention: a {@code null} buffer asks for the length (returned,
 * the operation stays active); a buffer that is too small fails with {@code CKR_BUFFER_TOO_SMALL} and the length
 * needed ({@link CkException#requiredLength()}), the operation staying active; otherwise the output is written at
 * the start of the buffer and its length returned. Handles are opaque, non-zero, and chosen by the token.
 *
 * <p>Implementations are thread-safe ({@code CKF_OS_LOCKING_OK}): any method may be called from any thread.
 */
public interface Cryptoki {

    // General purpose

    /** {@code C_Initialize}; {@code flags} are {@code CK_C_INITIALIZE_ARGS.flags}. */
    void initialize(long flags) throws CkException;

    /** {@code C_Finalize}: closes this application's sessions and logs it out. */
    void finalizeLibrary() throws CkException;

    CkInfo.Library getInfo() throws CkException;

    // Slots and tokens

    long[] getSlotList(boolean tokenPresent) throws CkException;

    CkInfo.Slot getSlotInfo(long slotId) throws CkException;

    CkInfo.Token getTokenInfo(long slotId) throws CkException;

    long[] getMechanismList(long slotId) throws CkException;

    CkInfo.Mechanism getMechanismInfo(long slotId, long type) throws CkException;

    /** {@code C_InitToken}; {@code label} is the 32-byte blank-padded label as a string. */
    void initToken(long slotId, byte[] soPin, String label) throws CkException;

    void initPin(long session, byte[] pin) throws CkException;

    void setPin(long session, byte[] oldPin, byte[] newPin) throws CkException;

    // Sessions

    long openSession(long slotId, long flags) throws CkException;

    void closeSession(long session) throws CkException;

    void closeAllSessions(long slotId) throws CkException;

    CkInfo.Session getSessionInfo(long session) throws CkException;

    void login(long session, long userType, byte[] pin) throws CkException;

    void logout(long session) throws CkException;

    // Objects

    long createObject(long session, List<CkAttribute> template) throws CkException;

    long copyObject(long session, long object, List<CkAttribute> template) throws CkException;

    void destroyObject(long session, long object) throws CkException;

    /** {@code C_GetObjectSize}: the size in bytes, or {@link CkInfo#UNAVAILABLE}. */
    long getObjectSize(long session, long object) throws CkException;

    /**
     * {@code C_GetAttributeValue}. Session and object errors are thrown; the per-attribute outcomes
     * ({@code CKR_ATTRIBUTE_SENSITIVE}, {@code CKR_ATTRIBUTE_TYPE_INVALID}, {@code CKR_BUFFER_TOO_SMALL}) are in the
     * answer, as C returns them alongside the filled template.
     */
    AttributeAnswer getAttributeValue(long session, long object, List<AttributeQuery> template) throws CkException;

    void setAttributeValue(long session, long object, List<CkAttribute> template) throws CkException;

    void findObjectsInit(long session, List<CkAttribute> template) throws CkException;

    long[] findObjects(long session, int maxCount) throws CkException;

    void findObjectsFinal(long session) throws CkException;

    // Encryption and decryption

    void encryptInit(long session, CkMechanism mechanism, long key) throws CkException;

    int encrypt(long session, byte[] data, byte[] out) throws CkException;

    int encryptUpdate(long session, byte[] part, byte[] out) throws CkException;

    int encryptFinal(long session, byte[] out) throws CkException;

    void decryptInit(long session, CkMechanism mechanism, long key) throws CkException;

    int decrypt(long session, byte[] encrypted, byte[] out) throws CkException;

    int decryptUpdate(long session, byte[] part, byte[] out) throws CkException;

    int decryptFinal(long session, byte[] out) throws CkException;

    // Message digests

    void digestInit(long session, CkMechanism mechanism) throws CkException;

    int digest(long session, byte[] data, byte[] out) throws CkException;

    void digestUpdate(long session, byte[] part) throws CkException;

    void digestKey(long session, long key) throws CkException;

    int digestFinal(long session, byte[] out) throws CkException;

    // Signatures and MACs

    void signInit(long session, CkMechanism mechanism, long key) throws CkException;

    int sign(long session, byte[] data, byte[] out) throws CkException;

    void signUpdate(long session, byte[] part) throws CkException;

    int signFinal(long session, byte[] out) throws CkException;

    void verifyInit(long session, CkMechanism mechanism, long key) throws CkException;

    void verify(long session, byte[] data, byte[] signature) throws CkException;

    void verifyUpdate(long session, byte[] part) throws CkException;

    void verifyFinal(long session, byte[] signature) throws CkException;

    // Key management

    long generateKey(long session, CkMechanism mechanism, List<CkAttribute> template) throws CkException;

    /** {@code C_GenerateKeyPair}: returns {public key handle, private key handle}. */
    long[] generateKeyPair(long session, CkMechanism mechanism, List<CkAttribute> publicTemplate,
            List<CkAttribute> privateTemplate) throws CkException;

    long deriveKey(long session, CkMechanism mechanism, long baseKey, List<CkAttribute> template)
            throws CkException;

    // Random numbers

    void seedRandom(long session, byte[] seed) throws CkException;

    void generateRandom(long session, byte[] out) throws CkException;

    // Conveniences for Java callers (not Cryptoki functions)

    /** The values of {@code types}, failing with the {@code CK_RV} if any cannot be read. */
    default List<CkAttribute> getAttributes(long session, long object, long... types) throws CkException {
        List<AttributeQuery> q = new java.util.ArrayList<>();
        for (long t : types) {
            q.add(AttributeQuery.value(t));
        }
        AttributeAnswer a = getAttributeValue(session, object, q);
        if (a.rv() != Ckr.OK) {
            throw new CkException(a.rv());
        }
        return a.values();
    }
}
