package dev.citadel.bench;

import dev.citadel.boot.bl2.Bl2;
import dev.citadel.boot.bl2.Bl2Config;
import dev.citadel.boot.bl2.BootResult;
import dev.citadel.boot.flash.FlashMap;
import dev.citadel.boot.flash.FlashMap.ImageSlots;
import dev.citadel.boot.flash.FlashMap.Region;
import dev.citadel.boot.image.ImageSigner;
import dev.citadel.boot.image.ImageVersion;
import dev.citadel.boot.image.SignOptions;
import dev.citadel.boot.keys.ImageSigningKey;
import dev.citadel.boot.keys.KeyType;
import dev.citadel.hal.flash.FlashDevice;
import dev.citadel.hal.flash.FlashGeometry;
import dev.citadel.hal.nv.NvCounters;
import dev.citadel.mqtt.DeviceMqtt;
import dev.citadel.mqtt.DeviceMqttOptions;
import dev.citadel.mqtt.DeviceTls;
import dev.citadel.mqtt.broker.BrokerConfig;
import dev.citadel.mqtt.broker.MqttBroker;
import dev.citadel.ns.Dispatcher;
import dev.citadel.ns.FunctionCallClient;
import dev.citadel.ns.SocketClient;
import dev.citadel.ns.crypto.PsaCrypto;
import dev.citadel.ota.OtaAgent;
import dev.citadel.ota.OtaConfig;
import dev.citadel.ota.OtaOutcome;
import dev.citadel.ota.OtaStats;
import dev.citadel.ota.server.JobOffer;
import dev.citadel.ota.server.OtaServer;
import dev.citadel.psa.crypto.Algorithm;
import dev.citadel.psa.crypto.EccFamily;
import dev.citadel.psa.crypto.KeyAttributes;
import dev.citadel.psa.crypto.KeyLifetime;
import dev.citadel.psa.crypto.KeyUsage;
import dev.citadel.spe.crypto.BuiltinKeys;
import dev.citadel.spe.crypto.CryptoPartition;
import dev.citadel.spe.crypto.InMemoryKeyStorage;
import dev.citadel.spe.fwu.FwuPartition;
import dev.citadel.spe.fwu.FwuSlots;
import dev.citadel.spe.platform.PlatformPartition;
import dev.citadel.spe.server.ServerConfig;
import dev.citadel.spe.server.SpeServer;
import dev.citadel.spe.spm.NsAgent;
import dev.citadel.spe.spm.Spm;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.X509KeyManager;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * An OTA of a 1 MiB signed NS image, end to end: the OTA server publishes the job on the embedded mutual-TLS broker,
 * the agent downloads the file over MQTT streams, writes it through {@code psa_fwu_write} into a real SPE (Platform,
 * FWU and Crypto partitions over an in-memory flash), has it verified ({@code psa_fwu_finish}, then the job's
 * signature with {@code psa_verify_hash} and the code-verify key in the SPE), installs it and requests the reboot.
 * Each run starts from a freshly made device (v1 booted by BL2, not timed); the time is the agent's
 * {@code runOnce}, from asking for the job to the reboot request, split by the agent's own phase times
 * ({@link OtaStats}). Both doors to the SPE, alternating run by run; medians of the runs, each figure on its own.
 *
 * <p>{@code java -cp bench/target/benchmarks.jar dev.citadel.bench.OtaBench [runs] [warm-up runs] [block size]
 * [blocks per request]}
 */
public final class OtaBench {
    static final int SECTOR = 16 * 1024;
    static final int SLOT = 80 * SECTOR;
    static final FlashGeometry GEOMETRY = new FlashGeometry(SECTOR, 4 * (SLOT / SECTOR) + 1, 16);
    static final FlashMap MAP = new FlashMap(List.of(
            new ImageSlots(new Region(0, SLOT), new Region(2 * SLOT, SLOT)),
            new ImageSlots(new Region(SLOT, SLOT), new Region(3 * SLOT, SLOT))),
            new Region(4 * SLOT, SECTOR));
    static final String THING = "bench-device";
    static final int MIB = 1 << 20;

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final ImageSigningKey[] ROTPKS = {ImageSigningKey.generate(KeyType.ED25519, RANDOM),
        ImageSigningKey.generate(KeyType.ED25519, RANDOM)};

