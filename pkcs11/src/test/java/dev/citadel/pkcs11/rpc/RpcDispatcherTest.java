package dev.citadel.pkcs11.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.citadel.pkcs11.AttributeQuery;
import dev.citadel.pkcs11.CkAttribute;
import dev.citadel.pkcs11.CkException;
import dev.citadel.pkcs11.CkMechanism;
import dev.citadel.pkcs11.Cka;
import dev.citadel.pkcs11.Ckm;
import dev.citadel.pkcs11.Ckr;
import dev.citadel.pkcs11.MechanismParams;
import java.security.Signature;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The dispatcher against a test token: replies compared with captured p11-kit replies, and the quirk rules. */
class RpcDispatcherTest {
    private final OneKeyToken token = new OneKeyToken();
    private final RpcDispatcher d = new RpcDispatcher(token, 0);

    @Test
    void pkcs11ToolListSlotsGetsTheRepliesP11KitGave() throws Exception {
        List<Captured.Exchange> l = Captured.session("strace_L");
        assertThat(l).extracting(Captured.Exchange::call).containsExactly("C_Initialize", "C_GetSlotList",
                "C_GetSlotList", "C_GetSlotInfo", "C_GetTokenInfo", "C_Finalize");
        for (Captured.Exchange e : l) {
            assertThat(d.handle(e.requestFrame().body())).as(e.toString()).isEqualTo(e.responseFrame().body());
        }
        assertThat(token.finalizeCalls).hasValue(1);
    }

    @Test
    void badHandshakeIsGeneralError() throws Exception {
        byte[] req = RpcWriter.request(RpcCall.C_INITIALIZE).writeByteArray("PRIVATE-GNOME-KEYRING".getBytes())
                .writeByte(0).writeByteArray(new byte[1]).finish();
        assertThat(error(d.handle(req))).isEqualTo(Ckr.GENERAL_ERROR);
    }

    @Test
    void wrongPinIsTheCapturedErrorReply() throws Exception {
        Captured.Exchange login = Captured.session("strace_badpin").stream()
                .filter(x -> x.call().equals("C_Login")).findFirst().orElseThrow();
        long s = token.openSession(OneKeyToken.SLOT, 4);
        byte[] req = RpcWriter.request(RpcCall.C_LOGIN).writeUlong(s).writeUlong(1)
                .writeByteArray("0000".getBytes()).finish();
        assertThat(d.handle(req)).isEqualTo(login.responseFrame().body());
    }

    @Test
    void attributeLengthQueryThenFetchAsCaptured() throws Exception {
        long s = token.openSession(OneKeyToken.SLOT, 4);
        byte[] q = RpcWriter.request(RpcCall.C_GET_ATTRIBUTE_VALUE).writeUlong(s).writeUlong(OneKeyToken.PUBLIC)
                .writeAttributeBuffer(List.of(AttributeQuery.length(Cka.LABEL))).finish();
        // p11-kit's server: 00000003 01 0000000a ffffffff, then rv 0
        assertThat(HexFormat.of().formatHex(d.handle(q)))
                .isEqualTo("000000180000000361417500000001" + "00000003" + "01" + "0000000a" + "ffffffff"
                        + "0000000000000000");
        byte[] f = RpcWriter.request(RpcCall.C_GET_ATTRIBUTE_VALUE).writeUlong(s).writeUlong(OneKeyToken.PUBLIC)
                .writeAttributeBuffer(List.of(new AttributeQuery(Cka.LABEL, 10), new AttributeQuery(Cka.CLASS, 8),
                        new AttributeQuery(Cka.TOKEN, 1)))
                .finish();
        RpcReader r = RpcReader.response(d.handle(f));
        List<WireAttribute> a = r.readAttributeArray();
        assertThat(r.readUlong()).isEqualTo(Ckr.OK);
        r.end();
        assertThat(a.get(0).toCkAttribute().asString()).isEqualTo("citadel-ec");
        assertThat(a.get(1).length()).isEqualTo(8);
        assertThat(a.get(1).toCkAttribute().asLong()).isEqualTo(2);
        assertThat(a.get(2).toCkAttribute().asBool()).isTrue();
    }

