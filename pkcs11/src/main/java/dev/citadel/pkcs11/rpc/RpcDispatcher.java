package dev.citadel.pkcs11.rpc;

import dev.citadel.pkcs11.AttributeAnswer;
import dev.citadel.pkcs11.AttributeQuery;
import dev.citadel.pkcs11.CkAttribute;
import dev.citadel.pkcs11.CkException;
import dev.citadel.pkcs11.CkInfo;
import dev.citadel.pkcs11.CkMechanism;
import dev.citadel.pkcs11.Cka;
import dev.citadel.pkcs11.AttributeKind;
import dev.citadel.pkcs11.Ckf;
import dev.citadel.pkcs11.Ckr;
import dev.citadel.pkcs11.Cryptoki;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One connection's calls: parses a request body, calls its {@link Cryptoki}, and builds the reply body, or the
 * {@link RpcCall#ERROR} reply with the {@code CK_RV}. A malformed request is a {@link WireException} (the server then
 * closes the connection); a well-formed request always gets a reply. Calls that {@code Cryptoki} does not have
 * (operation state, recover, dual-function, wrap/unwrap, slot events) and ids outside the version 0 table get
 * {@code CKR_FUNCTION_NOT_SUPPORTED}.
 */
public final class RpcDispatcher {
    /** {@code P11_RPC_HANDSHAKE}: the first field of every C_Initialize. */
    static final byte[] HANDSHAKE = "PRIVATE-GNOME-KEYRING-PKCS11-PROTOCOL-V-1".getBytes(StandardCharsets.US_ASCII);
    /** The most a single output buffer may hold: nothing larger fits in a reply frame. */
    static final int MAX_OUTPUT = Frame.MAX_BODY - 64;

    private static final Logger LOG = Logger.getLogger(RpcDispatcher.class.getName());

    private final Cryptoki token;
    private final int offeredVersion;
    private boolean initialized;

    /**
     * @param token this connection's application view
     * @param offeredVersion the protocol version byte the client sent (it decides the mechanism form)
     */
    public RpcDispatcher(Cryptoki token, int offeredVersion) {
        this.token = token;
        this.offeredVersion = offeredVersion;
    }

