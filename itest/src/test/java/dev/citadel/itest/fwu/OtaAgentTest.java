package dev.citadel.itest.fwu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.citadel.itest.TestSpe.Door;
import dev.citadel.itest.mqtt.MqttPki;
import dev.citadel.mqtt.DeviceMqtt;
import dev.citadel.mqtt.DeviceMqttOptions;
import dev.citadel.mqtt.DeviceTls;
import dev.citadel.mqtt.broker.BrokerConfig;
import dev.citadel.mqtt.broker.MqttBroker;
import dev.citadel.ns.crypto.PsaCrypto;
import dev.citadel.ota.JobStatus;
import dev.citadel.ota.OtaAgent;
import dev.citadel.ota.OtaConfig;
import dev.citadel.ota.OtaOutcome;
import dev.citadel.ota.StatusUpdate;
import dev.citadel.ota.server.Fault;
import dev.citadel.ota.server.HttpImageServer;
import dev.citadel.ota.server.JobOffer;
import dev.citadel.ota.server.OtaServer;
import dev.citadel.psa.crypto.Algorithm;
import dev.citadel.psa.crypto.EccFamily;
import dev.citadel.psa.crypto.KeyAttributes;
import dev.citadel.psa.crypto.KeyLifetime;
import dev.citadel.psa.crypto.KeyType;
import dev.citadel.psa.crypto.KeyUsage;
import dev.citadel.psa.fwu.FwuState;
import java.net.URI;
import java.security.KeyPair;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The OTA agent against a real SPE (Platform, FWU and Crypto on {@link FwuRig}'s small device) through both doors,
 * the embedded mutual-TLS broker and the OTA server: a full update to a signed NS v2 that BL2 then test-swaps in,
 * a resumed download after a dropped connection, HTTP ranges, and each refusal with its reason and the running
 * image untouched.
 */
class OtaAgentTest {
    static final String THING = "device-1";
    static final int BLOCK = 1024;
    static final int WINDOW = 4;
    static final byte[] V1_S = FwuRig.image(0, "1.0.0", 1, 3000, 1);
    static final byte[] V1 = FwuRig.image(1, "1.0.0", 1, 9000, 2);
    static final byte[] V2 = FwuRig.image(1, "2.0.0", 2, 10000, 4);
    static final AtomicInteger JOBS = new AtomicInteger();

    static MqttPki deviceCa;
    static MqttPki brokerCa;
    static MqttBroker broker;
    static KeyPair codeSigning;
    static KeyPair otherSigning;

    FwuRig rig;
    OtaServer server;
    DeviceMqtt device;

    @BeforeAll
    static void start() throws Exception {
        deviceCa = new MqttPki("Device CA");
        brokerCa = new MqttPki("Broker CA");
        MqttPki.Identity id = brokerCa.identity("CN=broker", true);
        broker = MqttBroker.start(BrokerConfig.builder().identity(id.keys().getPrivate(), id.chain())
                .clientTrustAnchors(List.of(deviceCa.cert)).build());
        codeSigning = MqttPki.jdkEcKeys();
        otherSigning = MqttPki.jdkEcKeys();
    }

    @AfterAll
    static void stop() {
        broker.close();
    }

    @AfterEach
    void close() throws Exception {
        if (device != null) {
            device.close();
        }
        if (server != null) {
            server.close();
        }
        if (rig != null) {
            rig.close();
        }
    }

    /** v1 of both images booted, the code-verify public key imported at 0x11, the server and device connected. */
    private void setUp(Door door) throws Exception {
        rig = FwuRig.factory(V1_S, V1, true);
        importCodeVerifyKey(new PsaCrypto(rig.dispatcher(door)), (ECPublicKey) codeSigning.getPublic());
        server = OtaServer.start(connect("ota-server"), THING);
        device = connect(THING);
    }

    static void importCodeVerifyKey(PsaCrypto crypto, ECPublicKey pub) throws Exception {
        byte[] point = new byte[65];
        point[0] = 4;
        put(pub.getW().getAffineX().toByteArray(), point, 1);
        put(pub.getW().getAffineY().toByteArray(), point, 33);
        crypto.importKey(KeyAttributes.builder().type(KeyType.eccPublicKey(EccFamily.SECP_R1)).bits(256)
                .usage(KeyUsage.VERIFY_HASH).algorithm(Algorithm.ecdsa(Algorithm.SHA_256))
                .lifetime(KeyLifetime.PERSISTENT).id(OtaConfig.CODE_VERIFY_KEY_ID).build(), point);
    }

    private static void put(byte[] big, byte[] out, int at) {
        int n = Math.min(32, big.length);
        System.arraycopy(big, big.length - n, out, at + 32 - n, n);
    }

    private static DeviceMqtt connect(String clientId) throws Exception {
        DeviceTls tls = DeviceTls.of(deviceCa.identity("CN=" + clientId, false).keyManager(), List.of(brokerCa.cert));
        return DeviceMqtt.connect(DeviceMqttOptions.builder("127.0.0.1", broker.port(), tls, clientId).build());
    }

    static byte[] sign(KeyPair k, byte[] data) throws Exception {
        Signature s = Signature.getInstance("SHA256withECDSA", "SunEC");
        s.initSign(k.getPrivate());
        s.update(data);
        return s.sign();
    }

    private OtaAgent agent(Door door) {
        OtaConfig c = OtaConfig.defaults(THING).withBlockSize(BLOCK).withBlocksPerRequest(WINDOW)
                .withRequestTimeout(Duration.ofSeconds(3));
        return new OtaAgent(c, device, rig.dispatcher(door));
    }

    private static String jobId() {
        return "job-" + JOBS.incrementAndGet();
    }

    private OtaOutcome offerAndRun(Door door, JobOffer offer) throws Exception {
        server.publish(offer);
        OtaAgent a = agent(door);
        OtaOutcome o = a.runOnce(Duration.ofSeconds(10));
        device = a.mqtt();
        return o;
    }

    /** The reboot into v2: BL2 test-swaps it, it runs on trial, the self-test accepts, the agent reports SUCCEEDED. */
    private void rebootAcceptAndReport(Door door, String job) throws Exception {
        assertThat(rig.resets).as("psa_fwu_request_reboot reached the Platform partition as FWU").contains(271);
        // The report before install travels through the broker after runOnce returns; a device's reboot takes longer
        // than that trip, this rig's does not. The job the new agent reads must carry it (updatedBy).
        assertThat(server.awaitUpdate(job, u -> u.details().containsKey("updatedBy"), Duration.ofSeconds(10)))
                .as("the report before install reached the OTA service").isPresent();
        byte[] booted = FwuRig.booted(rig.boot(), 1);
        assertThat(booted).as("BL2 booted v2 after the test swap").isEqualTo(V2);
        assertThat(rig.fwu(door).query(1).state()).isEqualTo(FwuState.TRIAL);
        OtaOutcome pending = agent(door).runOnce(Duration.ofSeconds(10));
        assertThat(pending.kind()).isEqualTo(OtaOutcome.Kind.AWAITING_SELF_TEST);
        assertThat(rig.fwu(door).accept()).as("the self-test's accept (nsapp's part)").isZero();
        OtaOutcome after = agent(door).runOnce(Duration.ofSeconds(10));
        assertThat(after.kind()).as(after.reason()).isEqualTo(OtaOutcome.Kind.SUCCEEDED);
        StatusUpdate last = server.awaitFinal(job, Duration.ofSeconds(10)).orElseThrow();
        assertThat(last.status()).isEqualTo(JobStatus.SUCCEEDED);
        assertThat(last.details()).containsEntry("self_test", "accepted").containsEntry("updatedBy", "0x1000000");
        assertThat(FwuRig.booted(rig.boot(), 1)).as("v2 is kept at the next boot").isEqualTo(V2);
        assertThat(agent(door).runOnce(Duration.ofSeconds(10)).kind()).isEqualTo(OtaOutcome.Kind.NO_JOB);
    }

    /** Refused with {@code status} and a reason containing {@code reason}; component 1 READY and BL2 boots v1. */
    private void assertRefusedAndUntouched(Door door, OtaOutcome o, String job, JobStatus status, String reason)
            throws Exception {
        assertThat(o.kind()).as(o.reason()).isEqualTo(OtaOutcome.Kind.REFUSED);
        StatusUpdate last = server.awaitFinal(job, Duration.ofSeconds(10)).orElseThrow();
        assertThat(last.status()).isEqualTo(status);
        assertThat(last.reason()).get(org.assertj.core.api.InstanceOfAssertFactories.STRING).contains(reason);
        assertThat(o.reason()).isEqualTo(last.reason().get());
        assertThat(rig.resets).as("no reboot was requested").isEmpty();
        assertThat(rig.fwu(door).query(1).state()).isEqualTo(FwuState.READY);
        assertThat(rig.holds(rig.primary(1), V1)).isTrue();
        assertThat(FwuRig.booted(rig.boot(), 1)).as("BL2 still boots v1").isEqualTo(V1);
        assertThat(rig.fwu(door).query(1).state()).isEqualTo(FwuState.READY);
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void aSignedNsV2OverMqttIsWrittenVerifiedInstalledAndBootedByBl2(Door door) throws Exception {
        setUp(door);
        String job = jobId();
        OtaOutcome o = offerAndRun(door, JobOffer.mqtt(job, "non_secure image", V2, sign(codeSigning, V2), BLOCK));
        assertThat(o.kind()).as(o.reason()).isEqualTo(OtaOutcome.Kind.REBOOT_REQUESTED);
        int blocks = (V2.length + BLOCK - 1) / BLOCK;
        assertThat(server.sentPerBlock(job)).as("each block sent once").containsOnly(1).hasSize(blocks);
        assertThat(server.awaitUpdate(job, u -> u.details().containsKey("self_test"), Duration.ofSeconds(10)))
                .as("the report before install arrived").get().extracting(StatusUpdate::details)
                .asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
                .containsEntry("self_test", "ready");
        assertThat(server.updates(job)).extracting(StatusUpdate::status).containsOnly(JobStatus.IN_PROGRESS);
        rebootAcceptAndReport(door, job);
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void aBrokerDisconnectMidTransferResumesWithoutFetchingFinishedBlocksAgain(Door door) throws Exception {
        setUp(door);
        String job = jobId();
        server.inject(new Fault(Fault.Kind.DROP_CONNECTION, 6), () -> broker.dropConnection(THING));
        OtaOutcome o = offerAndRun(door, JobOffer.mqtt(job, "non_secure image", V2, sign(codeSigning, V2), BLOCK));
        assertThat(o.kind()).as(o.reason()).isEqualTo(OtaOutcome.Kind.REBOOT_REQUESTED);
        assertThat(o.stats().reconnects()).as("the agent reconnected").isGreaterThanOrEqualTo(1);
        int[] sent = server.sentPerBlock(job);
        assertThat(sent).as("every block arrived").doesNotContain(0);
        assertThat(Arrays.copyOfRange(sent, 0, WINDOW)).as("the first request's blocks, done before the drop")
                .containsOnly(1);
        int resent = Arrays.stream(sent).sum() - sent.length;
        assertThat(resent).as("only blocks in flight at the drop were sent again").isBetween(0, WINDOW);
        rebootAcceptAndReport(door, job);
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void aReportLostBeforeTheRebootIsRecoveredFromTheAgentsOwnRecord(Door door) throws Exception {
        setUp(door);
        String job = jobId();
        server.inject(new Fault(Fault.Kind.LOSE_REPORT, 0), null);
        OtaOutcome o = offerAndRun(door, JobOffer.mqtt(job, "non_secure image", V2, sign(codeSigning, V2), BLOCK));
        assertThat(o.kind()).as(o.reason()).isEqualTo(OtaOutcome.Kind.REBOOT_REQUESTED);
        assertThat(server.updates(job)).as("the service never got updatedBy")
                .noneMatch(u -> u.details().containsKey("updatedBy"));
        assertThat(FwuRig.booted(rig.boot(), 1)).as("BL2 booted v2 after the test swap").isEqualTo(V2);

        OtaOutcome pending = agent(door).runOnce(Duration.ofSeconds(10));
        assertThat(pending.kind()).as("the job without updatedBy is still known for this device's own: "
                + pending.reason()).isEqualTo(OtaOutcome.Kind.AWAITING_SELF_TEST);
        assertThat(rig.fwu(door).accept()).isZero();
        OtaOutcome after = agent(door).runOnce(Duration.ofSeconds(10));
        assertThat(after.kind()).as(after.reason()).isEqualTo(OtaOutcome.Kind.SUCCEEDED);
        StatusUpdate last = server.awaitFinal(job, Duration.ofSeconds(10)).orElseThrow();
        assertThat(last.status()).isEqualTo(JobStatus.SUCCEEDED);
        assertThat(last.details()).containsEntry("updatedBy", "0x1000000");
        dev.citadel.ns.its.PsaIts its = new dev.citadel.ns.its.PsaIts(rig.dispatcher(door));
        assertThatThrownBy(() -> its.getInfo(0x4F54_4131L)).as("the record is gone with its job")
                .isInstanceOf(dev.citadel.psa.PsaException.class)
                .extracting(e -> ((dev.citadel.psa.PsaException) e).psaStatus())
                .isEqualTo(dev.citadel.psa.PsaStatus.DOES_NOT_EXIST);
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void anUpdateOverHttpRangeRequests(Door door) throws Exception {
        setUp(door);
        try (HttpImageServer http = HttpImageServer.start()) {
            String job = jobId();
            URI url = http.offer("ns-v2.bin", V2);
            OtaOutcome o = offerAndRun(door, JobOffer.http(job, "non_secure image", V2, sign(codeSigning, V2), url,
                    BLOCK));
            assertThat(o.kind()).as(o.reason()).isEqualTo(OtaOutcome.Kind.REBOOT_REQUESTED);
            assertThat(http.rangesServed()).as("one range per block").isEqualTo((V2.length + BLOCK - 1) / BLOCK);
            assertThat(server.blocksSent()).as("nothing over MQTT").isZero();
            rebootAcceptAndReport(door, job);
        }
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void aTruncatedBlockIsRejected(Door door) throws Exception {
        setUp(door);
        String job = jobId();
        server.inject(new Fault(Fault.Kind.TRUNCATE_BLOCK, 3), null);
        OtaOutcome o = offerAndRun(door, JobOffer.mqtt(job, "non_secure image", V2, sign(codeSigning, V2), BLOCK));
        assertRefusedAndUntouched(door, o, job, JobStatus.FAILED, "corrupt block: block 3 has 1023 bytes");
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void aBlockOfAnotherFileIsRejected(Door door) throws Exception {
        setUp(door);
        String job = jobId();
        server.inject(new Fault(Fault.Kind.WRONG_FILE_ID, 2), null);
        OtaOutcome o = offerAndRun(door, JobOffer.mqtt(job, "non_secure image", V2, sign(codeSigning, V2), BLOCK));
        assertRefusedAndUntouched(door, o, job, JobStatus.FAILED, "corrupt block: block 2 is of file 1");
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void aBlockWithAFlippedBitIsRefusedByTheSpeAtFinish(Door door) throws Exception {
        setUp(door);
        String job = jobId();
        server.inject(new Fault(Fault.Kind.FLIP_BIT, 5), null);
        OtaOutcome o = offerAndRun(door, JobOffer.mqtt(job, "non_secure image", V2, sign(codeSigning, V2), BLOCK));
        assertRefusedAndUntouched(door, o, job, JobStatus.REJECTED,
                "psa_fwu_finish refused the image for component 1: PSA_ERROR_INVALID_SIGNATURE");
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void aWrongSignatureIsRejectedBeforeInstall(Door door) throws Exception {
        setUp(door);
        String job = jobId();
        byte[] other = V2.clone();
        other[100] ^= 1;
        OtaOutcome o = offerAndRun(door, JobOffer.mqtt(job, "non_secure image", V2, sign(codeSigning, other), BLOCK));
        assertRefusedAndUntouched(door, o, job, JobStatus.REJECTED,
                "signature check failed: the signature does not verify with the code-verify key");
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void aSignatureByAnotherKeyIsRejected(Door door) throws Exception {
        setUp(door);
        String job = jobId();
        OtaOutcome o = offerAndRun(door, JobOffer.mqtt(job, "non_secure image", V2, sign(otherSigning, V2), BLOCK));
        assertRefusedAndUntouched(door, o, job, JobStatus.REJECTED,
                "signature check failed: the signature does not verify with the code-verify key");
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void aDowngradeIsRejected(Door door) throws Exception {
        setUp(door);
        String job = jobId();
        byte[] same = FwuRig.image(1, "1.0.0", 1, 9500, 7);
        OtaOutcome o = offerAndRun(door, JobOffer.mqtt(job, "non_secure image", same, sign(codeSigning, same),
                BLOCK));
        assertRefusedAndUntouched(door, o, job, JobStatus.REJECTED,
                "downgrade: image version 1.0.0+0 is not newer than the running 1.0.0+0");
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void anOversizedImageIsRejectedBeforeDownload(Door door) throws Exception {
        setUp(door);
        String job = jobId();
        byte[] big = Arrays.copyOf(V2, FwuRig.SLOT + 1);
        OtaOutcome o = offerAndRun(door, JobOffer.mqtt(job, "non_secure image", big, sign(codeSigning, big), BLOCK));
        assertRefusedAndUntouched(door, o, job, JobStatus.REJECTED, "image too large: the job's file has 16385 bytes");
        assertThat(server.blocksSent()).isZero();
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void anImageLargerThanItsJobSaysIsRejected(Door door) throws Exception {
        setUp(door);
        String job = jobId();
        byte[] cut = Arrays.copyOf(V2, 8000);
        OtaOutcome o = offerAndRun(door, JobOffer.mqtt(job, "non_secure image", cut, sign(codeSigning, cut), BLOCK));
        assertRefusedAndUntouched(door, o, job, JobStatus.REJECTED, "image too large: the image header declares");
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void aJobForAComponentTheDeviceLacksIsRejected(Door door) throws Exception {
        setUp(door);
        String job = jobId();
        OtaOutcome o = offerAndRun(door, JobOffer.mqtt(job, "ml_model image", V2, sign(codeSigning, V2), BLOCK));
        assertRefusedAndUntouched(door, o, job, JobStatus.REJECTED,
                "no such FWU component: filepath 'ml_model image' names no FWU component");
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void aSecureImageOfferedAsTheNonSecureImageIsRefused(Door door) throws Exception {
        setUp(door);
        String job = jobId();
        byte[] secure = FwuRig.image(0, "2.0.0", 2, 3500, 3);
        OtaOutcome o = offerAndRun(door, JobOffer.mqtt(job, "non_secure image", secure, sign(codeSigning, secure),
                BLOCK));
        assertRefusedAndUntouched(door, o, job, JobStatus.REJECTED,
                "psa_fwu_finish refused the image for component 1: PSA_ERROR_INVALID_SIGNATURE");
    }
}
