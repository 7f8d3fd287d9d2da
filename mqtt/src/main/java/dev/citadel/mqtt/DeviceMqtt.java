package dev.citadel.mqtt;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttClientSslConfig;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3AsyncClient;
import com.hivemq.client.mqtt.mqtt3.message.publish.Mqtt3Publish;
import com.hivemq.client.mqtt.mqtt3.message.subscribe.suback.Mqtt3SubAck;
import com.hivemq.client.mqtt.mqtt3.message.subscribe.suback.Mqtt3SubAckReturnCode;
import dev.citadel.mqtt.MqttException.Reason;
import java.security.GeneralSecurityException;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * A device's MQTT 3.1.1 connection over mutual TLS: connect, publish at QoS 0 or 1, subscribe with a callback,
 * disconnect. With {@link DeviceTls#citadel} the TLS client signature is made in the SPE.
 *
 * <pre>{@code
 * DeviceTls tls = DeviceTls.citadel(key, List.of(deviceCert), List.of(brokerRoot));
 * try (DeviceMqtt mqtt = DeviceMqtt.connect(DeviceMqttOptions.builder("broker", 8883, tls, "device-1").build())) {
 *     mqtt.subscribe("jobs/device-1/#", Qos.AT_LEAST_ONCE, m -> handle(m));
 *     mqtt.publish("telemetry/device-1", data, Qos.AT_LEAST_ONCE, false);
 * }
 * }</pre>
 *
 * <p>Callbacks run one at a time, in order, on a thread of this connection (not the network thread), so a callback may
 * block, for example to write a firmware block through the PSA FWU API. The connection remembers its subscriptions
 * and its options; a lost connection is reported by {@link #isConnected()}, and a later reconnect can use the same
 * options (with {@code cleanSession(false)}, a broker that keeps sessions resumes QoS 1 deliveries).
 */
public final class DeviceMqtt implements AutoCloseable {
    private final DeviceMqttOptions options;
    private final Mqtt3AsyncClient client;
    private final ExecutorService callbacks;
    private final Map<String, Qos> subscriptions = new ConcurrentHashMap<>();
    private final Map<String, Subscription> callbacksByFilter = new ConcurrentHashMap<>();

    private record Subscription(Qos requested, Consumer<MqttMessage> callback) {}

    private DeviceMqtt(DeviceMqttOptions options, Mqtt3AsyncClient client, ExecutorService callbacks) {
        this.options = options;
        this.client = client;
        this.callbacks = callbacks;
    }

    /**
     * Connects (TCP, TLS with client authentication, MQTT CONNECT) and waits for the broker's CONNACK.
     *
     * @throws MqttException {@link Reason#TLS_REFUSED} if the handshake fails (for example the broker rejects the
     *     device's certificate), {@link Reason#CONNECT_REFUSED} if the broker refuses the CONNECT,
     *     {@link Reason#UNREACHABLE} if no broker listens there, {@link Reason#TIMEOUT} if it does not answer
     */
    public static DeviceMqtt connect(DeviceMqttOptions options) throws MqttException {
        Objects.requireNonNull(options, "options");
        String action = "connect to " + options.host() + ":" + options.port() + " as " + options.clientId();
        long timeoutMs = options.timeout().toMillis();
        MqttClientSslConfig ssl;
        try {
            ssl = MqttClientSslConfig.builder()
                    .keyManagerFactory(options.tls().keyManagerFactory())
                    .trustManagerFactory(options.tls().trustManagerFactory())
                    .protocols(List.of("TLSv1.3", "TLSv1.2"))
                    .handshakeTimeout(timeoutMs, TimeUnit.MILLISECONDS)
                    .build();
        } catch (GeneralSecurityException e) {
            throw new MqttException(Reason.TLS_REFUSED, action + ": cannot set up TLS: " + e.getMessage(), e);
        }
        Mqtt3AsyncClient client = MqttClient.builder()
                .useMqttVersion3()
                .identifier(options.clientId())
                .transportConfig()
                .serverHost(options.host())
                .serverPort(options.port())
                .sslConfig(ssl)
                .socketConnectTimeout(timeoutMs, TimeUnit.MILLISECONDS)
                .mqttConnectTimeout(timeoutMs, TimeUnit.MILLISECONDS)
                .applyTransportConfig()
                .buildAsync();
        ExecutorService callbacks = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "citadel-mqtt-" + options.clientId());
            t.setDaemon(true);
            return t;
        });
        try {
            await(client.connectWith()
                    .cleanSession(options.cleanSession())
                    .keepAlive(options.keepAliveSeconds())
                    .send(), timeoutMs * 2, action);
        } catch (MqttException e) {
            callbacks.shutdownNow();
            client.disconnect();
            throw e;
        }
        return new DeviceMqtt(options, client, callbacks);
    }

    /**
     * Publishes {@code payload} to {@code topic}; at QoS 1 returns once the broker acknowledged it (PUBACK).
     *
     * @param retain whether the broker keeps it as the topic's retained message (an empty retained payload deletes it)
     * @throws MqttException if the connection is lost or the broker does not acknowledge in time
     * @throws IllegalArgumentException if {@code topic} is not a valid topic name (empty, or with a wildcard)
     */
    public void publish(String topic, byte[] payload, Qos qos, boolean retain) throws MqttException {
        Objects.requireNonNull(payload, "payload");
        CompletableFuture<?> sent = client.publishWith()
                .topic(topic)
                .payload(payload.clone())
                .qos(mqttQos(qos))
                .retain(retain)
                .send();
        await(sent, options.timeout().toMillis(), "publish to " + topic);
    }

    /**
     * Subscribes to {@code filter} (with {@code +} and {@code #} wildcards) and returns the QoS the broker granted.
     * Messages already received for the filter's topics that are retained arrive first, marked retained.
     *
     * @throws MqttException {@link Reason#SUBSCRIBE_REFUSED} if the broker refuses the filter
     */
    public Qos subscribe(String filter, Qos qos, Consumer<MqttMessage> callback) throws MqttException {
        Objects.requireNonNull(callback, "callback");
        String action = "subscribe to " + filter;
        Mqtt3SubAck ack = await(client.subscribeWith()
                .topicFilter(filter)
                .qos(mqttQos(qos))
                .callback(p -> callback.accept(message(p)))
                .executor(this::runCallback)
                .send(), options.timeout().toMillis(), action);
        Mqtt3SubAckReturnCode code = ack.getReturnCodes().get(0);
        if (code.isError()) {
            throw new MqttException(Reason.SUBSCRIBE_REFUSED, action + ": the broker refused the subscription", null);
        }
        Qos granted = code == Mqtt3SubAckReturnCode.SUCCESS_MAXIMUM_QOS_0 ? Qos.AT_MOST_ONCE : Qos.AT_LEAST_ONCE;
        subscriptions.put(filter, granted);
        callbacksByFilter.put(filter, new Subscription(qos, callback));
        return granted;
    }

    /** Ends the subscription to {@code filter}. */
    public void unsubscribe(String filter) throws MqttException {
        await(client.unsubscribeWith().topicFilter(filter).send(), options.timeout().toMillis(),
                "unsubscribe from " + filter);
        subscriptions.remove(filter);
        callbacksByFilter.remove(filter);
    }

    /**
     * A new connection with the same options and the same subscriptions and callbacks, for a connection that was
     * lost (or closed); this one is closed first. With clean sessions the broker forgot the subscriptions, so they
     * are made again; messages published while no connection was up are lost, except retained ones.
     *
     * @throws MqttException as {@link #connect} and {@link #subscribe}; this connection stays closed
     */
    public DeviceMqtt reconnect() throws MqttException {
        close();
        DeviceMqtt fresh = connect(options);
        try {
            for (Map.Entry<String, Subscription> e : callbacksByFilter.entrySet()) {
                fresh.subscribe(e.getKey(), e.getValue().requested(), e.getValue().callback());
            }
        } catch (MqttException e) {
            fresh.close();
            throw e;
        }
        return fresh;
    }

    /** The filters subscribed to, with their granted QoS (what a reconnect would subscribe to again). */
    public Map<String, Qos> subscriptions() {
        return Map.copyOf(subscriptions);
    }

    public DeviceMqttOptions options() {
        return options;
    }

    /** Whether the connection is up; false after {@link #disconnect()} or once the connection was lost. */
    public boolean isConnected() {
        return client.getState().isConnected();
    }

    /** Sends DISCONNECT and closes the connection; pending callbacks still run. */
    public void disconnect() throws MqttException {
        try {
            if (client.getState().isConnected()) {
                await(client.disconnect(), options.timeout().toMillis(), "disconnect");
            }
        } finally {
            callbacks.shutdown();
        }
    }

    /** {@link #disconnect()}, ignoring a connection that is already gone. */
    @Override
    public void close() {
        try {
            disconnect();
        } catch (MqttException e) {
            // already closed or lost: nothing left to release
        }
    }

    private void runCallback(Runnable task) {
        try {
            callbacks.execute(task);
        } catch (RejectedExecutionException e) {
            // disconnected: the library still signals the end of the subscription, and nobody listens any more
        }
    }

    private static MqttQos mqttQos(Qos qos) {
        Objects.requireNonNull(qos, "qos");
        return MqttQos.fromCode(qos.level());
    }

    private static MqttMessage message(Mqtt3Publish p) {
        Qos qos = p.getQos() == MqttQos.AT_MOST_ONCE ? Qos.AT_MOST_ONCE : Qos.AT_LEAST_ONCE;
        return new MqttMessage(p.getTopic().toString(), p.getPayloadAsBytes(), qos, p.isRetain());
    }

    private static <T> T await(CompletableFuture<T> future, long timeoutMs, String action) throws MqttException {
        try {
            return future.get(timeoutMs, TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw Failures.of(action, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MqttException(Reason.FAILED, action + ": interrupted", e);
        }
    }
}
