package dev.citadel.mqtt;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * A message a subscription received.
 *
 * @param topic the topic it was published to
 * @param payload its bytes (a copy)
 * @param qos the QoS it was delivered with
 * @param retained whether the broker sent it from its retained store on subscription
 */
public record MqttMessage(String topic, byte[] payload, Qos qos, boolean retained) {
    public MqttMessage {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(qos, "qos");
        payload = payload.clone();
    }

    @Override
    public byte[] payload() {
        return payload.clone();
    }

    /** The payload as UTF-8 text. */
    public String text() {
        return new String(payload, StandardCharsets.UTF_8);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MqttMessage m && topic.equals(m.topic) && Arrays.equals(payload, m.payload)
                && qos == m.qos && retained == m.retained;
    }

    @Override
    public int hashCode() {
        return Objects.hash(topic, Arrays.hashCode(payload), qos, retained);
    }

    @Override
    public String toString() {
        return "MqttMessage[" + topic + ", " + payload.length + " bytes, " + qos + (retained ? ", retained]" : "]");
    }
}
