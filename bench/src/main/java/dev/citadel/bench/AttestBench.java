package dev.citadel.bench;

import dev.citadel.cli.SpeProcess;
import dev.citadel.ns.Dispatcher;
import dev.citadel.ns.FunctionCallClient;
import dev.citadel.ns.SocketClient;
import dev.citadel.ns.attest.PsaInitialAttestation;
import dev.citadel.ns.crypto.PsaCrypto;
import dev.citadel.psa.crypto.Algorithm;
import dev.citadel.psa.crypto.EccFamily;
import dev.citadel.psa.crypto.KeyAttributes;
import dev.citadel.psa.crypto.KeyType;
import dev.citadel.psa.crypto.KeyUsage;
import dev.citadel.spe.spm.NsAgent;
import dev.citadel.spe.spm.Spm;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.util.concurrent.TimeUnit;
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
 * Initial Attestation tokens per second against the signature that dominates them, same JVM, same run:
 * {@code getToken_psa} is {@code psa_initial_attest_get_token} with a 32-byte challenge into a caller's buffer (one
 * call: claims, CBOR encoding, the Sig_structure hash and an ES256 signature by the IAK through the SPM), on an SPE
 * booted with measurements; {@code ecdsaP256SignHash_psa} is the same SPE's Crypto {@code psa_sign_hash} (ECDSA P-256,
 * SHA-256) through the same door; {@code ecdsaP256SignHash_jdk} is the JDK's raw sign-hash with the key in the
 * caller's hands. With {@code -p door=socket} the calls cross a Unix socket to an SPE process started with the
 * production SPE flags.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Benchmark)
public class AttestBench {
    private static final Algorithm ECDSA_SHA256 = Algorithm.ecdsa(Algorithm.SHA_256);

    @Param({"function-call", "socket"})
    public String door;

    private PsaInitialAttestation attest;
    private PsaCrypto crypto;
    private Dispatcher client;
    private Process spe;
    private Path dir;

    private final byte[] challenge = new byte[32];
    private final byte[] hash = new byte[32];
    private byte[] tokenBuf;
    private int p256Key;
    private Signature ecdsaSignJdk;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        SecureRandom random = new SecureRandom();
        random.nextBytes(challenge);
        random.nextBytes(hash);
        if (door.equals("function-call")) {
            Spm spm = BenchAttestation.spm();
            client = new FunctionCallClient(spm.openSession(NsAgent.trustZone()));
        } else {
            dir = Files.createTempDirectory("citadel-bench");
            Path socket = dir.resolve("spe.sock");
            spe = BenchSpe.launch(socket, SpeProcess.JVM_FLAGS, 25_000, "attest");
            client = SocketClient.connect(socket, 25_000);
        }
        attest = new PsaInitialAttestation(client);
        crypto = new PsaCrypto(client);
        tokenBuf = new byte[attest.getTokenSize(challenge.length)];
        if (attest.getToken(challenge, tokenBuf) != tokenBuf.length) {
            throw new IllegalStateException("the token is not the size the size query gave");
        }

        KeyPairGenerator ecGen = KeyPairGenerator.getInstance("EC");
        ecGen.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair p256 = ecGen.generateKeyPair();
        p256Key = crypto.importKey(KeyAttributes.builder().type(KeyType.eccKeyPair(EccFamily.SECP_R1))
                .usage(KeyUsage.SIGN_HASH).algorithm(ECDSA_SHA256).build(),
                unsigned(((ECPrivateKey) p256.getPrivate()).getS(), 32));
        ecdsaSignJdk = Signature.getInstance("NONEwithECDSAinP1363Format");
        ecdsaSignJdk.initSign(p256.getPrivate());
    }

    private static byte[] unsigned(BigInteger v, int length) {
        byte[] b = v.toByteArray();
        byte[] out = new byte[length];
        int n = Math.min(b.length, length);
        System.arraycopy(b, b.length - n, out, length - n, n);
        return out;
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        client.close();
        if (spe != null) {
            BenchSpe.stop(spe);
            Files.deleteIfExists(dir.resolve("spe.sock"));
            Files.deleteIfExists(dir);
        }
    }

    @Benchmark
    public int getToken_psa() throws Exception {
        return attest.getToken(challenge, tokenBuf);
    }

    @Benchmark
    public byte[] ecdsaP256SignHash_psa() throws Exception {
        return crypto.signHash(p256Key, ECDSA_SHA256, hash);
    }

    @Benchmark
    public byte[] ecdsaP256SignHash_jdk() throws Exception {
        ecdsaSignJdk.update(hash);
        return ecdsaSignJdk.sign();
    }
}