    @Test
    void unknownAttributeIsInvalidInsideASuccessReply() throws Exception {
        long s = token.openSession(OneKeyToken.SLOT, 4);
        byte[] q = RpcWriter.request(RpcCall.C_GET_ATTRIBUTE_VALUE).writeUlong(s).writeUlong(OneKeyToken.PUBLIC)
                .writeAttributeBuffer(List.of(AttributeQuery.length(0xcf534301L))).finish();
        // as captured from p11-kit: ... 614175 | 00000001 cf534301 00 | 0000000000000012
        assertThat(HexFormat.of().formatHex(d.handle(q)))
                .isEqualTo("0000001800000003614175" + "00000001cf53430100" + "0000000000000012");
    }

    @Test
    void allowedMechanismsLengthQueryAnswersCountZeroWithTheTrueLength() throws Exception {
        long s = token.openSession(OneKeyToken.SLOT, 4);
        byte[] q = RpcWriter.request(RpcCall.C_GET_ATTRIBUTE_VALUE).writeUlong(s).writeUlong(OneKeyToken.PUBLIC)
                .writeAttributeBuffer(List.of(AttributeQuery.length(Cka.ALLOWED_MECHANISMS))).finish();
        assertThat(HexFormat.of().formatHex(d.handle(q)))
                .isEqualTo("0000001800000003614175" + "00000001" + "40000600" + "01" + "00000008" + "00000000"
                        + "0000000000000000");
    }

    @Test
    void signLengthQueryShortBufferAndSignatureThatTheJdkVerifies() throws Exception {
        byte[] hash = java.security.MessageDigest.getInstance("SHA-256").digest("hello world".getBytes());
        long s = login();
        byte[] init = RpcWriter.request(RpcCall.C_SIGN_INIT).writeUlong(s).writeMechanism(CkMechanism.of(Ckm.ECDSA), 0)
                .writeUlong(OneKeyToken.PRIVATE).finish();
        assertThat(HexFormat.of().formatHex(init)).contains("00001041ffffffff");
        assertThat(d.handle(init)).isEqualTo(RpcWriter.response(RpcCall.C_SIGN_INIT).finish());
        // fy = 0: the length, as p11tool asks; observed reply 6179 | 00 | 00000040
        assertThat(HexFormat.of().formatHex(d.handle(sign(s, hash, 0)))).endsWith("617900" + "00000040");
        // too small: valid 0 and the length, which the client turns into CKR_BUFFER_TOO_SMALL
        assertThat(HexFormat.of().formatHex(d.handle(sign(s, hash, 10)))).endsWith("617900" + "00000040");
        RpcReader r = RpcReader.response(d.handle(sign(s, hash, 512)));
        byte[] sig = r.readByteArray().value();
        r.end();
        assertThat(sig).hasSize(64);
        Signature v = Signature.getInstance("SHA256withECDSAinP1363Format");
        v.initVerify(OneKeyToken.KEYS.getPublic());
        v.update("hello world".getBytes());
        assertThat(v.verify(sig)).isTrue();
    }

    @Test
    void generateRandomWithCapacityZeroIsAnEmptyArray() throws Exception {
        long s = token.openSession(OneKeyToken.SLOT, 4);
        byte[] req = RpcWriter.request(RpcCall.C_GENERATE_RANDOM).writeUlong(s).writeByteBuffer(0).finish();
        assertThat(HexFormat.of().formatHex(d.handle(req))).isEqualTo("000000400000000261790100000000");
        req = RpcWriter.request(RpcCall.C_GENERATE_RANDOM).writeUlong(s).writeByteBuffer(32).finish();
        RpcReader r = RpcReader.response(d.handle(req));
        assertThat(r.readByteArray().value()).hasSize(32);
    }

