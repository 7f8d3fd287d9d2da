package dev.citadel.mqtt.broker;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The broker's shared state: the sessions by client identifier, their subscriptions and the retained messages. One
 * lock: the broker is small and its tests and demos are small.
 */
final class Router {
    /** SUBACK's failure return code (MQTT 3.1.1 section 3.9.3). */
    static final int SUBACK_FAILURE = 0x80;
    /** The highest QoS this broker grants. */
    static final int MAX_QOS = 1;

    private final Map<String, Session> sessions = new HashMap<>();
    private final Map<String, Retained> retained = new HashMap<>();

    private record Retained(byte[] payload, int qos) {}

    /** Adds {@code session}; a session with the same client identifier is closed (MQTT 3.1.1 section 3.1.4). */
    synchronized void register(Session session) {
        Session previous = sessions.put(session.clientId(), session);
        if (previous != null) {
            previous.takeWill();
            previous.channel.close();
        }
    }

    /** Removes {@code session} if it is still the one registered under its client identifier. */
    synchronized void remove(Session session) {
        sessions.remove(session.clientId(), session);
    }

    /** Closes the connection of {@code clientId}, as a network failure would (its will is sent); false if none. */
    synchronized boolean drop(String clientId) {
        Session s = sessions.get(clientId);
        if (s == null) {
            return false;
        }
        s.channel.close();
        return true;
    }

    synchronized List<ConnectedClient> clients() {
        List<ConnectedClient> list = new ArrayList<>();
        for (Session s : sessions.values()) {
            list.add(s.client);
        }
        return list;
    }

    /**
     * Routes a message to every session with a matching subscription, once per session at the lower of the message's
     * QoS and the highest QoS granted to its matching filters. A retained message replaces the topic's retained
     * message; an empty retained message deletes it.
     */
    synchronized void publish(String topic, byte[] payload, int qos, boolean retain) {
        if (retain) {
            if (payload.length == 0) {
                retained.remove(topic);
            } else {
                retained.put(topic, new Retained(payload.clone(), qos));
            }
        }
        for (Session s : sessions.values()) {
            int granted = -1;
            for (Map.Entry<String, Integer> sub : s.subscriptions.entrySet()) {
                if (Topics.matches(sub.getKey(), topic)) {
                    granted = Math.max(granted, sub.getValue());
                }
            }
            if (granted >= 0) {
                s.deliver(topic, payload, Math.min(qos, granted), false);
            }
        }
    }

    /** Adds a subscription and returns the granted QoS, or {@link #SUBACK_FAILURE} for an invalid filter. */
    synchronized int subscribe(Session session, String filter, int requestedQos) {
        if (!Topics.isValidFilter(filter) || requestedQos < 0 || requestedQos > 2) {
            return SUBACK_FAILURE;
        }
        int granted = Math.min(requestedQos, MAX_QOS);
        session.subscriptions.put(filter, granted);
        return granted;
    }

    /** Sends {@code session} the retained messages that {@code filter} matches, with the RETAIN flag set. */
    synchronized void sendRetained(Session session, String filter, int granted) {
        for (Map.Entry<String, Retained> r : retained.entrySet()) {
            if (Topics.matches(filter, r.getKey())) {
                session.deliver(r.getKey(), r.getValue().payload(), Math.min(granted, r.getValue().qos()), true);
            }
        }
    }

    synchronized void unsubscribe(Session session, String filter) {
        session.subscriptions.remove(filter);
    }
}
