package dev.citadel.ota.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.citadel.mqtt.DeviceMqtt;
import dev.citadel.mqtt.MqttException;
import dev.citadel.mqtt.MqttMessage;
import dev.citadel.mqtt.Qos;
import dev.citadel.ota.DataBlock;
import dev.citadel.ota.GetStreamRequest;
import dev.citadel.ota.JobDocuments;
import dev.citadel.ota.JobStatus;
import dev.citadel.ota.JobTopics;
import dev.citadel.ota.StatusUpdate;
import dev.citadel.ota.StreamFormatException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A small OTA service for tests and the demo, playing AWS IoT Jobs and MQTT file streams over a broker: it publishes a
 * job document (retained) on the thing's {@code notify-next}, answers GetStream requests with blocks of the file,
 * records the job status updates the device sends and, as the Jobs service does, keeps the status details
 * ({@code self_test}, {@code updatedBy}) in the execution it announces until the job ends. It can simulate faults.
 * It is an MQTT client like the device; HTTP range requests are {@link HttpImageServer}'s.
 */
public final class OtaServer implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final DeviceMqtt mqtt;
    private final JobTopics topics;
    private final Map<String, Offer> streams = new ConcurrentHashMap<>();
    private final Map<String, Offer> jobs = new ConcurrentHashMap<>();
    private final Map<String, List<StatusUpdate>> updates = new ConcurrentHashMap<>();
    private final List<Fault> faults = Collections.synchronizedList(new ArrayList<>());
    private final AtomicBoolean dropped = new AtomicBoolean();
    private final AtomicInteger sent = new AtomicInteger();
    private volatile Runnable dropAction = () -> { };

    /** One job's file, as offered. */
    private static final class Offer {
        final String jobId;
        final String stream;
        final int fileId;
        final String filepath;
        final byte[] file;
        final byte[] signature;
        final List<String> protocols;
        final Optional<URI> url;
        final Map<String, String> statusDetails = new LinkedHashMap<>();
        final AtomicIntegerArray sentPerBlock;

        Offer(JobOffer o, int blocks) {
            jobId = o.jobId();
            stream = o.streamName();
            fileId = o.fileId();
            filepath = o.filepath();
            file = o.file();
            signature = o.signature();
            protocols = o.protocols();
            url = o.httpUrl();
            sentPerBlock = new AtomicIntegerArray(Math.max(1, blocks));
        }
    }

    private OtaServer(DeviceMqtt mqtt, String thing) {
        this.mqtt = mqtt;
        this.topics = new JobTopics(thing);
    }

    /**
     * Serves {@code thing}'s jobs and streams over {@code mqtt} (the server's own connection to the broker).
     *
     * @throws MqttException if the subscriptions fail
     */
    public static OtaServer start(DeviceMqtt mqtt, String thing) throws MqttException {
        OtaServer s = new OtaServer(Objects.requireNonNull(mqtt, "mqtt"), thing);
        mqtt.subscribe("$aws/things/" + thing + "/streams/+/get/cbor", Qos.AT_LEAST_ONCE, s::onGetStream);
        mqtt.subscribe(s.topics.updates(), Qos.AT_LEAST_ONCE, s::onUpdate);
        return s;
    }

    /** Adds a fault; {@code drop} is what dropping the device's connection does (for example the broker's). */
    public void inject(Fault fault, Runnable drop) {
        faults.add(fault);
        if (drop != null) {
            dropAction = drop;
        }
    }

    /** Publishes {@code offer} as the next pending job (retained on {@code notify-next}). */
    public void publish(JobOffer offer) throws MqttException {
        Offer o = new Offer(offer, (offer.file().length + offer.blockSizeHint() - 1) / offer.blockSizeHint());
        jobs.put(o.jobId, o);
        streams.put(o.stream, o);
        announce(o);
    }

    /** The job document of {@code o} as announced now. */
    private byte[] document(Offer o) {
        ObjectNode root = JSON.createObjectNode();
        root.put("clientToken", "0:" + topics.thing());
        root.put("timestamp", System.currentTimeMillis() / 1000);
        ObjectNode ex = root.putObject("execution");
        ex.put("jobId", o.jobId);
        ex.put("status", o.statusDetails.isEmpty() ? "QUEUED" : "IN_PROGRESS");
        ObjectNode sd = ex.putObject("statusDetails");
        o.statusDetails.forEach(sd::put);
        ObjectNode ota = ex.putObject("jobDocument").putObject("afr_ota");
        ArrayNode p = ota.putArray("protocols");
        o.protocols.forEach(p::add);
        ota.put("streamname", o.stream);
        ObjectNode f = ota.putArray("files").addObject();
        f.put("filepath", o.filepath);
        f.put("filesize", o.file.length);
        f.put("fileid", o.fileId);
        f.put("certfile", "0");
        f.put("fileType", 0);
        o.url.ifPresent(u -> f.put("update_data_url", u.toString()));
        f.put(JobDocuments.SIGNATURE_KEY, Base64.getEncoder().encodeToString(o.signature));
        return root.toString().getBytes(StandardCharsets.UTF_8);
    }

    private void announce(Offer o) throws MqttException {
        mqtt.publish(topics.notifyNext(), document(o), Qos.AT_LEAST_ONCE, true);
    }

    private void onGetStream(MqttMessage m) {
        String[] parts = m.topic().split("/");
        Offer o = parts.length == 7 ? streams.get(parts[4]) : null;
        if (o == null) {
            return;
        }
        GetStreamRequest r;
        try {
            r = GetStreamRequest.decode(m.payload());
        } catch (StreamFormatException e) {
            return; // AWS answers on a rejected topic; a device with a bad request times out and asks again
        }
        if (r.fileId() != o.fileId) {
            return;
        }
        int blocks = (o.file.length + r.blockSize() - 1) / r.blockSize();
        int served = 0;
        for (int k = 0; served < r.numBlocks() && r.blockOffset() + k < blocks && k < 8 * r.bitmap().length; k++) {
            if (!r.asks(k)) {
                continue;
            }
            int i = r.blockOffset() + k;
            int from = i * r.blockSize();
            byte[] payload = Arrays.copyOfRange(o.file, from, Math.min(o.file.length, from + r.blockSize()));
            DataBlock b = faulty(DataBlock.of(o.fileId, i, payload));
            try {
                mqtt.publish(topics.streamData(o.stream), b.encode(), Qos.AT_MOST_ONCE, false);
            } catch (MqttException e) {
                return;
            }
            served++;
            if (i < o.sentPerBlock.length()) {
                o.sentPerBlock.incrementAndGet(i);
            }
            int total = sent.incrementAndGet();
            for (Fault f : faults) {
                if (f.kind() == Fault.Kind.DROP_CONNECTION && total == f.atBlock() && dropped.compareAndSet(false, true)) {
                    dropAction.run();
                }
            }
        }
    }

    private DataBlock faulty(DataBlock b) {
        for (Fault f : faults) {
            if (f.atBlock() != b.blockId()) {
                continue;
            }
            byte[] p = b.payload();
            switch (f.kind()) {
                case TRUNCATE_BLOCK -> {
                    return new DataBlock(b.fileId(), b.blockId(), p.length, Arrays.copyOf(p, p.length - 1));
                }
                case WRONG_FILE_ID -> {
                    return DataBlock.of(b.fileId() + 1, b.blockId(), p);
                }
                case FLIP_BIT -> {
                    p[p.length / 2] ^= 0x10;
                    return DataBlock.of(b.fileId(), b.blockId(), p);
                }
                default -> { }
            }
        }
        return b;
    }

    private void onUpdate(MqttMessage m) {
        String[] parts = m.topic().split("/");
        if (parts.length != 6) {
            return;
        }
        String jobId = parts[4];
        StatusUpdate u;
        try {
            u = StatusUpdate.decode(m.payload());
        } catch (IllegalArgumentException e) {
            return;
        }
        if (u.details().containsKey("updatedBy") && !u.status().terminal()
                && faults.removeIf(f -> f.kind() == Fault.Kind.LOSE_REPORT)) {
            return; // lost on its way, as on a network that fails after the broker took it
        }
        // The job document is brought up to date before the update is recorded, so that whoever waits for an
        // update (awaitUpdate) then finds the job announced with it.
        Offer o = jobs.get(jobId);
        try {
            if (o != null && u.status().terminal()) {
                jobs.remove(jobId);
                mqtt.publish(topics.notifyNext(), "{}".getBytes(StandardCharsets.UTF_8), Qos.AT_LEAST_ONCE, true);
            } else if (o != null && u.details().containsKey("updatedBy")) {
                o.statusDetails.putAll(u.details());
                announce(o);
            }
        } catch (MqttException e) {
            // the next update or publish tries again
        } finally {
            updates.computeIfAbsent(jobId, k -> Collections.synchronizedList(new ArrayList<>())).add(u);
            synchronized (this) {
                notifyAll();
            }
        }
    }

    /** The status updates received for {@code jobId}, in order. */
    public List<StatusUpdate> updates(String jobId) {
        List<StatusUpdate> l = updates.get(jobId);
        return l == null ? List.of() : List.copyOf(l);
    }

    /** Waits until {@code jobId} has a final status (or {@code timeout} passes) and returns its last update. */
    public Optional<StatusUpdate> awaitFinal(String jobId, Duration timeout) throws InterruptedException {
        return awaitUpdate(jobId, u -> u.status() != JobStatus.IN_PROGRESS, timeout);
    }

    /**
     * Waits until the last update received for {@code jobId} matches {@code wanted} (or {@code timeout} passes) and
     * returns it. The device's reports travel through the broker, so they may arrive after its call returned.
     */
    public synchronized Optional<StatusUpdate> awaitUpdate(String jobId,
            java.util.function.Predicate<StatusUpdate> wanted, Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (true) {
            List<StatusUpdate> l = updates(jobId);
            if (!l.isEmpty() && wanted.test(l.get(l.size() - 1))) {
                return Optional.of(l.get(l.size() - 1));
            }
            long left = end - System.nanoTime();
            if (left <= 0) {
                return Optional.empty();
            }
            wait(Math.max(1, left / 1_000_000));
        }
    }

    /** How many data blocks were sent in all. */
    public int blocksSent() {
        return sent.get();
    }

    /** How often each block of {@code jobId}'s file was sent (at the job's hinted block size). */
    public int[] sentPerBlock(String jobId) {
        Offer o = Objects.requireNonNull(streams.values().stream().filter(x -> x.jobId.equals(jobId)).findFirst()
                .orElse(null), "no job " + jobId);
        int[] a = new int[o.sentPerBlock.length()];
        for (int i = 0; i < a.length; i++) {
            a[i] = o.sentPerBlock.get(i);
        }
        return a;
    }

    @Override
    public void close() {
        mqtt.close();
    }
}
