package dev.citadel.mqtt.broker;

import java.net.InetAddress;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * What {@link MqttBroker} serves with: its TLS identity, the trust anchors that client certificates must chain to,
 * where it listens, and its limits. Built with {@link #builder()}; the builder validates.
 */
public final class BrokerConfig {
    private final PrivateKey serverKey;
    private final List<X509Certificate> serverChain;
    private final List<X509Certificate> clientTrustAnchors;
    private final InetAddress bindAddress;
    private final int port;
    private final int maxMessageBytes;
    private final Duration connectTimeout;
    private final ConnectPolicy connectPolicy;

    private BrokerConfig(Builder b) {
        serverKey = b.serverKey;
        serverChain = b.serverChain;
        clientTrustAnchors = b.clientTrustAnchors;
        bindAddress = b.bindAddress;
        port = b.port;
        maxMessageBytes = b.maxMessageBytes;
        connectTimeout = b.connectTimeout;
        connectPolicy = b.connectPolicy;
    }

    public static Builder builder() {
        return new Builder();
    }

    public PrivateKey serverKey() {
        return serverKey;
    }

    public List<X509Certificate> serverChain() {
        return serverChain;
    }

    public List<X509Certificate> clientTrustAnchors() {
        return clientTrustAnchors;
    }

    public InetAddress bindAddress() {
        return bindAddress;
    }

    public int port() {
        return port;
    }

    public int maxMessageBytes() {
        return maxMessageBytes;
    }

    public Duration connectTimeout() {
        return connectTimeout;
    }

    public ConnectPolicy connectPolicy() {
        return connectPolicy;
    }

    /** Builds a {@link BrokerConfig}; identity and trust anchors are required. */
    public static final class Builder {
        private PrivateKey serverKey;
        private List<X509Certificate> serverChain;
        private List<X509Certificate> clientTrustAnchors;
        private InetAddress bindAddress = InetAddress.getLoopbackAddress();
        private int port;
        private int maxMessageBytes = 256 * 1024;
        private Duration connectTimeout = Duration.ofSeconds(10);
        private ConnectPolicy connectPolicy = ConnectPolicy.ACCEPT_ALL;

        private Builder() {}

        /** The broker's private key and its certificate chain (its own certificate first). */
        public Builder identity(PrivateKey key, List<X509Certificate> chain) {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(chain, "chain");
            if (chain.isEmpty()) {
                throw new IllegalArgumentException("the broker's certificate chain is empty");
            }
            this.serverKey = key;
            this.serverChain = List.copyOf(chain);
            return this;
        }

        /** The CA certificates a client's certificate must chain to (TLS needs a client certificate). */
        public Builder clientTrustAnchors(Collection<X509Certificate> anchors) {
            Objects.requireNonNull(anchors, "anchors");
            if (anchors.isEmpty()) {
                throw new IllegalArgumentException("no trust anchors for client certificates");
            }
            this.clientTrustAnchors = List.copyOf(anchors);
            return this;
        }

        /** The address to listen on; loopback unless set. */
        public Builder bindAddress(InetAddress address) {
            this.bindAddress = Objects.requireNonNull(address, "address");
            return this;
        }

        /** The port to listen on; 0 (the default) picks a free ephemeral port. */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port out of range: " + port);
            }
            this.port = port;
            return this;
        }

        /** The largest MQTT packet accepted; a larger one closes its connection. 256 KiB unless set. */
        public Builder maxMessageBytes(int max) {
            if (max < 64) {
                throw new IllegalArgumentException("maxMessageBytes too small: " + max);
            }
            this.maxMessageBytes = max;
            return this;
        }

        /** How long a new connection may take to finish its TLS handshake and CONNECT. 10 s unless set. */
        public Builder connectTimeout(Duration timeout) {
            Objects.requireNonNull(timeout, "timeout");
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("connectTimeout must be positive");
            }
            this.connectTimeout = timeout;
            return this;
        }

        /** Which authenticated clients may connect under which client identifiers; all unless set. */
        public Builder connectPolicy(ConnectPolicy policy) {
            this.connectPolicy = Objects.requireNonNull(policy, "policy");
            return this;
        }

        public BrokerConfig build() {
            if (serverKey == null) {
                throw new IllegalStateException("the broker needs an identity (key and certificate chain)");
            }
            if (clientTrustAnchors == null) {
                throw new IllegalStateException("the broker needs trust anchors for client certificates");
            }
            return new BrokerConfig(this);
        }
    }
}