    @Test
    void nullInputInTheOldFormConsumesItsLength() throws Exception {
        long s = login();
        d.handle(RpcWriter.request(RpcCall.C_SIGN_INIT).writeUlong(s).writeMechanism(CkMechanism.of(Ckm.ECDSA), 0)
                .writeUlong(OneKeyToken.PRIVATE).finish());
        // 0.24.1 client: NULL data with length 0 = valid 0 + u32 0, then the fy that must still be read
        byte[] req = RpcWriter.request(RpcCall.C_SIGN).writeUlong(s).writeByteArrayLength(0).writeByteBuffer(64)
                .finish();
        RpcReader r = RpcReader.response(d.handle(req));
        assertThat(r.call()).isEqualTo(RpcCall.C_SIGN);
        assertThat(r.readByteArray().value()).hasSize(64);
    }

    @Test
    void unknownAndUnsupportedCallsAreFunctionNotSupported() throws Exception {
        byte[] unknown = HexFormat.of().parseHex("0000004200000000"); // id 66 (C_LoginUser, 0.25+), empty signature
        assertThat(error(d.handle(unknown))).isEqualTo(Ckr.FUNCTION_NOT_SUPPORTED);
        byte[] wait = RpcWriter.request(RpcCall.C_WAIT_FOR_SLOT_EVENT).writeUlong(0).finish();
        assertThat(error(d.handle(wait))).isEqualTo(Ckr.FUNCTION_NOT_SUPPORTED);
        byte[] state = RpcWriter.request(RpcCall.C_GET_OPERATION_STATE).writeUlong(1).writeByteBuffer(0).finish();
        assertThat(error(d.handle(state))).isEqualTo(Ckr.FUNCTION_NOT_SUPPORTED);
    }

    @Test
    void ckrTravelsAs32Bits() throws Exception {
        assertThat(HexFormat.of().formatHex(RpcWriter.error(0x1_0000_00A0L))).endsWith("00000000000000a0");
    }

    @Test
    void aBadSignatureOrTrailingBytesAreMalformed() {
        byte[] badSig = HexFormat.of().parseHex("0000000b000000017a0000000000000001"); // C_CloseSession, sig "z"
        assertThatThrownBy(() -> d.handle(badSig)).isInstanceOf(WireException.class)
                .hasMessageContaining("signature");
        byte[] trailing = HexFormat.of().parseHex("0000000b00000001750000000000000001ff");
        assertThatThrownBy(() -> d.handle(trailing)).isInstanceOf(WireException.class)
                .hasMessageContaining("after the last field");
        byte[] truncated = HexFormat.of().parseHex("0000000b000000017500000000");
        assertThatThrownBy(() -> d.handle(truncated)).isInstanceOf(WireException.class)
                .hasMessageContaining("truncated");
    }

    @Test
    void aTokenFaultIsGeneralErrorAndTheDispatcherGoesOn() throws Exception {
        RpcDispatcher faulty = new RpcDispatcher(new UnsupportedCryptoki() {
            @Override
            public long[] getSlotList(boolean present) {
                throw new IllegalStateException("bug");
            }
        }, 0);
        byte[] req = RpcWriter.request(RpcCall.C_GET_SLOT_LIST).writeByte(0).writeUlongBuffer(0).finish();
        assertThat(error(faulty.handle(req))).isEqualTo(Ckr.GENERAL_ERROR);
        assertThat(error(faulty.handle(RpcWriter.request(RpcCall.C_GET_INFO).finish())))
                .isEqualTo(Ckr.FUNCTION_NOT_SUPPORTED);
    }

