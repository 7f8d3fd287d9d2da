package dev.citadel.pkcs11.rpc;

import dev.citadel.pkcs11.AttributeAnswer;
import dev.citadel.pkcs11.AttributeQuery;
import dev.citadel.pkcs11.CkAttribute;
import dev.citadel.pkcs11.CkException;
import dev.citadel.pkcs11.CkInfo;
import dev.citadel.pkcs11.CkMechanism;
import dev.citadel.pkcs11.Ckr;
import dev.citadel.pkcs11.Cryptoki;
import java.util.List;

/** A test double's base: every function fails with CKR_FUNCTION_NOT_SUPPORTED until overridden. */
class UnsupportedCryptoki implements Cryptoki {
    static CkException no() {
        return new CkException(Ckr.FUNCTION_NOT_SUPPORTED);
    }

    @Override public void initialize(long flags) throws CkException { }
    @Override public void finalizeLibrary() throws CkException { }
    @Override public CkInfo.Library getInfo() throws CkException { throw no(); }
    @Override public long[] getSlotList(boolean tokenPresent) throws CkException { throw no(); }
    @Override public CkInfo.Slot getSlotInfo(long slotId) throws CkException { throw no(); }
    @Override public CkInfo.Token getTokenInfo(long slotId) throws CkException { throw no(); }
    @Override public long[] getMechanismList(long slotId) throws CkException { throw no(); }
    @Override public CkInfo.Mechanism getMechanismInfo(long slotId, long type) throws CkException { throw no(); }
    @Override public void initToken(long slotId, byte[] soPin, String label) throws CkException { throw no(); }
    @Override public void initPin(long session, byte[] pin) throws CkException { throw no(); }
    @Override public void setPin(long session, byte[] oldPin, byte[] newPin) throws CkException { throw no(); }
    @Override public long openSession(long slotId, long flags) throws CkException { throw no(); }
    @Override public void closeSession(long session) throws CkException { throw no(); }
    @Override public void closeAllSessions(long slotId) throws CkException { throw no(); }
    @Override public CkInfo.Session getSessionInfo(long session) throws CkException { throw no(); }
    @Override public void login(long session, long userType, byte[] pin) throws CkException { throw no(); }
    @Override public void logout(long session) throws CkException { throw no(); }
    @Override public long createObject(long session, List<CkAttribute> template) throws CkException { throw no(); }
    @Override public long copyObject(long session, long object, List<CkAttribute> template) throws CkException {
        throw no();
    }
    @Override public void destroyObject(long session, long object) throws CkException { throw no(); }
    @Override public long getObjectSize(long session, long object) throws CkException { throw no(); }
    @Override public AttributeAnswer getAttributeValue(long session, long object, List<AttributeQuery> template)
            throws CkException {
        throw no();
    }
    @Override public void setAttributeValue(long session, long object, List<CkAttribute> template)
            throws CkException {
        throw no();
    }
    @Override public void findObjectsInit(long session, List<CkAttribute> template) throws CkException { throw no(); }
    @Override public long[] findObjects(long session, int maxCount) throws CkException { throw no(); }
    @Override public void findObjectsFinal(long session) throws CkException { throw no(); }
    @Override public void encryptInit(long session, CkMechanism mechanism, long key) throws CkException { throw no(); }
    @Override public int encrypt(long session, byte[] data, byte[] out) throws CkException { throw no(); }
    @Override public int encryptUpdate(long session, byte[] part, byte[] out) throws CkException { throw no(); }
    @Override public int encryptFinal(long session, byte[] out) throws CkException { throw no(); }
    @Override public void decryptInit(long session, CkMechanism mechanism, long key) throws CkException { throw no(); }
    @Override public int decrypt(long session, byte[] encrypted, byte[] out) throws CkException { throw no(); }
    @Override public int decryptUpdate(long session, byte[] part, byte[] out) throws CkException { throw no(); }
    @Override public int decryptFinal(long session, byte[] out) throws CkException { throw no(); }
    @Override public void digestInit(long session, CkMechanism mechanism) throws CkException { throw no(); }
    @Override public int digest(long session, byte[] data, byte[] out) throws CkException { throw no(); }
    @Override public void digestUpdate(long session, byte[] part) throws CkException { throw no(); }
    @Override public void digestKey(long session, long key) throws CkException { throw no(); }
    @Override public int digestFinal(long session, byte[] out) throws CkException { throw no(); }
    @Override public void signInit(long session, CkMechanism mechanism, long key) throws CkException { throw no(); }
    @Override public int sign(long session, byte[] data, byte[] out) throws CkException { throw no(); }
    @Override public void signUpdate(long session, byte[] part) throws CkException { throw no(); }
    @Override public int signFinal(long session, byte[] out) throws CkException { throw no(); }
    @Override public void verifyInit(long session, CkMechanism mechanism, long key) throws CkException { throw no(); }
    @Override public void verify(long session, byte[] data, byte[] signature) throws CkException { throw no(); }
    @Override public void verifyUpdate(long session, byte[] part) throws CkException { throw no(); }
    @Override public void verifyFinal(long session, byte[] signature) throws CkException { throw no(); }
    @Override public long generateKey(long session, CkMechanism mechanism, List<CkAttribute> template)
            throws CkException {
        throw no();
    }
    @Override public long[] generateKeyPair(long session, CkMechanism mechanism, List<CkAttribute> publicTemplate,
            List<CkAttribute> privateTemplate) throws CkException {
        throw no();
    }
    @Override public long deriveKey(long session, CkMechanism mechanism, long baseKey, List<CkAttribute> template)
            throws CkException {
        throw no();
    }
    @Override public void seedRandom(long session, byte[] seed) throws CkException { throw no(); }
    @Override public void generateRandom(long session, byte[] out) throws CkException { throw no(); }
}
