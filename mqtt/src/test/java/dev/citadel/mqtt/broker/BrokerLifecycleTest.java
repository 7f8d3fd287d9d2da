package dev.citadel.mqtt.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.citadel.mqtt.TestCa;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.Socket;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Starting, binding and closing the broker, and its configuration's checks. */
class BrokerLifecycleTest {
    private static BrokerConfig.Builder config() throws Exception {
        TestCa ca = new TestCa("Lifecycle CA");
        TestCa.Identity id = ca.identity("CN=broker", true);
        return BrokerConfig.builder().identity(id.keys().getPrivate(), id.chain()).clientTrustAnchors(List.of(ca.cert));
    }

    @Test
    void closeStopsListening() throws Exception {
        MqttBroker broker = MqttBroker.start(config().build());
        int port = broker.port();
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            assertThat(s.isConnected()).isTrue();
        }

        broker.close();

        assertThatThrownBy(() -> new Socket(InetAddress.getLoopbackAddress(), port).close())
                .isInstanceOf(ConnectException.class);
    }

    @Test
    void aPortInUseIsAClearError() throws Exception {
        try (MqttBroker first = MqttBroker.start(config().build())) {
            BrokerConfig same = config().port(first.port()).build();
            assertThatThrownBy(() -> MqttBroker.start(same))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("cannot listen on 127.0.0.1:" + first.port());
        }
    }

    @Test
    void theConfigurationNeedsAnIdentityAndTrustAnchors() throws Exception {
        assertThatThrownBy(() -> BrokerConfig.builder().build()).hasMessageContaining("identity");
        assertThatThrownBy(() -> BrokerConfig.builder().clientTrustAnchors(List.of()))
                .hasMessageContaining("no trust anchors");
        assertThatThrownBy(() -> BrokerConfig.builder().port(70000)).hasMessageContaining("port out of range");
    }
}
