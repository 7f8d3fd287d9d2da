package dev.citadel.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.citadel.mqtt.MqttException.Reason;
import dev.citadel.mqtt.broker.BrokerConfig;
import dev.citadel.mqtt.broker.ConnectedClient;
import dev.citadel.mqtt.broker.MqttBroker;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The device client against the embedded broker over mutual TLS, with JDK keys (the SPE's keys are tested through both
 * doors in the integration tests). Checks go through a second client or raw MQTT bytes on a TLS socket.
 */
class EmbeddedBrokerTest {
    private static final String LOOPBACK = InetAddress.getLoopbackAddress().getHostAddress();
    private static TestCa deviceCa;
    private static TestCa brokerCa;
    private static TestCa.Identity brokerId;
    private static MqttBroker broker;
    private final List<DeviceMqtt> clients = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        deviceCa = new TestCa("Device CA");
        brokerCa = new TestCa("Broker CA");
        brokerId = brokerCa.identity("CN=broker", true);
        broker = MqttBroker.start(BrokerConfig.builder()
                .identity(brokerId.keys().getPrivate(), brokerId.chain())
                .clientTrustAnchors(List.of(deviceCa.cert))
                .connectPolicy((id, cert) -> !id.startsWith("banned"))
                .build());
    }

    @AfterAll
    static void stop() {
        broker.close();
    }

    @AfterEach
    void disconnect() {
        clients.forEach(DeviceMqtt::close);
    }

    private DeviceMqtt device(String clientId) throws Exception {
        return device(clientId, deviceCa);
    }

    private DeviceMqtt device(String clientId, TestCa ca) throws Exception {
        TestCa.Identity id = ca.identity("CN=" + clientId, false);
        DeviceTls tls = DeviceTls.of(id.keyManager(), List.of(brokerCa.cert));
        DeviceMqtt d = DeviceMqtt.connect(DeviceMqttOptions.builder(LOOPBACK, broker.port(), tls, clientId).build());
        clients.add(d);
        return d;
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static MqttMessage next(BlockingQueue<MqttMessage> q) throws InterruptedException {
        MqttMessage m = q.poll(10, TimeUnit.SECONDS);
        assertThat(m).as("a message arrived").isNotNull();
        return m;
    }

    @Test
    void listensOnLoopbackOnAnEphemeralPort() {
        assertThat(broker.address().getAddress().isLoopbackAddress()).isTrue();
        assertThat(broker.port()).isPositive();
    }

    @Test
    void theBrokerSeesTheDeviceCertificateSubject() throws Exception {
        DeviceMqtt d = device("sensor-7");

        assertThat(d.isConnected()).isTrue();
        ConnectedClient seen = broker.connectedClients().stream()
                .filter(c -> c.clientId().equals("sensor-7")).findFirst().orElseThrow();
        assertThat(seen.subject().getName()).isEqualTo("CN=sensor-7");
        assertThat(seen.certificate().getIssuerX500Principal().getName()).isEqualTo("CN=Device CA");
    }

    @Test
    void qos0AndQos1MessagesArriveWithTheirQos() throws Exception {
        DeviceMqtt sub = device("sub-q");
        DeviceMqtt pub = device("pub-q");
        BlockingQueue<MqttMessage> got = new LinkedBlockingQueue<>();
        assertThat(sub.subscribe("q/+", Qos.AT_LEAST_ONCE, got::add)).isEqualTo(Qos.AT_LEAST_ONCE);

        pub.publish("q/zero", utf8("at most once"), Qos.AT_MOST_ONCE, false);
        pub.publish("q/one", utf8("at least once"), Qos.AT_LEAST_ONCE, false);

        assertThat(next(got)).isEqualTo(new MqttMessage("q/zero", utf8("at most once"), Qos.AT_MOST_ONCE, false));
        assertThat(next(got)).isEqualTo(new MqttMessage("q/one", utf8("at least once"), Qos.AT_LEAST_ONCE, false));
    }

    @Test
    void deliveryUsesTheLowerOfPublishedAndGrantedQos() throws Exception {
        DeviceMqtt sub = device("sub-low");
        DeviceMqtt pub = device("pub-low");
        BlockingQueue<MqttMessage> got = new LinkedBlockingQueue<>();
        sub.subscribe("low/t", Qos.AT_MOST_ONCE, got::add);

        pub.publish("low/t", utf8("x"), Qos.AT_LEAST_ONCE, false);

        assertThat(next(got).qos()).isEqualTo(Qos.AT_MOST_ONCE);
    }

    @Test
    void plusMatchesExactlyOneLevel() throws Exception {
        DeviceMqtt sub = device("sub-plus");
        DeviceMqtt pub = device("pub-plus");
        BlockingQueue<MqttMessage> got = new LinkedBlockingQueue<>();
        sub.subscribe("plus/+/temp", Qos.AT_LEAST_ONCE, got::add);

        pub.publish("plus/a/b/temp", utf8("too deep"), Qos.AT_LEAST_ONCE, false);
        pub.publish("plus/temp", utf8("too shallow"), Qos.AT_LEAST_ONCE, false);
        pub.publish("plus/kitchen/temp", utf8("21"), Qos.AT_LEAST_ONCE, false);

        // Messages from one publisher arrive in order, so the first one that arrives is the only match.
        assertThat(next(got).topic()).isEqualTo("plus/kitchen/temp");
    }

    @Test
    void hashMatchesTheParentAndEveryLevelBelow() throws Exception {
        DeviceMqtt sub = device("sub-hash");
        DeviceMqtt pub = device("pub-hash");
        BlockingQueue<MqttMessage> got = new LinkedBlockingQueue<>();
        sub.subscribe("hash/#", Qos.AT_LEAST_ONCE, got::add);

        pub.publish("other/x", utf8("no"), Qos.AT_LEAST_ONCE, false);
        pub.publish("hash", utf8("parent"), Qos.AT_LEAST_ONCE, false);
        pub.publish("hash/a/b/c", utf8("deep"), Qos.AT_LEAST_ONCE, false);

        assertThat(next(got).topic()).isEqualTo("hash");
        assertThat(next(got).topic()).isEqualTo("hash/a/b/c");
    }

    @Test
    void aRetainedMessageReachesLaterSubscribersMarkedRetained() throws Exception {
        DeviceMqtt pub = device("pub-ret");
        pub.publish("jobs/dev-1/doc", utf8("{\"job\":1}"), Qos.AT_LEAST_ONCE, true);
        pub.publish("jobs/dev-1/doc", utf8("{\"job\":2}"), Qos.AT_LEAST_ONCE, true);
        DeviceMqtt sub = device("sub-ret");
        BlockingQueue<MqttMessage> got = new LinkedBlockingQueue<>();

        sub.subscribe("jobs/+/doc", Qos.AT_LEAST_ONCE, got::add);
        MqttMessage retained = next(got);
        pub.publish("jobs/dev-1/doc", utf8("{\"job\":3}"), Qos.AT_LEAST_ONCE, true);
        MqttMessage live = next(got);

        assertThat(retained).isEqualTo(new MqttMessage("jobs/dev-1/doc", utf8("{\"job\":2}"), Qos.AT_LEAST_ONCE,
                true));
        assertThat(live.retained()).as("a live message to an existing subscription is not marked retained").isFalse();
        assertThat(live.text()).isEqualTo("{\"job\":3}");
    }

    @Test
    void anEmptyRetainedMessageDeletesTheRetainedMessage() throws Exception {
        DeviceMqtt pub = device("pub-del");
        pub.publish("del/t", utf8("keep me"), Qos.AT_LEAST_ONCE, true);
        pub.publish("del/t", new byte[0], Qos.AT_LEAST_ONCE, true);
        pub.publish("del/u", utf8("marker"), Qos.AT_LEAST_ONCE, true);
        DeviceMqtt sub = device("sub-del");
        BlockingQueue<MqttMessage> got = new LinkedBlockingQueue<>();

        sub.subscribe("del/#", Qos.AT_LEAST_ONCE, got::add);

        assertThat(next(got).topic()).isEqualTo("del/u");
        assertThat(got.poll()).isNull();
    }

    @Test
    void afterUnsubscribeNothingMoreArrives() throws Exception {
        DeviceMqtt sub = device("sub-uns");
        DeviceMqtt pub = device("pub-uns");
        BlockingQueue<MqttMessage> got = new LinkedBlockingQueue<>();
        sub.subscribe("uns/a", Qos.AT_LEAST_ONCE, got::add);
        sub.subscribe("uns/b", Qos.AT_LEAST_ONCE, got::add);

        sub.unsubscribe("uns/a");
        pub.publish("uns/a", utf8("gone"), Qos.AT_LEAST_ONCE, false);
        pub.publish("uns/b", utf8("still here"), Qos.AT_LEAST_ONCE, false);

        assertThat(next(got).topic()).isEqualTo("uns/b");
        assertThat(sub.subscriptions()).containsOnlyKeys("uns/b");
    }

    @Test
    void aCertificateFromAnUntrustedCaIsRefusedWithATlsError() throws Exception {
        TestCa rogue = new TestCa("Rogue CA");

        assertThatThrownBy(() -> device("rogue", rogue))
                .isInstanceOf(MqttException.class)
                .hasMessageContaining("TLS handshake failed")
                .extracting(e -> ((MqttException) e).reason()).isEqualTo(Reason.TLS_REFUSED);
        assertThat(broker.connectedClients()).noneMatch(c -> c.clientId().equals("rogue"));
    }

    @Test
    void aBrokerCertificateTheDeviceDoesNotTrustIsRefusedWithATlsError() throws Exception {
        TestCa.Identity id = deviceCa.identity("CN=picky", false);
        DeviceTls tls = DeviceTls.of(id.keyManager(), List.of(new TestCa("Unrelated CA").cert));

        assertThatThrownBy(() -> DeviceMqtt.connect(
                        DeviceMqttOptions.builder(LOOPBACK, broker.port(), tls, "picky").build()))
                .isInstanceOf(MqttException.class)
                .extracting(e -> ((MqttException) e).reason()).isEqualTo(Reason.TLS_REFUSED);
    }

    @Test
    void aRefusedConnectGivesTheBrokersReturnCode() {
        assertThatThrownBy(() -> device("banned-1"))
                .isInstanceOf(MqttException.class)
                .hasMessageContaining("refused the connection (NOT_AUTHORIZED)")
                .extracting(e -> ((MqttException) e).reason()).isEqualTo(Reason.CONNECT_REFUSED);
    }

    @Test
    void anUnreachableBrokerIsReportedAsSuch() throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        TestCa.Identity id = deviceCa.identity("CN=lonely", false);
        DeviceTls tls = DeviceTls.of(id.keyManager(), List.of(brokerCa.cert));

        assertThatThrownBy(() -> DeviceMqtt.connect(DeviceMqttOptions.builder(LOOPBACK, port, tls, "lonely").build()))
                .isInstanceOf(MqttException.class)
                .hasMessageContaining("no broker reachable")
                .extracting(e -> ((MqttException) e).reason()).isEqualTo(Reason.UNREACHABLE);
    }

    @Test
    void aSecondConnectionWithTheSameClientIdTakesOver() throws Exception {
        DeviceMqtt first = device("twin");
        DeviceMqtt second = device("twin");

        assertThat(second.isConnected()).isTrue();
        assertThat(broker.connectedClients()).filteredOn(c -> c.clientId().equals("twin")).hasSize(1);
        for (int i = 0; i < 100 && first.isConnected(); i++) {
            Thread.sleep(50);
        }
        assertThat(first.isConnected()).isFalse();
    }

    // --- raw MQTT bytes over TLS: what the client library would never send

    private SSLSocket rawTls(String subject) throws Exception {
        TestCa.Identity id = deviceCa.identity(subject, false);
        java.security.KeyStore trust = java.security.KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("ca", brokerCa.cert);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
        tmf.init(trust);
        SSLContext ctx = SSLContext.getInstance("TLS", "SunJSSE");
        ctx.init(new javax.net.ssl.KeyManager[] {id.keyManager()}, tmf.getTrustManagers(), null);
        SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket(InetAddress.getLoopbackAddress(), broker.port());
        s.setSoTimeout(10_000);
        s.startHandshake();
        return s;
    }

    private static byte[] connectPacket(String clientId) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(new byte[] {0, 4, 'M', 'Q', 'T', 'T', 4, 0x02, 0, 60});
        byte[] id = utf8(clientId);
        body.write(id.length >> 8);
        body.write(id.length);
        body.writeBytes(id);
        ByteArrayOutputStream packet = new ByteArrayOutputStream();
        packet.write(0x10);
        packet.write(body.size());
        packet.writeBytes(body.toByteArray());
        return packet.toByteArray();
    }

    private static byte[] read(InputStream in, int n) throws IOException {
        byte[] b = in.readNBytes(n);
        assertThat(b).hasSize(n);
        return b;
    }

    /** Reads until the broker closes the connection; true if it did (a reset counts too). */
    private static boolean closedByBroker(InputStream in) {
        try {
            while (in.read() >= 0) {
                // whatever came before the close
            }
            return true;
        } catch (IOException e) {
            return !(e instanceof java.net.SocketTimeoutException);
        }
    }

    @Test
    void pingreqGetsPingresp() throws Exception {
        try (SSLSocket s = rawTls("CN=raw-ping")) {
            s.getOutputStream().write(connectPacket("raw-ping"));
            assertThat(read(s.getInputStream(), 4)).containsExactly(0x20, 0x02, 0x00, 0x00);
            s.getOutputStream().write(new byte[] {(byte) 0xC0, 0x00});
            assertThat(read(s.getInputStream(), 2)).containsExactly(0xD0, 0x00);
            s.getOutputStream().write(new byte[] {(byte) 0xE0, 0x00});
            assertThat(closedByBroker(s.getInputStream())).as("DISCONNECT closes").isTrue();
        }
    }

    @Test
    void aMalformedPacketClosesOnlyItsConnection() throws Exception {
        DeviceMqtt sub = device("sub-mal");
        DeviceMqtt pub = device("pub-mal");
        BlockingQueue<MqttMessage> got = new LinkedBlockingQueue<>();
        sub.subscribe("mal/t", Qos.AT_LEAST_ONCE, got::add);
        try (SSLSocket s = rawTls("CN=raw-mal")) {
            s.getOutputStream().write(connectPacket("raw-mal"));
            assertThat(read(s.getInputStream(), 4)).containsExactly(0x20, 0x02, 0x00, 0x00);
            // SUBSCRIBE with reserved flags 0000 (must be 0010), then bytes that are no packet at all.
            s.getOutputStream().write(new byte[] {(byte) 0x80, 0x06, 0x00, 0x01, 0x00, 0x01, 'x', 0x00});
            s.getOutputStream().write(new byte[] {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF});
            assertThat(closedByBroker(s.getInputStream())).isTrue();
        }

        pub.publish("mal/t", utf8("still serving"), Qos.AT_LEAST_ONCE, false);

        assertThat(next(got).text()).isEqualTo("still serving");
        assertThat(sub.isConnected()).isTrue();
        assertThat(broker.connectedClients()).noneMatch(c -> c.clientId().equals("raw-mal"));
    }

    @Test
    void aPacketBeforeConnectClosesTheConnection() throws Exception {
        try (SSLSocket s = rawTls("CN=raw-early")) {
            s.getOutputStream().write(new byte[] {(byte) 0xC0, 0x00});
            assertThat(closedByBroker(s.getInputStream())).isTrue();
        }
    }

    @Test
    void anUnsupportedProtocolLevelGetsConnackOne() throws Exception {
        try (SSLSocket s = rawTls("CN=raw-v3")) {
            byte[] p = connectPacket("raw-v3");
            p[8] = 3; // protocol level 3 with the name "MQTT" is no version at all
            s.getOutputStream().write(p);
            assertThat(read(s.getInputStream(), 4)).containsExactly(0x20, 0x02, 0x00, 0x01);
            assertThat(closedByBroker(s.getInputStream())).isTrue();
        }
    }

    @Test
    void aLostConnectionPublishesItsWill() throws Exception {
        DeviceMqtt sub = device("sub-will");
        BlockingQueue<MqttMessage> got = new LinkedBlockingQueue<>();
        sub.subscribe("will/+", Qos.AT_LEAST_ONCE, got::add);
        SSLSocket s = rawTls("CN=raw-will");
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        // flags: will (0x04), will QoS 1 (0x08), clean session (0x02)
        body.writeBytes(new byte[] {0, 4, 'M', 'Q', 'T', 'T', 4, 0x0E, 0, 60});
        for (String field : new String[] {"raw-will", "will/raw-will", "gone"}) {
            byte[] b = utf8(field);
            body.write(b.length >> 8);
            body.write(b.length);
            body.writeBytes(b);
        }
        s.getOutputStream().write(0x10);
        s.getOutputStream().write(body.size());
        s.getOutputStream().write(body.toByteArray());
        assertThat(read(s.getInputStream(), 4)).containsExactly(0x20, 0x02, 0x00, 0x00);

        s.close();

        MqttMessage will = next(got);
        assertThat(will.topic()).isEqualTo("will/raw-will");
        assertThat(will.text()).isEqualTo("gone");
    }
}
