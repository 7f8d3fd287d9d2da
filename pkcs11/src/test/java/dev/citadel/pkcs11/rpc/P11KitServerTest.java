package dev.citadel.pkcs11.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The server on a real Unix socket: handshake, one application per connection, malformed frames, socket file. */
class P11KitServerTest {
    @TempDir
    Path dir;

    private final List<OneKeyToken> tokens = new CopyOnWriteArrayList<>();
    private final LinkedBlockingQueue<String> events = new LinkedBlockingQueue<>();
    private P11KitServer server;

    @BeforeEach
    void start() throws IOException {
        server = P11KitServer.start(dir.resolve("p11.sock"), () -> {
            OneKeyToken t = new OneKeyToken();
            tokens.add(t);
            return t;
        }, new P11KitServer.Listener() {
            @Override
            public void opened(long connection, int offeredVersion) {
                events.add("open " + connection + " v" + offeredVersion);
            }

            @Override
            public void closed(long connection, String reason) {
                events.add("close " + connection + (reason == null ? "" : " " + reason));
            }
        });
    }

    @AfterEach
    void stop() throws IOException {
        server.close();
    }

    @Test
    void socketIsOwnerOnlyAndRemovedOnClose() throws IOException {
        assertThat(server.address()).isEqualTo("unix:path=" + dir.resolve("p11.sock"));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(server.path())))
                .isEqualTo("rw-------");
        server.close();
        assertThat(server.path()).doesNotExist();
    }

    @Test
    void refusesALiveSocketAndReplacesAStaleOne() throws IOException {
        assertThatThrownBy(() -> P11KitServer.start(server.path(), OneKeyToken::new, P11KitServer.Listener.NONE))
                .isInstanceOf(IOException.class).hasMessageContaining("already listening");
        Path stale = dir.resolve("stale.sock");
        ServerSocketChannel.open(StandardProtocolFamily.UNIX).bind(UnixDomainSocketAddress.of(stale)).close();
        assertThat(stale).exists();
        try (P11KitServer s = P11KitServer.start(stale, OneKeyToken::new, P11KitServer.Listener.NONE)) {
            try (Client c = new Client(s.path(), 0)) {
                assertThat(c.versionAnswer).isZero();
            }
        }
        Path file = Files.writeString(dir.resolve("plain"), "x");
        assertThatThrownBy(() -> P11KitServer.start(file, OneKeyToken::new, P11KitServer.Listener.NONE))
                .hasMessageContaining("not a socket");
        assertThat(file).hasContent("x");
    }

    @Test
    void answersVersionZeroToAnyOfferAndRemembersTheOffer() throws Exception {
        try (Client c = new Client(server.path(), 2)) {
            assertThat(c.versionAnswer).isZero();
            assertThat(events.poll(10, TimeUnit.SECONDS)).isEqualTo("open 1 v2");
        }
    }

    @Test
    void capturedListSessionRunsOverTheSocketAndEofFinalizes() throws Exception {
        try (Client c = new Client(server.path(), 0)) {
            for (Captured.Exchange e : Captured.session("strace_L")) {
                if (e.call().equals("C_Finalize")) {
                    continue; // leave without C_Finalize, as the OpenSSL engine and SunPKCS11 do
                }
                assertThat(c.call(e.requestFrame()).body()).isEqualTo(e.responseFrame().body());
            }
        }
        assertThat(events.poll(10, TimeUnit.SECONDS)).startsWith("open 1");
        assertThat(events.poll(10, TimeUnit.SECONDS)).isEqualTo("close 1");
        assertThat(tokens.get(0).finalizeCalls).hasValue(1);
    }

    @Test
    void eachConnectionHasItsOwnApplication() throws Exception {
        try (Client a = new Client(server.path(), 0); Client b = new Client(server.path(), 0)) {
            a.call(initialize());
            b.call(initialize());
            assertThat(tokens).hasSize(2);
        }
    }

    @Test
    void malformedFramesCloseOnlyTheirConnection() throws Exception {
        try (Client good = new Client(server.path(), 0)) {
            good.call(initialize());
            // truncated header, then the client goes away
            try (Client c = new Client(server.path(), 0)) {
                c.out.write(new byte[] {0, 0, 0, 0x10, 0, 0});
            }
            // body length over the limit
            try (Client c = new Client(server.path(), 0)) {
                c.out.write(ByteBuffer.allocate(12).putInt(0x10).putInt(0).putInt(Frame.MAX_BODY + 1).array());
                assertClosed(c);
            }
            // call code 0
            try (Client c = new Client(server.path(), 0)) {
                new Frame(0, new byte[0], RpcWriter.request(RpcCall.C_GET_INFO).finish()).write(c.out);
                assertClosed(c);
            }
            // a signature that is not the table's
            try (Client c = new Client(server.path(), 0)) {
                // C_GetInfo (no fields) sent with signature "u"
                byte[] body = java.util.HexFormat.of().parseHex("0000000300000001750000000000000000");
                new Frame(0x10, new byte[0], body).write(c.out);
                assertClosed(c);
            }
            // an unknown call is answered, and the connection goes on
            try (Client c = new Client(server.path(), 0)) {
                Frame r = c.call(new Frame(0x10, "client".getBytes(), java.util.HexFormat.of()
                        .parseHex("0000005900000000")));
                assertThat(RpcReader.response(r.body()).readUlong()).isEqualTo(0x54);
                assertThat(RpcReader.response(c.call(initialize()).body()).call()).isEqualTo(RpcCall.C_INITIALIZE);
            }
            Frame info = good.call(new Frame(0x11, "client".getBytes(), RpcWriter.request(RpcCall.C_GET_INFO)
                    .finish()));
            assertThat(RpcReader.response(info.body()).call()).isEqualTo(RpcCall.C_GET_INFO);
        }
        List<String> closes = events.stream().filter(e -> e.startsWith("close")).toList();
        assertThat(closes).anyMatch(e -> e.contains("stream ended inside a frame"))
                .anyMatch(e -> e.contains("over the limits")).anyMatch(e -> e.contains("call code 0"))
                .anyMatch(e -> e.contains("signature"));
    }

    /** The server closed: end of stream, or a reset when it closed with bytes unread. */
    private static void assertClosed(Client c) {
        int r;
        try {
            r = c.in.read();
        } catch (IOException e) {
            r = -1;
        }
        assertThat(r).isEqualTo(-1);
    }

    private static Frame initialize() {
        return new Frame(0x10, "client".getBytes(), RpcWriter.request(RpcCall.C_INITIALIZE)
                .writeByteArray(RpcDispatcher.HANDSHAKE).writeByte(0).writeByteArray(new byte[1]).finish());
    }

    /** A bare client speaking the protocol as p11-kit-client.so does. */
    static final class Client implements AutoCloseable {
        final SocketChannel ch;
        final InputStream in;
        final OutputStream out;
        final int versionAnswer;

        Client(Path socket, int version) throws IOException {
            ch = SocketChannel.open(UnixDomainSocketAddress.of(socket));
            in = Channels.newInputStream(ch);
            out = Channels.newOutputStream(ch);
            out.write(version);
            versionAnswer = in.read();
        }

        Frame call(Frame request) throws IOException, WireException {
            request.write(out);
            Frame r = Frame.read(in);
            assertThat(r).isNotNull();
            assertThat(r.callCode()).isEqualTo(request.callCode());
            return r;
        }

        @Override
        public void close() throws IOException {
            ch.close();
        }
    }

    static Frame frame(byte[] raw) throws IOException, WireException {
        return Frame.read(new ByteArrayInputStream(raw));
    }
}
