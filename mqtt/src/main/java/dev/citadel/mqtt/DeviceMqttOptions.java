package dev.citadel.mqtt;

import java.time.Duration;
import java.util.Objects;

/**
 * Where and how a device connects: broker host and port, TLS, client identifier, keep-alive, time-out, and whether the
 * session is clean. An immutable value, so the same options serve a later reconnect. Built with {@link #builder}.
 */
public final class DeviceMqttOptions {
    private final String host;
    private final int port;
    private final String clientId;
    private final DeviceTls tls;
    private final int keepAliveSeconds;
    private final Duration timeout;
    private final boolean cleanSession;

    private DeviceMqttOptions(Builder b) {
        host = b.host;
        port = b.port;
        clientId = b.clientId;
        tls = b.tls;
        keepAliveSeconds = b.keepAliveSeconds;
        timeout = b.timeout;
        cleanSession = b.cleanSession;
    }

    /** Options for {@code host:port} with {@code tls}, as {@code clientId}. */
    public static Builder builder(String host, int port, DeviceTls tls, String clientId) {
        return new Builder(host, port, tls, clientId);
    }

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    public String clientId() {
        return clientId;
    }

    public DeviceTls tls() {
        return tls;
    }

    public int keepAliveSeconds() {
        return keepAliveSeconds;
    }

    public Duration timeout() {
        return timeout;
    }

    public boolean cleanSession() {
        return cleanSession;
    }

    @Override
    public String toString() {
        return clientId + "@" + host + ":" + port;
    }

    /** Validates as it goes. */
    public static final class Builder {
        private final String host;
        private final int port;
        private final String clientId;
        private final DeviceTls tls;
        private int keepAliveSeconds = 60;
        private Duration timeout = Duration.ofSeconds(10);
        private boolean cleanSession = true;

        private Builder(String host, int port, DeviceTls tls, String clientId) {
            this.host = Objects.requireNonNull(host, "host");
            if (host.isEmpty()) {
                throw new IllegalArgumentException("empty broker host");
            }
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("broker port out of range: " + port);
            }
            this.port = port;
            this.tls = Objects.requireNonNull(tls, "tls");
            this.clientId = Objects.requireNonNull(clientId, "clientId");
            if (clientId.isEmpty() || clientId.length() > 65535) {
                throw new IllegalArgumentException("client identifier must have 1..65535 characters");
            }
        }

        /** Seconds between keep-alive pings when idle, 0 to disable; 60 unless set. */
        public Builder keepAliveSeconds(int seconds) {
            if (seconds < 0 || seconds > 65535) {
                throw new IllegalArgumentException("keep-alive out of range: " + seconds);
            }
            this.keepAliveSeconds = seconds;
            return this;
        }

        /** How long to wait for the connection (TCP, TLS, CONNACK) and for each acknowledgement; 10 s unless set. */
        public Builder timeout(Duration timeout) {
            Objects.requireNonNull(timeout, "timeout");
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("timeout must be positive");
            }
            this.timeout = timeout;
            return this;
        }

        /**
         * Whether the broker discards the session at connect (true unless set). False asks a broker that keeps
         * sessions to resume subscriptions and queued QoS 1 messages after a reconnect.
         */
        public Builder cleanSession(boolean clean) {
            this.cleanSession = clean;
            return this;
        }

        public DeviceMqttOptions build() {
            return new DeviceMqttOptions(this);
        }
    }
}