    /** Answers one request body. */
    public byte[] handle(byte[] body) throws WireException {
        RpcReader in;
        try {
            in = RpcReader.request(body);
        } catch (RpcReader.UnknownCallException e) {
            return RpcWriter.error(Ckr.FUNCTION_NOT_SUPPORTED);
        }
        try {
            return dispatch(in);
        } catch (CkException e) {
            return RpcWriter.error(e.rv());
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, in.call().functionName() + " failed inside the token", e);
            return RpcWriter.error(Ckr.GENERAL_ERROR);
        }
    }

    /** The end of the connection: C_Finalize for this application if it did not send one. */
    public void disconnected() {
        if (initialized) {
            initialized = false;
            try {
                token.finalizeLibrary();
            } catch (CkException | RuntimeException e) {
                LOG.log(Level.FINE, "implicit C_Finalize", e);
            }
        }
    }

    private byte[] dispatch(RpcReader in) throws WireException, CkException {
        RpcCall call = in.call();
        RpcWriter out = RpcWriter.response(call);
        switch (call) {
            case C_INITIALIZE -> {
                byte[] handshake = in.readByteArray().value();
                in.readByte();
                in.readByteArray();
                in.end();
                if (handshake == null || !Arrays.equals(handshake, HANDSHAKE)) {
                    throw new CkException(Ckr.GENERAL_ERROR, "bad handshake");
                }
                token.initialize(Ckf.OS_LOCKING_OK);
                initialized = true;
            }
            case C_FINALIZE -> {
                in.end();
                token.finalizeLibrary();
                initialized = false;
            }
            case C_GET_INFO -> {
                in.end();
                CkInfo.Library i = token.getInfo();
                out.writeVersion(i.cryptokiVersion()).writeSpaceString(i.manufacturerId(), 32)
                        .writeUlong(i.flags()).writeSpaceString(i.libraryDescription(), 32)
                        .writeVersion(i.libraryVersion());
            }
            case C_GET_SLOT_LIST -> {
                boolean present = in.readByte() != 0;
                long cap = in.readUlongBuffer();
                in.end();
                ulongs(out, cap, token.getSlotList(present));
            }
            case C_GET_SLOT_INFO -> {
                long slot = in.readUlong();
                in.end();
                CkInfo.Slot s = token.getSlotInfo(slot);
                out.writeSpaceString(s.slotDescription(), 64).writeSpaceString(s.manufacturerId(), 32)
                        .writeUlong(s.flags()).writeVersion(s.hardwareVersion()).writeVersion(s.firmwareVersion());
            }
            case C_GET_TOKEN_INFO -> {
                long slot = in.readUlong();
                in.end();
                CkInfo.Token t = token.getTokenInfo(slot);
                out.writeSpaceString(t.label(), 32).writeSpaceString(t.manufacturerId(), 32)
                        .writeSpaceString(t.model(), 16).writeSpaceString(t.serialNumber(), 16)
                        .writeUlong(t.flags()).writeUlong(t.maxSessionCount()).writeUlong(t.sessionCount())
                        .writeUlong(t.maxRwSessionCount()).writeUlong(t.rwSessionCount()).writeUlong(t.maxPinLen())
                        .writeUlong(t.minPinLen()).writeUlong(t.totalPublicMemory())
                        .writeUlong(t.freePublicMemory()).writeUlong(t.totalPrivateMemory())
                        .writeUlong(t.freePrivateMemory()).writeVersion(t.hardwareVersion())
                        .writeVersion(t.firmwareVersion()).writeSpaceString(t.utcTime(), 16);
            }
            case C_GET_MECHANISM_LIST -> {
                long slot = in.readUlong();
                long cap = in.readUlongBuffer();
                in.end();
                ulongs(out, cap, token.getMechanismList(slot));
            }
            case C_GET_MECHANISM_INFO -> {
                long slot = in.readUlong();
                long type = in.readUlong();
                in.end();
                CkInfo.Mechanism m = token.getMechanismInfo(slot, type);
                out.writeUlong(m.minKeySize()).writeUlong(m.maxKeySize()).writeUlong(m.flags());
            }
            case C_INIT_TOKEN -> {
                long slot = in.readUlong();
                byte[] pin = in.readByteArray().orEmpty();
                String label = in.readZeroString();
                in.end();
                token.initToken(slot, pin, label);
            }
            case C_OPEN_SESSION -> {
                long slot = in.readUlong();
                long flags = in.readUlong();
                in.end();
                out.writeUlong(token.openSession(slot, flags));
            }
            case C_CLOSE_SESSION -> token.closeSession(session(in));
            case C_CLOSE_ALL_SESSIONS -> token.closeAllSessions(session(in));
            case C_GET_SESSION_INFO -> {
                CkInfo.Session s = token.getSessionInfo(session(in));
                out.writeUlong(s.slotId()).writeUlong(s.state()).writeUlong(s.flags()).writeUlong(s.deviceError());
            }
            case C_INIT_PIN -> {
                long s = in.readUlong();
                byte[] pin = in.readByteArray().orEmpty();
                in.end();
                token.initPin(s, pin);
            }
            case C_SET_PIN -> {
                long s = in.readUlong();
                byte[] old = in.readByteArray().orEmpty();
                byte[] pin = in.readByteArray().orEmpty();
                in.end();
                token.setPin(s, old, pin);
            }
            case C_LOGIN -> {
                long s = in.readUlong();
                long user = in.readUlong();
                byte[] pin = in.readByteArray().orEmpty();
                in.end();
                token.login(s, user, pin);
            }
            case C_LOGOUT -> token.logout(session(in));
            case C_CREATE_OBJECT -> {
                long s = in.readUlong();
                List<WireAttribute> t = in.readAttributeArray();
                in.end();
                out.writeUlong(token.createObject(s, template(t)));
            }
            case C_COPY_OBJECT -> {
                long s = in.readUlong();
                long o = in.readUlong();
                List<WireAttribute> t = in.readAttributeArray();
                in.end();
                out.writeUlong(token.copyObject(s, o, template(t)));
            }
            case C_DESTROY_OBJECT -> {
                long s = in.readUlong();
                long o = in.readUlong();
                in.end();
                token.destroyObject(s, o);
            }
            case C_GET_OBJECT_SIZE -> {
                long s = in.readUlong();
                long o = in.readUlong();
                in.end();
                out.writeUlong(token.getObjectSize(s, o));
            }
            case C_GET_ATTRIBUTE_VALUE -> {
                long s = in.readUlong();
                long o = in.readUlong();
                List<AttributeQuery> q = in.readAttributeBuffer();
                in.end();
                AttributeAnswer a = token.getAttributeValue(s, o, q);
                check(a, q);
                out.writeAttributeAnswer(a).writeUlong(a.rv());
            }
            case C_SET_ATTRIBUTE_VALUE -> {
                long s = in.readUlong();
                long o = in.readUlong();
                List<WireAttribute> t = in.readAttributeArray();
                in.end();
                token.setAttributeValue(s, o, template(t));
            }
            case C_FIND_OBJECTS_INIT -> {
                long s = in.readUlong();
                List<WireAttribute> t = in.readAttributeArray();
                in.end();
                token.findObjectsInit(s, template(t));
            }
            case C_FIND_OBJECTS -> {
                long s = in.readUlong();
                long cap = in.readUlongBuffer();
                in.end();
                long[] found = token.findObjects(s, (int) Math.min(cap, MAX_OUTPUT / 8));
                if (cap == 0) {
                    out.writeUlongArrayLength(found.length);
                } else {
                    out.writeUlongArray(found);
                }
            }
            case C_FIND_OBJECTS_FINAL -> token.findObjectsFinal(session(in));
            case C_ENCRYPT_INIT -> {
                Init i = init(in, true);
                token.encryptInit(i.session, i.mechanism, i.key);
            }
            case C_ENCRYPT -> dataToBytes(in, out, (s, d, b) -> token.encrypt(s, d, b));
            case C_ENCRYPT_UPDATE -> dataToBytes(in, out, (s, d, b) -> token.encryptUpdate(s, d, b));
            case C_ENCRYPT_FINAL -> finalToBytes(in, out, (s, b) -> token.encryptFinal(s, b));
            case C_DECRYPT_INIT -> {
                Init i = init(in, true);
                token.decryptInit(i.session, i.mechanism, i.key);
            }
            case C_DECRYPT -> dataToBytes(in, out, (s, d, b) -> token.decrypt(s, d, b));
            case C_DECRYPT_UPDATE -> dataToBytes(in, out, (s, d, b) -> token.decryptUpdate(s, d, b));
            case C_DECRYPT_FINAL -> finalToBytes(in, out, (s, b) -> token.decryptFinal(s, b));
            case C_DIGEST_INIT -> {
                Init i = init(in, false);
                token.digestInit(i.session, i.mechanism);
            }
            case C_DIGEST -> dataToBytes(in, out, (s, d, b) -> token.digest(s, d, b));
            case C_DIGEST_UPDATE -> {
                long s = in.readUlong();
                byte[] d = in.readByteArray().orEmpty();
                in.end();
                token.digestUpdate(s, d);
            }
            case C_DIGEST_KEY -> {
                long s = in.readUlong();
                long k = in.readUlong();
                in.end();
                token.digestKey(s, k);
            }
            case C_DIGEST_FINAL -> finalToBytes(in, out, (s, b) -> token.digestFinal(s, b));
            case C_SIGN_INIT -> {
                Init i = init(in, true);
                token.signInit(i.session, i.mechanism, i.key);
            }
            case C_SIGN -> dataToBytes(in, out, (s, d, b) -> token.sign(s, d, b));
            case C_SIGN_UPDATE -> {
                long s = in.readUlong();
                byte[] d = in.readByteArray().orEmpty();
                in.end();
                token.signUpdate(s, d);
            }
            case C_SIGN_FINAL -> finalToBytes(in, out, (s, b) -> token.signFinal(s, b));
            case C_VERIFY_INIT -> {
                Init i = init(in, true);
                token.verifyInit(i.session, i.mechanism, i.key);
            }
            case C_VERIFY -> {
                long s = in.readUlong();
                byte[] d = in.readByteArray().orEmpty();
                byte[] sig = in.readByteArray().orEmpty();
                in.end();
                token.verify(s, d, sig);
            }
            case C_VERIFY_UPDATE -> {
                long s = in.readUlong();
                byte[] d = in.readByteArray().orEmpty();
                in.end();
                token.verifyUpdate(s, d);
            }
            case C_VERIFY_FINAL -> {
                long s = in.readUlong();
                byte[] sig = in.readByteArray().orEmpty();
                in.end();
                token.verifyFinal(s, sig);
            }
            case C_GENERATE_KEY -> {
                long s = in.readUlong();
                CkMechanism m = in.readMechanism(offeredVersion);
                List<WireAttribute> t = in.readAttributeArray();
                in.end();
                out.writeUlong(token.generateKey(s, mechanism(m), template(t)));
            }
            case C_GENERATE_KEY_PAIR -> {
                long s = in.readUlong();
                CkMechanism m = in.readMechanism(offeredVersion);
                List<WireAttribute> pub = in.readAttributeArray();
                List<WireAttribute> priv = in.readAttributeArray();
                in.end();
                long[] h = token.generateKeyPair(s, mechanism(m), template(pub), template(priv));
                out.writeUlong(h[0]).writeUlong(h[1]);
            }
            case C_DERIVE_KEY -> {
                long s = in.readUlong();
                CkMechanism m = in.readMechanism(offeredVersion);
                long base = in.readUlong();
                List<WireAttribute> t = in.readAttributeArray();
                in.end();
                out.writeUlong(token.deriveKey(s, mechanism(m), base, template(t)));
            }
            case C_SEED_RANDOM -> {
                long s = in.readUlong();
                byte[] seed = in.readByteArray().orEmpty();
                in.end();
                token.seedRandom(s, seed);
            }
            case C_GENERATE_RANDOM -> {
                long s = in.readUlong();
                long cap = in.readByteBuffer();
                in.end();
                // A 0.24.1 client sends a non-NULL zero-length buffer as 0 too: answer it with no bytes.
                byte[] r = new byte[(int) Math.min(cap, MAX_OUTPUT)];
                if (r.length > 0) {
                    token.generateRandom(s, r);
                }
                out.writeByteArray(r);
            }
            default -> throw new CkException(Ckr.FUNCTION_NOT_SUPPORTED);
        }
        return out.finish();
    }

    /** Reads a lone session handle, the whole request of several calls. */
    private static long session(RpcReader in) throws WireException {
        long s = in.readUlong();
        in.end();
        return s;
    }

    private record Init(long session, CkMechanism mechanism, long key) {}

    private Init init(RpcReader in, boolean withKey) throws WireException, CkException {
        long s = in.readUlong();
        CkMechanism m = in.readMechanism(offeredVersion);
        long key = withKey ? in.readUlong() : 0;
        in.end();
        return new Init(s, mechanism(m), key);
    }

    /** A v2 client's NULL mechanism (PKCS#11 3.0's "cancel") is not a 2.40 argument. */
    private static CkMechanism mechanism(CkMechanism m) throws CkException {
        if (m == null) {
            throw new CkException(Ckr.ARGUMENTS_BAD, "NULL mechanism");
        }
        return m;
    }

    /** {@code au} from a whole list: count alone for a length query or a short buffer, else the values. */
    private static void ulongs(RpcWriter out, long cap, long[] values) {
        if (cap < values.length) {
            out.writeUlongArrayLength(values.length);
        } else {
            out.writeUlongArray(values);
        }
    }

    @FunctionalInterface
    private interface DataOp {
        int apply(long session, byte[] data, byte[] out) throws CkException;
    }

    @FunctionalInterface
    private interface FinalOp {
        int apply(long session, byte[] out) throws CkException;
    }

    private static void dataToBytes(RpcReader in, RpcWriter out, DataOp op) throws WireException, CkException {
        long s = in.readUlong();
        byte[] data = in.readByteArray().orEmpty();
        long cap = in.readByteBuffer();
        in.end();
        bytes(out, cap, b -> op.apply(s, data, b));
    }

    private static void finalToBytes(RpcReader in, RpcWriter out, FinalOp op) throws WireException, CkException {
        long s = in.readUlong();
        long cap = in.readByteBuffer();
        in.end();
        bytes(out, cap, b -> op.apply(s, b));
    }

    @FunctionalInterface
    private interface Output {
        int apply(byte[] out) throws CkException;
    }

    /**
     * {@code fy} to {@code ay}: capacity 0 is C's NULL buffer (the length, operation still active); a buffer that is
     * too small is answered with valid 0 and the length, which the client turns back into CKR_BUFFER_TOO_SMALL.
     */
    private static void bytes(RpcWriter out, long cap, Output op) throws CkException {
        if (cap == 0) {
            out.writeByteArrayLength(op.apply(null));
            return;
        }
        byte[] buf = new byte[(int) Math.min(cap, MAX_OUTPUT)];
        try {
            int n = op.apply(buf);
            out.writeByteArray(Arrays.copyOf(buf, n));
        } catch (CkException e) {
            if (e.rv() != Ckr.BUFFER_TOO_SMALL) {
                throw e;
            }
            out.writeByteArrayLength(e.requiredLength());
        }
    }

    /** A request template as values; entries without a value cannot be passed to {@code Cryptoki}. */
    private static List<CkAttribute> template(List<WireAttribute> wire) throws CkException {
        List<CkAttribute> t = new ArrayList<>(wire.size());
        for (WireAttribute a : wire) {
            if (Cka.kind(a.type()) == AttributeKind.ATTRIBUTE_ARRAY) {
                throw new CkException(Ckr.ATTRIBUTE_TYPE_INVALID, Cka.name(a.type()) + " is not supported");
            }
            if (!a.valid() || (a.value() == null && a.length() != 0)) {
                throw new CkException(Ckr.ATTRIBUTE_VALUE_INVALID, Cka.name(a.type()) + " has no value");
            }
            t.add(a.value() == null ? new CkAttribute(a.type(), new byte[0]) : a.toCkAttribute());
        }
        return t;
    }

    /** The client requires the answer's entries in the template's order, one for one. */
    private static void check(AttributeAnswer a, List<AttributeQuery> q) throws CkException {
        boolean ok = a.entries().size() == q.size() && (a.rv() == Ckr.OK || a.rv() == Ckr.ATTRIBUTE_SENSITIVE
                || a.rv() == Ckr.ATTRIBUTE_TYPE_INVALID || a.rv() == Ckr.BUFFER_TOO_SMALL);
        for (int i = 0; ok && i < q.size(); i++) {
            ok = a.entries().get(i).type() == q.get(i).type();
        }
        if (!ok) {
            throw new CkException(Ckr.GENERAL_ERROR, "the token's attribute answer does not fit the template");
        }
    }
}
