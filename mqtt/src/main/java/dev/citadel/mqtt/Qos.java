package dev.citadel.mqtt;

/** The MQTT delivery levels a device uses (QoS 2 is not offered). */
public enum Qos {
    /** QoS 0: sent once, no acknowledgement. */
    AT_MOST_ONCE(0),
    /** QoS 1: acknowledged with PUBACK; may arrive more than once. */
    AT_LEAST_ONCE(1);

    private final int level;

    Qos(int level) {
        this.level = level;
    }

    /** The level's number on the wire. */
    public int level() {
        return level;
    }
}