    private OtaBench() {}

    enum Door { FUNCTION_CALL, SOCKET }

    /** Held so the level stays set: BL2's and the SPE's notes would drown the figures. */
    private static final java.util.logging.Logger ROOT_LOG = java.util.logging.Logger.getLogger("");

    public static void main(String[] args) throws Exception {
        ROOT_LOG.setLevel(java.util.logging.Level.WARNING);
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 9;
        int warm = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        OtaConfig config = OtaConfig.defaults(THING);
        if (args.length > 2) {
            config = config.withBlockSize(Integer.parseInt(args[2]));
        }
        if (args.length > 3) {
            config = config.withBlocksPerRequest(Integer.parseInt(args[3]));
        }
        byte[] v1s = image(0, "1.0.0", 64 * 1024, 1);
        byte[] v1 = image(1, "1.0.0", 64 * 1024, 2);
        byte[] v2 = image(1, "2.0.0", MIB - 1024, 3);
        KeyPair codeSigning = ecKeys();
        byte[] signature = sign(codeSigning.getPrivate(), v2);

        Pki pki = new Pki();
        Path dir = Files.createTempDirectory("citadel-otabench");
        System.out.printf("OTA of a signed NS image of %d bytes (%.3f MiB), %d-byte blocks, %d per request; "
                + "%d warm-up rounds, %d measured rounds of both doors; java %s, %d CPUs%n", v2.length, v2.length / (double) MIB,
                config.blockSize(), config.blocksPerRequest(), warm, runs, System.getProperty("java.version"),
                Runtime.getRuntime().availableProcessors());
        try (MqttBroker broker = MqttBroker.start(BrokerConfig.builder()
                .identity(pki.broker.getPrivate(), List.of(pki.brokerCert))
                .clientTrustAnchors(List.of(pki.caCert)).build())) {
            int job = 0;
            java.util.Map<Door, List<OtaStats>> measured = new java.util.EnumMap<>(Door.class);
            for (int r = 0; r < warm + runs; r++) {
                for (Door door : Door.values()) {
                    String jobId = "bench-" + ++job;
                    OtaStats s = once(broker, pki, door, dir, config, v1s, v1, v2, signature,
                            (ECPublicKey) codeSigning.getPublic(), jobId);
                    boolean counted = r >= warm;
                    if (counted) {
                        measured.computeIfAbsent(door, k -> new ArrayList<>()).add(s);
                    }
                    System.out.printf("%-13s %s %s%n", door, counted ? "run   " : "warm-up", line(s));
                }
            }
            for (Door door : Door.values()) {
                System.out.printf("%-13s median %s%n", door, line(median(measured.get(door))));
            }
        } finally {
            try (var s = Files.walk(dir)) {
                s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static OtaStats once(MqttBroker broker, Pki pki, Door door, Path dir, OtaConfig config, byte[] v1s,
            byte[] v1, byte[] v2, byte[] signature, ECPublicKey codeKey, String jobId) throws Exception {
        FlashDevice flash = FlashDevice.inMemory(GEOMETRY);
        FlashDevice counterFlash = FlashDevice.inMemory(NvCounters.GEOMETRY);
        program(flash, 0, v1s);
        program(flash, 1, v1);
        BootResult boot = new Bl2(flash, MAP, NvCounters.open(counterFlash), rotpks(), Bl2Config.defaults()).boot();
        if (!boot.allVerified()) {
            throw new IllegalStateException("the factory images do not boot: " + boot.log());
        }
        NvCounters counters = NvCounters.open(counterFlash);
        List<Integer> resets = new ArrayList<>();
        Spm spm = Spm.builder()
                .partition(new PlatformPartition(counters, resets::add))
                .partition(new FwuPartition(FwuSlots.of(flash, MAP, Bl2Config.defaults(), counters, rotpks())))
                .partition(new CryptoPartition(8, 32, new InMemoryKeyStorage(),
                        BuiltinKeys.hukOnly(RANDOM.generateSeed(32))))
                .connectionPoolSize(8)
                .log(l -> { })
                .build();
        spm.start();
        SpeServer server = null;
        Dispatcher d;
        if (door == Door.FUNCTION_CALL) {
            d = new FunctionCallClient(spm.openSession(NsAgent.trustZone()));
        } else {
            server = SpeServer.start(spm, dir.resolve(jobId + ".sock"), ServerConfig.defaults().withLog(l -> { }));
            d = SocketClient.connect(server.socket());
        }
        try (OtaServer ota = OtaServer.start(pki.connect(broker, "ota-server"), THING)) {
            importCodeVerifyKey(new PsaCrypto(d), codeKey);
            DeviceMqtt device = pki.connect(broker, THING);
            ota.publish(JobOffer.mqtt(jobId, "non_secure image", v2, signature, config.blockSize()));
            OtaAgent agent = new OtaAgent(config, device, d);
            OtaOutcome o = agent.runOnce(Duration.ofSeconds(30));
            agent.mqtt().close();
            if (o.kind() != OtaOutcome.Kind.REBOOT_REQUESTED || !resets.contains(271)) {
                throw new IllegalStateException("the OTA did not complete: " + o.kind() + ": " + o.reason());
            }
            int[] sent = ota.sentPerBlock(jobId);
            if (Arrays.stream(sent).anyMatch(n -> n != 1)) {
                throw new IllegalStateException("blocks sent more than once: " + Arrays.toString(sent));
            }
            return o.stats();
        } finally {
            d.close();
            if (server != null) {
                server.close();
            }
        }
    }

    // -- the measured line -------------------------------------------------------------------------------------

    private static String line(OtaStats s) {
        double total = s.totalNanos() / 1e9;
        return String.format("total %6.3f s  %6.2f MB/s (%5.2f MiB/s) | transfer %6.3f s %4.1f%% | "
                + "SPE writes %6.3f s %4.1f%% | verify %6.3f s %4.1f%% (finish %6.3f, verify_hash %6.4f) | "
                + "install %6.4f s | other %6.3f s %4.1f%%",
                total, s.bytes() / 1e6 / total, s.bytes() / (double) MIB / total,
                s.transferNanos() / 1e9, pct(s.transferNanos(), s), s.writeNanos() / 1e9, pct(s.writeNanos(), s),
                s.verifyNanos() / 1e9, pct(s.verifyNanos(), s), s.finishNanos() / 1e9, s.signatureNanos() / 1e9,
                s.installNanos() / 1e9, s.otherNanos() / 1e9, pct(s.otherNanos(), s));
    }

    private static double pct(long part, OtaStats s) {
        return 100.0 * part / s.totalNanos();
    }

    /** The median of each field on its own (so the parts need not add up exactly to the median total). */
    private static OtaStats median(List<OtaStats> l) {
        return new OtaStats(med(l, OtaStats::totalNanos), med(l, OtaStats::fetchNanos), med(l, OtaStats::writeNanos),
                med(l, OtaStats::finishNanos), med(l, OtaStats::signatureNanos), med(l, OtaStats::installNanos),
                l.get(0).bytes(), 0, 0);
    }

    private static long med(List<OtaStats> l, java.util.function.ToLongFunction<OtaStats> f) {
        long[] v = l.stream().mapToLong(f).sorted().toArray();
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    // -- the device ----------------------------------------------------------------------------------------------

    private static void program(FlashDevice flash, int image, byte[] img) throws Exception {
        byte[] b = Arrays.copyOf(img, (img.length + 15) / 16 * 16);
        Arrays.fill(b, img.length, b.length, (byte) 0xFF);
        MAP.primary(flash, image).write(0, b);
    }

    private static List<byte[]> rotpks() throws Exception {
        List<byte[]> l = new ArrayList<>();
        for (ImageSigningKey k : ROTPKS) {
            l.add(MessageDigest.getInstance("SHA-256").digest(k.publicKey().raw()));
        }
        return l;
    }

    private static byte[] image(int image, String version, int size, int seed) throws Exception {
        byte[] payload = new byte[size];
        for (int i = 0; i < size; i++) {
            payload[i] = (byte) (i * 31 + seed * 7 + (i >> 8));
        }
        SignOptions o = SignOptions.builder().key(ROTPKS[image]).publicKeyFull(true)
                .version(ImageVersion.parse(version)).headerSize(0x200).padHeader(true).slotSize(SLOT).align(16)
                .maxSectors(SLOT / SECTOR).securityCounter(image == 1 && version.startsWith("2") ? 2 : 1)
                .bootRecord(image == 0 ? "SPE" : "NSPE").build();
        return new ImageSigner(RANDOM).sign(payload, o);
    }

    // -- the code-verify key -------------------------------------------------------------------------------------

    private static byte[] sign(PrivateKey key, byte[] data) throws Exception {
        Signature s = Signature.getInstance("SHA256withECDSA", "SunEC");
        s.initSign(key);
        s.update(data);
        return s.sign();
    }

    private static void importCodeVerifyKey(PsaCrypto crypto, ECPublicKey pub) throws Exception {
        byte[] point = new byte[65];
        point[0] = 4;
        put(pub.getW().getAffineX().toByteArray(), point, 1);
        put(pub.getW().getAffineY().toByteArray(), point, 33);
        crypto.importKey(KeyAttributes.builder()
                .type(dev.citadel.psa.crypto.KeyType.eccPublicKey(EccFamily.SECP_R1)).bits(256)
                .usage(KeyUsage.VERIFY_HASH).algorithm(Algorithm.ecdsa(Algorithm.SHA_256))
                .lifetime(KeyLifetime.PERSISTENT).id(OtaConfig.CODE_VERIFY_KEY_ID).build(), point);
    }

    private static void put(byte[] big, byte[] out, int at) {
        int n = Math.min(32, big.length);
        System.arraycopy(big, big.length - n, out, at + 32 - n, n);
    }

    private static KeyPair ecKeys() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC", "SunEC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        return g.generateKeyPair();
    }

    // -- the broker's and the device's identities ----------------------------------------------------------------

    /** One CA for both sides: the broker's certificate names 127.0.0.1; each client gets its own JDK key. */
    private static final class Pki {
        final KeyPair ca = ecKeys0();
        final X509Certificate caCert;
        final KeyPair broker = ecKeys0();
        final X509Certificate brokerCert;
        private long serial = 100;

        Pki() throws Exception {
            caCert = issue(ca.getPublic(), "CN=Bench CA", true, false);
            brokerCert = issue(broker.getPublic(), "CN=broker", false, true);
        }

        DeviceMqtt connect(MqttBroker b, String clientId) throws Exception {
            KeyPair k = ecKeys0();
            X509Certificate cert = issue(k.getPublic(), "CN=" + clientId, false, false);
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setKeyEntry("id", k.getPrivate(), new char[0], new X509Certificate[] {cert});
            KeyManagerFactory kmf = KeyManagerFactory.getInstance("SunX509");
            kmf.init(ks, new char[0]);
            DeviceTls tls = DeviceTls.of((X509KeyManager) kmf.getKeyManagers()[0], List.of(caCert));
            return DeviceMqtt.connect(DeviceMqttOptions.builder("127.0.0.1", b.port(), tls, clientId).build());
        }

        private X509Certificate issue(PublicKey key, String subject, boolean isCa, boolean server) throws Exception {
            Instant now = Instant.now();
            JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(new X500Name("CN=Bench CA"),
                    BigInteger.valueOf(++serial), Date.from(now.minus(Duration.ofHours(1))),
                    Date.from(now.plus(Duration.ofDays(1))), new X500Name(subject), key);
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(isCa));
            if (server) {
                b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(
                        new GeneralName(GeneralName.iPAddress, "127.0.0.1")));
            }
            return new JcaX509CertificateConverter().getCertificate(
                    b.build(new JcaContentSignerBuilder("SHA256withECDSA").setProvider("SunEC").build(ca.getPrivate())));
        }

        private static KeyPair ecKeys0() {
            try {
                KeyPairGenerator g = KeyPairGenerator.getInstance("EC", "SunEC");
                g.initialize(new ECGenParameterSpec("secp256r1"));
                return g.generateKeyPair();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
