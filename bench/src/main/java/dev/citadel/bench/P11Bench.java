package dev.citadel.bench;

import dev.citadel.cli.SpeProcess;
import dev.citadel.hal.DeviceDirectory;
import dev.citadel.ns.FunctionCallClient;
import dev.citadel.ns.SocketClient;
import dev.citadel.ns.crypto.PsaCrypto;
import dev.citadel.pkcs11.CkAttribute;
import dev.citadel.pkcs11.Cka;
import dev.citadel.pkcs11.Ckf;
import dev.citadel.pkcs11.CkMechanism;
import dev.citadel.pkcs11.Ckm;
import dev.citadel.pkcs11.Cryptoki;
import dev.citadel.pkcs11.token.PsaToken;
import dev.citadel.pkcs11.token.TokenConfig;
import dev.citadel.psa.PsaClient;
import dev.citadel.psa.crypto.Algorithm;
import dev.citadel.psa.crypto.EccFamily;
import dev.citadel.psa.crypto.KeyAttributes;
import dev.citadel.psa.crypto.KeyType;
import dev.citadel.psa.crypto.KeyUsage;
import dev.citadel.spe.SpePartitions;
import dev.citadel.spe.spm.NsAgent;
import dev.citadel.spe.spm.Spm;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * ECDSA P-256 through the PKCS#11 token's Java API ({@code C_SignInit(CKM_ECDSA)} + {@code C_Sign} of a 32-byte
 * hash, a session key) against the bare {@code psa_sign_hash} through the same door, same run. With
 * {@code -p door=socket} both cross the Unix socket to a {@code citadel spe serve} process (the production SPE
 * flags); with {@code function-call} the SPE (Crypto, ITS, PS on a temporary device) is in this JVM.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Benchmark)
public class P11Bench {
    private static final byte[] SO_PIN = "12345678".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] PIN = "1234".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] P256 = HexFormat.of().parseHex("06082a8648ce3d030107");
    private static final CkMechanism ECDSA = CkMechanism.of(Ckm.ECDSA);
    private static final Algorithm ECDSA_SHA256 = Algorithm.ecdsa(Algorithm.SHA_256);

    @Param({"function-call", "socket"})
    public String door;

    private Path dir;
    private DeviceDirectory device;
    private SpeProcess spe;
    private AutoCloseable client;
    private Cryptoki p11;
    private long session;
    private long privateKey;
    private PsaCrypto psa;
    private int psaKey;
    private final byte[] hash = new byte[32];
    private final byte[] signature = new byte[64];

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        new SecureRandom().nextBytes(hash);
        dir = Files.createTempDirectory("citadel-p11-bench");
        PsaClient psaClient;
        if (door.equals("function-call")) {
            device = DeviceDirectory.openOrCreate(dir.resolve("device"));
            Spm spm = Spm.builder().partitions(SpePartitions.forDevice(device, 16, 32, c -> {})).log(l -> {})
                    .build();
            spm.start();
            FunctionCallClient c = new FunctionCallClient(spm.openSession(NsAgent.trustZone()));
            client = c;
            psaClient = c.defaultClient();
        } else {
            spe = SpeProcess.start(dir.resolve("device"), dir.resolve("spe.sock"), l -> {});
            SocketClient c = SocketClient.connect(dir.resolve("spe.sock"));
            client = c;
            psaClient = c.defaultClient();
        }

        p11 = PsaToken.open(psaClient, TokenConfig.defaults()).application();
        p11.initialize(Ckf.OS_LOCKING_OK);
        p11.initToken(PsaToken.SLOT_ID, SO_PIN, "bench");
        session = p11.openSession(PsaToken.SLOT_ID, Ckf.SERIAL_SESSION | Ckf.RW_SESSION);
        p11.login(session, Ckf.USER_SO, SO_PIN);
        p11.initPin(session, PIN);
        p11.logout(session);
        p11.login(session, Ckf.USER_USER, PIN);
        privateKey = p11.generateKeyPair(session, CkMechanism.of(Ckm.EC_KEY_PAIR_GEN),
                List.of(CkAttribute.ofBytes(Cka.EC_PARAMS, P256), CkAttribute.ofBool(Cka.TOKEN, false)),
                List.of(CkAttribute.ofBool(Cka.TOKEN, false), CkAttribute.ofBool(Cka.SIGN, true)))[1];

        psa = new PsaCrypto(psaClient);
        psaKey = psa.generateKey(KeyAttributes.builder().type(KeyType.eccKeyPair(EccFamily.SECP_R1)).bits(256)
                .usage(KeyUsage.SIGN_HASH).algorithm(ECDSA_SHA256).build());
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        p11.finalizeLibrary();
        client.close();
        if (spe != null) {
            spe.stop();
        }
        if (device != null) {
            device.close();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    /** {@code C_SignInit(CKM_ECDSA)} + {@code C_Sign}: the token's policy checks, then one {@code psa_sign_hash}. */
    @Benchmark
    public int ecdsaP256Sign_p11() throws Exception {
        p11.signInit(session, ECDSA, privateKey);
        return p11.sign(session, hash, signature);
    }

    /** The baseline: the bare {@code psa_sign_hash} through the same door. */
    @Benchmark
    public byte[] ecdsaP256Sign_psa() throws Exception {
        return psa.signHash(psaKey, ECDSA_SHA256, hash);
    }
}
