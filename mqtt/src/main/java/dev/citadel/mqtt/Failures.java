package dev.citadel.mqtt;

import com.hivemq.client.mqtt.exceptions.ConnectionClosedException;
import com.hivemq.client.mqtt.exceptions.ConnectionFailedException;
import com.hivemq.client.mqtt.exceptions.MqttClientStateException;
import com.hivemq.client.mqtt.mqtt3.exceptions.Mqtt3ConnAckException;
import com.hivemq.client.mqtt.mqtt3.exceptions.Mqtt3SubAckException;
import dev.citadel.mqtt.MqttException.Reason;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.nio.channels.UnresolvedAddressException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLException;

/** The one place where the client library's failures become {@link MqttException}s with a clear message. */
final class Failures {
    private Failures() {}

    /** {@code failure} of {@code action} (for example "connect to host:port") as an {@link MqttException}. */
    static MqttException of(String action, Throwable failure) {
        Throwable t = unwrap(failure);
        if (t instanceof MqttException m) {
            return m;
        }
        if (t instanceof Mqtt3ConnAckException ack) {
            return new MqttException(Reason.CONNECT_REFUSED, action + ": the broker refused the connection ("
                    + ack.getMqttMessage().getReturnCode() + ")", t);
        }
        if (t instanceof Mqtt3SubAckException) {
            return new MqttException(Reason.SUBSCRIBE_REFUSED, action + ": the broker refused the subscription", t);
        }
        SSLException tls = find(t, SSLException.class);
        if (tls != null) {
            return new MqttException(Reason.TLS_REFUSED, action + ": TLS handshake failed (" + tls.getMessage()
                    + "); the broker may have rejected the device certificate, or the device the broker's", t);
        }
        if (find(t, ConnectException.class) != null || find(t, NoRouteToHostException.class) != null
                || find(t, UnknownHostException.class) != null || find(t, UnresolvedAddressException.class) != null) {
            return new MqttException(Reason.UNREACHABLE, action + ": no broker reachable (" + rootMessage(t) + ")", t);
        }
        if (t instanceof TimeoutException || find(t, io.netty.channel.ConnectTimeoutException.class) != null) {
            return new MqttException(Reason.TIMEOUT, action + ": the broker did not answer in time", t);
        }
        if (t instanceof ConnectionClosedException || t instanceof ConnectionFailedException
                || t instanceof MqttClientStateException) {
            return new MqttException(Reason.NOT_CONNECTED, action + ": the connection is closed ("
                    + rootMessage(t) + ")", t);
        }
        return new MqttException(Reason.FAILED, action + ": " + rootMessage(t), t);
    }

    private static Throwable unwrap(Throwable t) {
        while ((t instanceof ExecutionException || t instanceof CompletionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    private static <T extends Throwable> T find(Throwable t, Class<T> type) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (type.isInstance(c)) {
                return type.cast(c);
            }
        }
        return null;
    }

    private static String rootMessage(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() != null ? root.getMessage() : root.getClass().getSimpleName();
    }
}
