package dev.citadel.ota;

import dev.citadel.mqtt.MqttException;
import dev.citadel.mqtt.MqttMessage;
import dev.citadel.mqtt.Qos;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Blocks over MQTT streams: a GetStream request for a window of needed blocks (bitmap), then their data messages.
 * A lost connection is reconnected and the next request asks only for the blocks still needed; a request that
 * brings nothing new is repeated after the time-out, a bounded number of times.
 */
final class MqttStreamSource implements BlockSource {
    private static final long POLL_MS = 100;

    private final MqttLink link;
    private final JobTopics topics;
    private final OtaConfig config;

    MqttStreamSource(MqttLink link, OtaConfig config) {
        this.link = link;
        this.topics = new JobTopics(config.thing());
        this.config = config;
    }

    @Override
    public void fetch(OtaJob job, BlockBitmap bitmap, BlockSink sink) throws OtaException {
        String stream = job.streamName().orElseThrow();
        String data = topics.streamData(stream);
        BlockingQueue<MqttMessage> arrived = new LinkedBlockingQueue<>();
        try {
            link.current().subscribe(data, Qos.AT_MOST_ONCE, arrived::add);
        } catch (MqttException e) {
            throw new OtaException(Refusal.DOWNLOAD_FAILED, "cannot subscribe to " + data + ": " + e.getMessage());
        }
        try {
            int idle = 0;
            while (!bitmap.complete()) {
                link.ensureConnected(config.maxReconnects());
                int first = bitmap.firstNeeded();
                int before = bitmap.remaining();
                int[] asked = request(job, stream, bitmap, first);
                long deadline = System.nanoTime() + config.requestTimeout().toNanos();
                while (anyNeeded(bitmap, asked) && System.nanoTime() < deadline && link.current().isConnected()) {
                    MqttMessage m = arrived.poll(POLL_MS, TimeUnit.MILLISECONDS);
                    if (m != null) {
                        sink.accept(decode(m));
                    }
                }
                for (MqttMessage m; (m = arrived.poll()) != null; ) {
                    sink.accept(decode(m));
                }
                if (bitmap.remaining() < before) {
                    idle = 0;
                } else if (link.current().isConnected() && ++idle > config.maxRetries()) {
                    throw new OtaException(Refusal.DOWNLOAD_FAILED, "no block arrived for " + idle
                            + " requests in a row; " + bitmap.remaining() + " of " + bitmap.blocks() + " missing");
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OtaException(Refusal.DOWNLOAD_FAILED, "interrupted");
        } finally {
            try {
                link.current().unsubscribe(data);
            } catch (MqttException | RuntimeException e) {
                // the connection is gone; the subscription went with it
            }
        }
    }

    /** Asks for the next window of needed blocks; returns the blocks asked for. */
    private int[] request(OtaJob job, String stream, BlockBitmap bitmap, int first) {
        byte[] window = bitmap.window(first, config.blocksPerRequest());
        GetStreamRequest r = new GetStreamRequest("rdy", job.file().fileId(), config.blockSize(), first, window,
                bitmap.countInWindow(first, config.blocksPerRequest()));
        try {
            link.publish(topics.streamGet(stream), r.encode());
        } catch (MqttException e) {
            // lost while asking: the next round reconnects and asks again
        }
        return java.util.stream.IntStream.range(0, 8 * window.length).filter(r::asks).map(k -> first + k).toArray();
    }

    private static boolean anyNeeded(BlockBitmap bitmap, int[] blocks) {
        for (int b : blocks) {
            if (bitmap.needs(b)) {
                return true;
            }
        }
        return false;
    }

    private static DataBlock decode(MqttMessage m) throws OtaException {
        try {
            return DataBlock.decode(m.payload());
        } catch (StreamFormatException e) {
            throw new OtaException(Refusal.CORRUPT_BLOCK, "a malformed data message: " + e.getMessage());
        }
    }
}
