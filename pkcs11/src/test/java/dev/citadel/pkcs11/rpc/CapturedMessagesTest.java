package dev.citadel.pkcs11.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.citadel.pkcs11.AttributeQuery;
import dev.citadel.pkcs11.CkInfo;
import dev.citadel.pkcs11.CkMechanism;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every message a real p11-kit 0.24.1 client and server exchanged ({@code p11kit/decoded.txt}) parses field by
 * field under the call table's signature, with nothing left over, and writes back to the same bytes.
 */
class CapturedMessagesTest {
    private static final Map<String, int[]> WIDTHS = Map.of(
            "C_GetInfo", new int[] {32, 32},
            "C_GetSlotInfo", new int[] {64, 32},
            "C_GetTokenInfo", new int[] {32, 32, 16, 16, 16});

    static Stream<Captured.Exchange> exchanges() {
        return Captured.all().stream();
    }

    static Stream<Captured.Exchange> decodable() {
        return Captured.all().stream().filter(e -> !e.decodeFailed());
    }

    @Test
    void theCaptureHasAllTenSessions() {
        assertThat(Captured.all()).hasSize(550);
        assertThat(Captured.all().stream().map(Captured.Exchange::session).distinct()).hasSize(10);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("exchanges")
    void requestParsesAndWritesBackToTheSameBytes(Captured.Exchange e) throws Exception {
        Frame f = e.requestFrame();
        assertThat(f.callCode()).isNotZero();
        assertThat(new String(f.options(), StandardCharsets.US_ASCII)).isEqualTo("client");
        RpcReader in = RpcReader.request(f.body());
        assertThat(in.call().functionName()).isEqualTo(e.call());
        RpcWriter out = RpcWriter.request(in.call());
        copy(in, out, in.call().request(), new int[0]);
        in.end();
        assertThat(out.finish()).isEqualTo(f.body());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("decodable")
    void replyParsesAndWritesBackToTheSameBytes(Captured.Exchange e) throws Exception {
        Frame f = e.responseFrame();
        assertThat(f.callCode()).isEqualTo(e.requestFrame().callCode());
        assertThat(f.options()).isEmpty();
        RpcReader in = RpcReader.response(f.body());
        RpcWriter out = RpcWriter.response(in.call());
        String sig = in.call().response();
        copy(in, out, sig, WIDTHS.getOrDefault(in.call().functionName(), new int[0]));
        in.end();
        assertThat(out.finish()).isEqualTo(f.body());
    }

    /** p11-kit's own server answers a CKA_ALLOWED_MECHANISMS length query with a count and no values. */
    @Test
    void p11KitsBrokenAllowedMechanismsLengthAnswerIsRejected() {
        Captured.Exchange e = Captured.all().stream().filter(Captured.Exchange::decodeFailed).findFirst()
                .orElseThrow();
        assertThat(e.session()).isEqualTo("strace_allowed");
        assertThatThrownBy(() -> {
            RpcReader in = RpcReader.response(e.responseFrame().body());
            in.readAttributeArray();
            in.readUlong();
            in.end();
        }).isInstanceOf(WireException.class).hasMessageContaining("truncated");
    }

    @Test
    void pinIncorrectTravelsAsAnErrorReply() throws Exception {
        Captured.Exchange login = Captured.session("strace_badpin").stream()
                .filter(x -> x.call().equals("C_Login")).findFirst().orElseThrow();
        RpcReader in = RpcReader.response(login.responseFrame().body());
        assertThat(in.call()).isEqualTo(RpcCall.ERROR);
        assertThat(in.readUlong()).isEqualTo(0xA0);
        assertThat(RpcWriter.error(0xA0)).isEqualTo(login.responseFrame().body());
    }

    @Test
    void generateKeyPairRequestDecodesItsTemplates() throws Exception {
        Captured.Exchange kp = Captured.session("strace_keygen").stream()
                .filter(x -> x.call().equals("C_GenerateKeyPair")).findFirst().orElseThrow();
        RpcReader in = RpcReader.request(kp.requestFrame().body());
        assertThat(in.readUlong()).isEqualTo(0x11);
        CkMechanism m = in.readMechanism(0);
        assertThat(m).isEqualTo(CkMechanism.of(0x1040));
        List<WireAttribute> pub = in.readAttributeArray();
        List<WireAttribute> priv = in.readAttributeArray();
        in.end();
        assertThat(pub).hasSize(9);
        assertThat(priv).hasSize(9);
        assertThat(pub.get(0).toCkAttribute().asLong()).isEqualTo(2); // CKA_CLASS = CKO_PUBLIC_KEY
        assertThat(pub.get(1).toCkAttribute().asBool()).isTrue(); // CKA_TOKEN
        WireAttribute ecParams = pub.stream().filter(a -> a.type() == 0x180).findFirst().orElseThrow();
        assertThat(ecParams.value()).isEqualTo(java.util.HexFormat.of().parseHex("06082a8648ce3d030107"));
        WireAttribute label = pub.stream().filter(a -> a.type() == 3).findFirst().orElseThrow();
        assertThat(label.toCkAttribute().asString()).isEqualTo("ec2");
    }

    /** Copies each field of {@code sig} from the reader to the writer, exercising every reader and writer method. */
    static void copy(RpcReader in, RpcWriter out, String sig, int[] widths) throws WireException {
        int s = 0;
        for (String code : codes(sig)) {
            switch (code) {
                case "y" -> out.writeByte(in.readByte());
                case "u" -> out.writeUlong(in.readUlong());
                case "v" -> {
                    CkInfo.Version v = in.readVersion();
                    out.writeVersion(v);
                }
                case "s" -> {
                    int w = widths[s++];
                    out.writeSpaceString(in.readSpaceString(w), w);
                }
                case "z" -> out.writeZeroString(in.readZeroString());
                case "ay" -> {
                    RpcReader.ByteArray a = in.readByteArray();
                    if (a.value() == null) {
                        out.writeByteArrayLength(a.length());
                    } else {
                        out.writeByteArray(a.value());
                    }
                }
                case "au" -> {
                    RpcReader.UlongArray a = in.readUlongArray();
                    if (a.values() == null) {
                        out.writeUlongArrayLength(a.count());
                    } else {
                        out.writeUlongArray(a.values());
                    }
                }
                case "fy" -> out.writeByteBuffer(in.readByteBuffer());
                case "fu" -> out.writeUlongBuffer(in.readUlongBuffer());
                case "fA" -> {
                    List<AttributeQuery> q = in.readAttributeBuffer();
                    out.writeAttributeBuffer(q);
                }
                case "aA" -> out.writeAttributes(in.readAttributeArray());
                case "M" -> out.writeMechanism(in.readMechanism(0), 0);
                default -> throw new AssertionError(code);
            }
        }
    }

    static List<String> codes(String sig) {
        List<String> c = new ArrayList<>();
        for (int i = 0; i < sig.length(); i++) {
            char ch = sig.charAt(i);
            if (ch == 'a' || ch == 'f') {
                c.add(sig.substring(i, i + 2));
                i++;
            } else {
                c.add(String.valueOf(ch));
            }
        }
        return c;
    }
}