    @Test
    void templatesReachTheTokenInCkAttributeForm() throws Exception {
        List<List<CkAttribute>> seen = new ArrayList<>();
        RpcDispatcher rec = new RpcDispatcher(new UnsupportedCryptoki() {
            @Override
            public long[] generateKeyPair(long s, CkMechanism m, List<CkAttribute> pub, List<CkAttribute> priv) {
                seen.add(pub);
                seen.add(priv);
                return new long[] {3, 4};
            }
        }, 0);
        Captured.Exchange kp = Captured.session("strace_keygen").stream()
                .filter(x -> x.call().equals("C_GenerateKeyPair")).findFirst().orElseThrow();
        assertThat(rec.handle(kp.requestFrame().body())).isEqualTo(kp.responseFrame().body());
        assertThat(seen.get(0)).contains(CkAttribute.ofBytes(Cka.EC_PARAMS, OneKeyToken.P256_OID),
                CkAttribute.ofString(Cka.LABEL, "ec2"), CkAttribute.ofBool(Cka.TOKEN, true));
        assertThat(seen.get(1)).contains(CkAttribute.ofBool(Cka.SIGN, true));
    }

    @Test
    void anInvalidAttributeInARequestTemplateIsAttributeValueInvalid() throws Exception {
        long s = token.openSession(OneKeyToken.SLOT, 4);
        byte[] req = RpcWriter.request(RpcCall.C_FIND_OBJECTS_INIT).writeUlong(s)
                .writeAttributes(List.of(WireAttribute.invalid(Cka.LABEL))).finish();
        assertThat(error(d.handle(req))).isEqualTo(Ckr.ATTRIBUTE_VALUE_INVALID);
    }

    @Test
    void version2ClientsMechanismFormIsReadWhenOffered() throws Exception {
        List<CkMechanism> seen = new ArrayList<>();
        UnsupportedCryptoki t = new UnsupportedCryptoki() {
            @Override
            public void signInit(long s, CkMechanism m, long k) {
                seen.add(m);
            }
        };
        RpcDispatcher v2 = new RpcDispatcher(t, 2);
        byte[] ecdsa = RpcWriter.request(RpcCall.C_SIGN_INIT).writeUlong(1)
                .writeMechanism(CkMechanism.of(Ckm.ECDSA), 2).writeUlong(4).finish();
        assertThat(HexFormat.of().formatHex(ecdsa)).contains("00001041" + "0000000000000004");
        v2.handle(ecdsa);
        CkMechanism pss = new CkMechanism(Ckm.SHA256_RSA_PKCS_PSS, new MechanismParams.RsaPss(Ckm.SHA256,
                Ckm.MGF1_SHA256, 32));
        v2.handle(RpcWriter.request(RpcCall.C_SIGN_INIT).writeUlong(1).writeMechanism(pss, 2).writeUlong(4)
                .finish());
        byte[] nullMech = HexFormat.of().parseHex("0000002a00000003754d750000000000000001ffffffff0000000000000004");
        assertThat(error(v2.handle(nullMech))).isEqualTo(Ckr.ARGUMENTS_BAD);
        assertThat(seen).containsExactly(CkMechanism.of(Ckm.ECDSA), pss);
    }

    @Test
    void version0PssParametersAsCaptured() throws Exception {
        Captured.Exchange init = Captured.session("strace_pss2").stream()
                .filter(x -> x.call().equals("C_SignInit")).findFirst().orElseThrow();
        RpcReader r = RpcReader.request(init.requestFrame().body());
        r.readUlong();
        assertThat(r.readMechanism(0)).isEqualTo(new CkMechanism(Ckm.RSA_PKCS_PSS,
                new MechanismParams.RsaPss(Ckm.SHA256, Ckm.MGF1_SHA256, 32)));
    }

    private long login() throws CkException {
        long s = token.openSession(OneKeyToken.SLOT, 4);
        token.login(s, 1, "1234".getBytes());
        return s;
    }

    private static byte[] sign(long s, byte[] data, long cap) {
        return RpcWriter.request(RpcCall.C_SIGN).writeUlong(s).writeByteArray(data).writeByteBuffer(cap).finish();
    }

    private static long error(byte[] reply) throws WireException {
        RpcReader r = RpcReader.response(reply);
        assertThat(r.call()).isEqualTo(RpcCall.ERROR);
        long rv = r.readUlong();
        r.end();
        return rv;
    }
}
