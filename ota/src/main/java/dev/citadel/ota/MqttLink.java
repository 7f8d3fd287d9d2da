package dev.citadel.ota;

import dev.citadel.mqtt.DeviceMqtt;
import dev.citadel.mqtt.MqttException;
import dev.citadel.mqtt.Qos;
import java.nio.charset.StandardCharsets;

/** The agent's MQTT connection, replaced by a new one when it is lost; counts the reconnects. */
final class MqttLink {
    private DeviceMqtt mqtt;
    private int reconnects;

    MqttLink(DeviceMqtt mqtt) {
        this.mqtt = mqtt;
    }

    synchronized DeviceMqtt current() {
        return mqtt;
    }

    synchronized int reconnects() {
        return reconnects;
    }

    /** Reconnects (with the same subscriptions) if the connection is down; at most {@code limit} times per job. */
    synchronized void ensureConnected(int limit) throws OtaException {
        if (mqtt.isConnected()) {
            return;
        }
        MqttException last = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            if (reconnects >= limit) {
                throw new OtaException(Refusal.DOWNLOAD_FAILED, "the MQTT connection was lost " + reconnects
                        + " times, the most allowed");
            }
            reconnects++;
            try {
                mqtt = mqtt.reconnect();
                return;
            } catch (MqttException e) {
                last = e;
                pause(200L << attempt);
            }
        }
        throw new OtaException(Refusal.DOWNLOAD_FAILED, "cannot reconnect: " + last.getMessage());
    }

    void publish(String topic, byte[] payload) throws MqttException {
        current().publish(topic, payload, Qos.AT_LEAST_ONCE, false);
    }

    void publish(String topic, String json) throws MqttException {
        publish(topic, json.getBytes(StandardCharsets.UTF_8));
    }

    private static void pause(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
