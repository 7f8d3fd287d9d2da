package dev.citadel.mqtt.broker;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.handler.codec.mqtt.MqttFixedHeader;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttPublishVariableHeader;
import io.netty.handler.codec.mqtt.MqttQoS;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** One connected client: its channel, identity, subscriptions (filter to granted QoS) and will. */
final class Session {
    final ConnectedClient client;
    final Channel channel;
    final Map<String, Integer> subscriptions = new ConcurrentHashMap<>();
    private final AtomicInteger packetIds = new AtomicInteger();
    private volatile Will will;

    record Will(String topic, byte[] payload, int qos, boolean retain) {}

    Session(ConnectedClient client, Channel channel, Will will) {
        this.client = client;
        this.channel = channel;
        this.will = will;
    }

    String clientId() {
        return client.clientId();
    }

    /** The will, once: a DISCONNECT clears it, a lost connection takes it. */
    Will takeWill() {
        Will w = will;
        will = null;
        return w;
    }

    /**
     * Sends a PUBLISH. QoS 1 messages carry a packet identifier; the broker keeps no copy for retransmission, so a
     * client that drops the connection before its PUBACK loses the message (sessions are not persistent).
     */
    void deliver(String topic, byte[] payload, int qos, boolean retain) {
        int id = qos == 0 ? -1 : nextPacketId();
        MqttFixedHeader fixed = new MqttFixedHeader(MqttMessageType.PUBLISH, false, MqttQoS.valueOf(qos), retain, 0);
        channel.writeAndFlush(new MqttPublishMessage(fixed, new MqttPublishVariableHeader(topic, id),
                Unpooled.wrappedBuffer(payload)));
    }

    private int nextPacketId() {
        return packetIds.updateAndGet(i -> i >= 0xFFFF ? 1 : i + 1);
    }
}
