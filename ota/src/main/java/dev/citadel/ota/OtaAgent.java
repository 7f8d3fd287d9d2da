package dev.citadel.ota;

import dev.citadel.mqtt.DeviceMqtt;
import dev.citadel.mqtt.MqttException;
import dev.citadel.mqtt.MqttMessage;
import dev.citadel.mqtt.Qos;
import dev.citadel.ns.crypto.PsaCrypto;
import dev.citadel.ns.fwu.PsaFwu;
import dev.citadel.psa.PsaClient;
import dev.citadel.psa.fwu.ComponentInfo;
import dev.citadel.psa.fwu.FwuImageVersion;
import dev.citadel.psa.fwu.FwuState;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The OTA agent: waits for a job on {@code notify-next}, downloads its file over MQTT streams or HTTP ranges, writes
 * each block through PSA FWU, has the SPE verify the image ({@code psa_fwu_finish}) and checks the job's signature
 * with the code-verify key in the SPE ({@code psa_verify_hash} over the digest the SPE computed), then installs and
 * requests the reboot. After the reboot (a new agent on the new image) it reports the job SUCCEEDED once the
 * self-test accepted the image, or FAILED if the image was reverted. Any refusal leaves the component READY, the
 * running image untouched, and is reported with its reason.
 *
 * <p>States, in the spirit of the FreeRTOS agent: waiting for a job, creating the file (start), requesting and
 * receiving blocks, closing the file (finish and signature), activating (install, reboot), and after the reboot the
 * self-test report. One job per {@link #runOnce} call; not thread-safe.
 */
public final class OtaAgent {
    private final OtaConfig config;
    private final MqttLink link;
    private final JobTopics topics;
    private final PsaFwu fwu;
    private final PsaCrypto crypto;
    private final PendingUpdate pending;

    /**
     * @param mqtt the device's connection to the broker; replaced by a new one if it is lost during a download
     * @param client the door to the SPE (FWU and Crypto services)
     */
    public OtaAgent(OtaConfig config, DeviceMqtt mqtt, PsaClient client) {
        this.config = Objects.requireNonNull(config, "config");
        this.link = new MqttLink(Objects.requireNonNull(mqtt, "mqtt"));
        this.topics = new JobTopics(config.thing());
        this.fwu = new PsaFwu(client);
        this.crypto = new PsaCrypto(client);
        this.pending = new PendingUpdate(client);
    }

    /** The connection now in use (a new one after a reconnect). */
    public DeviceMqtt mqtt() {
        return link.current();
    }

    /**
     * Waits up to {@code jobWait} for the next job and handles it.
     *
     * @throws MqttException if the job topic cannot be subscribed to
     */
    public OtaOutcome runOnce(Duration jobWait) throws MqttException, InterruptedException {
        BlockingQueue<MqttMessage> notices = new LinkedBlockingQueue<>();
        String filter = topics.notifyNext();
        link.current().subscribe(filter, Qos.AT_LEAST_ONCE, notices::add);
        try {
            link.current().publish(topics.getNext(), ("{\"clientToken\":\"0:" + config.thing() + "\"}")
                    .getBytes(StandardCharsets.UTF_8), Qos.AT_LEAST_ONCE, false);
            MqttMessage m = notices.poll(jobWait.toMillis(), TimeUnit.MILLISECONDS);
            if (m == null) {
                return none("no job document arrived in " + jobWait.toSeconds() + " s");
            }
            return handle(m.payload());
        } finally {
            try {
                link.current().unsubscribe(filter);
            } catch (MqttException | RuntimeException e) {
                // lost: nothing to undo
            }
        }
    }

    private OtaOutcome handle(byte[] document) {
        OtaJob job;
        try {
            Optional<OtaJob> parsed = JobDocuments.parse(document);
            if (parsed.isEmpty()) {
                return none("no job pending");
            }
            job = parsed.get();
        } catch (JobDocumentException e) {
            // Without a job id there is nobody to report to; the notice is dropped.
            return new OtaOutcome(OtaOutcome.Kind.REFUSED, Optional.empty(), Optional.empty(),
                    Refusal.BAD_JOB_DOCUMENT.title() + ": " + e.getMessage(), OtaStats.NONE);
        }
        try {
            int component = FwuComponents.forPath(job.file().filepath()).orElseThrow(() -> new OtaException(
                    Refusal.UNKNOWN_COMPONENT, "filepath '" + job.file().filepath()
                    + "' names no FWU component of this device"));
            FwuTarget target = new FwuTarget(fwu, crypto, component, config.codeVerifyKey());
            if (job.afterUpdate()) {
                return afterReboot(job, job.statusDetails().get("updatedBy"), target);
            }
            // The report before install may have been lost: this device's own record says the job was its own.
            Optional<PendingUpdate.Record> mine = pending.find(job.jobId());
            return mine.isPresent() ? afterReboot(job, mine.get().updatedBy(), target) : update(job, target);
        } catch (OtaException e) {
            return refuse(job, e, OtaStats.NONE);
        }
    }

    private OtaOutcome update(OtaJob job, FwuTarget target) throws OtaException {
        long t0 = System.nanoTime();
        BlockSource source = source(job);
        ComponentInfo info = target.query();
        OtaFile file = job.file();
        if (file.fileSize() > info.maxSize()) {
            throw new OtaException(Refusal.OVERSIZED, "the job's file has " + file.fileSize() + " bytes; component "
                    + target.component() + " holds at most " + info.maxSize());
        }
        BlockBitmap bitmap = new BlockBitmap(BlockBitmap.blockCount(file.fileSize(), config.blockSize()));
        ImageAssembly assembly = new ImageAssembly(file, config.blockSize(), bitmap, target, info.version());
        report(job, new StatusUpdate(JobStatus.IN_PROGRESS, Map.of("receive", "0/" + bitmap.blocks())));
        long[] phase = new long[4];
        try {
            target.start();
            long f = System.nanoTime();
            try {
                source.fetch(job, bitmap, assembly);
            } finally {
                phase[0] = System.nanoTime() - f;
            }
            long v = System.nanoTime();
            byte[] digest = target.finish();
            long s = System.nanoTime();
            phase[1] = s - v;
            target.verify(digest, file.signature());
            phase[2] = System.nanoTime() - s;
            String updatedBy = "0x" + Long.toHexString(ImageHeader.version32(info.version()));
            pending.remember(job.jobId(), updatedBy);
            report(job, new StatusUpdate(JobStatus.IN_PROGRESS, Map.of("self_test", "ready", "updatedBy",
                    updatedBy)));
            long i = System.nanoTime();
            target.install();
            phase[3] = System.nanoTime() - i;
            target.requestReboot();
        } catch (OtaException e) {
            target.abandon();
            pending.forget(job.jobId());
            return refuse(job, e, stats(t0, assembly, phase, file));
        }
        return new OtaOutcome(OtaOutcome.Kind.REBOOT_REQUESTED, Optional.of(job.jobId()),
                Optional.of(JobStatus.IN_PROGRESS), "installed " + assembly.header().version() + "; reboot requested",
                stats(t0, assembly, phase, file));
    }

    /** {@code phase}: download, finish, signature check, install (nanoseconds; 0 where the job did not get there). */
    private OtaStats stats(long t0, ImageAssembly a, long[] phase, OtaFile file) {
        return new OtaStats(System.nanoTime() - t0, phase[0], a.writeNanos(), phase[1], phase[2], phase[3],
                file.fileSize(), a.duplicates(), link.reconnects());
    }

    private BlockSource source(OtaJob job) throws OtaException {
        if (job.protocols().contains(Protocol.MQTT) && job.streamName().isPresent()) {
            return new MqttStreamSource(link, config);
        }
        if (job.protocols().contains(Protocol.HTTP) && job.file().updateDataUrl().isPresent()) {
            return new HttpRangeSource(config);
        }
        throw new OtaException(Refusal.UNSUPPORTED_PROTOCOL, "protocols " + job.protocols()
                + " without a stream name or URL");
    }

    /**
     * This run follows the reboot into the new image: the job carries {@code updatedBy}, or this device's record of
     * the job does ({@code by}, the version the update replaced).
     */
    private OtaOutcome afterReboot(OtaJob job, String by, FwuTarget target) throws OtaException {
        ComponentInfo info = target.query();
        FwuImageVersion before;
        try {
            before = ImageHeader.fromVersion32(Long.decode(by));
        } catch (NumberFormatException e) {
            throw new OtaException(Refusal.BAD_JOB_DOCUMENT, "statusDetails.updatedBy is not a version: " + by);
        }
        if (info.state() == FwuState.TRIAL) {
            return new OtaOutcome(OtaOutcome.Kind.AWAITING_SELF_TEST, Optional.of(job.jobId()), Optional.empty(),
                    "image " + target.component() + " " + info.version() + " is on trial", OtaStats.NONE);
        }
        pending.forget(job.jobId());
        if (ImageHeader.compare(info.version(), before) > 0) {
            StatusUpdate u = new StatusUpdate(JobStatus.SUCCEEDED, Map.of("self_test", "accepted", "updatedBy", by,
                    "running", info.version().toString()));
            report(job, u);
            return new OtaOutcome(OtaOutcome.Kind.SUCCEEDED, Optional.of(job.jobId()),
                    Optional.of(JobStatus.SUCCEEDED), "running " + info.version(), OtaStats.NONE);
        }
        throw new OtaException(Refusal.REVERTED, "the running image " + info.version()
                + " is not newer than the one the update replaced (" + before + ")");
    }

    private OtaOutcome refuse(OtaJob job, OtaException e, OtaStats stats) {
        JobStatus status = e.refusal().status();
        report(job, new StatusUpdate(status, Map.of("reason", e.getMessage())));
        return new OtaOutcome(OtaOutcome.Kind.REFUSED, Optional.of(job.jobId()), Optional.of(status), e.getMessage(),
                stats);
    }

    /** Best effort: a report lost with the connection is repeated by the next one. */
    private void report(OtaJob job, StatusUpdate update) {
        try {
            link.ensureConnected(config.maxReconnects());
            link.publish(topics.update(job.jobId()), update.encode());
        } catch (MqttException | OtaException e) {
            // the job stays IN_PROGRESS for the service; the next run reports again
        }
    }

    private static OtaOutcome none(String why) {
        return new OtaOutcome(OtaOutcome.Kind.NO_JOB, Optional.empty(), Optional.empty(), why, OtaStats.NONE);
    }
}
