package dev.citadel.bench;

import dev.citadel.cli.SpeProcess;
import dev.citadel.ns.FunctionCallClient;
import dev.citadel.ns.SocketClient;
import dev.citadel.ns.crypto.PsaCrypto;
import dev.citadel.psa.crypto.Algorithm;
import dev.citadel.psa.crypto.EccFamily;
import dev.citadel.psa.crypto.KeyAttributes;
import dev.citadel.psa.crypto.KeyType;
import dev.citadel.psa.crypto.KeyUsage;
import dev.citadel.spe.crypto.CryptoPartition;
import dev.citadel.spe.spm.NsAgent;
import dev.citadel.spe.spm.Spm;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.Provider;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
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
 * The Crypto service against the JCA, same JVM, same run: each operation through PSA ({@code *_psa}, the keys in the
 * SPE) and directly through the JDK's provider ({@code *_jdk}) and Bouncy Castle's ({@code *_bc}), with the key in
 * the caller's hands. The baseline of a PSA figure is the faster of its two JCA figures. With {@code -p door=socket}
 * the PSA calls cross a Unix socket to an SPE process started with the production SPE flags.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Benchmark)
public class CryptoBench {
    private static final Provider BC = new BouncyCastleProvider();
    private static final Algorithm ECDSA_SHA256 = Algorithm.ecdsa(Algorithm.SHA_256);
    private static final Algorithm HMAC_SHA256 = Algorithm.hmac(Algorithm.SHA_256);

    @Param({"function-call"})
    public String door;

    /** {@code production}: the SPE's JVM flags; {@code c1}: the same limited to the C1 compiler. */
    @Param({"production"})
    public String speJvm;

    /** Polling budget of the client's socket reads before they sleep; 0 (sleep at once) is SocketClient's default. */
    @Param({"0"})
    public long clientSpinNanos;

    private PsaCrypto psa;
    private AutoCloseable closer;
    private Process spe;
    private Path dir;

    private final byte[] data16k = new byte[16 * 1024];
    private final byte[] data1k = new byte[1024];
    private final byte[] data16 = new byte[16];
    private final byte[] hash = new byte[32];
    private final byte[] message = new byte[64];
    private final byte[] nonce = new byte[12];
    private long counter;

    private int aesKey;
    private int hmacKey;
    private int p256Key;
    private int ed25519Key;
    private byte[] p256Signature;

    private SecretKeySpec aesSpec;
    private Mac hmacJdk;
    private Mac hmacBc;
    private MessageDigest sha256Jdk;
    private MessageDigest sha256Bc;
    private Signature ecdsaSignJdk;
    private Signature ecdsaSignBc;
    private Signature ecdsaVerifyJdk;
    private Signature ecdsaVerifyBc;
    private byte[] ecdsaSignatureP1363;
    private byte[] ecdsaSignatureDer;
    private Signature ed25519Jdk;
    private Signature ed25519Bc;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        SecureRandom random = new SecureRandom();
        random.nextBytes(data16k);
        random.nextBytes(data1k);
        random.nextBytes(hash);
        random.nextBytes(message);
        byte[] aes = new byte[16];
        byte[] hmac = new byte[32];
        random.nextBytes(aes);
        random.nextBytes(hmac);

        if (door.equals("function-call")) {
            Spm spm = Spm.builder().partition(new CryptoPartition()).log(l -> {}).build();
            spm.start();
            FunctionCallClient c = new FunctionCallClient(spm.openSession(NsAgent.trustZone()));
            psa = new PsaCrypto(c);
            closer = c;
        } else {
            dir = Files.createTempDirectory("citadel-bench");
            Path socket = dir.resolve("spe.sock");
            List<String> flags = new ArrayList<>(SpeProcess.JVM_FLAGS);
            if (speJvm.equals("c1")) {
                flags.add("-XX:TieredStopAtLevel=1");
            }
            spe = BenchSpe.launch(socket, flags, 25_000, "crypto");
            SocketClient c = SocketClient.connect(socket, clientSpinNanos);
            psa = new PsaCrypto(c);
            closer = c;
        }

        // The same keys on both sides: PSA gets them imported, the JCA gets them as key objects.
        aesKey = psa.importKey(KeyAttributes.builder().type(KeyType.AES).usage(KeyUsage.ENCRYPT)
                .algorithm(Algorithm.GCM).build(), aes);
        hmacKey = psa.importKey(KeyAttributes.builder().type(KeyType.HMAC).usage(KeyUsage.SIGN_MESSAGE)
                .algorithm(HMAC_SHA256).build(), hmac);
        aesSpec = new SecretKeySpec(aes, "AES");
        hmacJdk = Mac.getInstance("HmacSHA256");
        hmacJdk.init(new SecretKeySpec(hmac, "HmacSHA256"));
        hmacBc = Mac.getInstance("HmacSHA256", BC);
        hmacBc.init(new SecretKeySpec(hmac, "HmacSHA256"));
        sha256Jdk = MessageDigest.getInstance("SHA-256");
        sha256Bc = MessageDigest.getInstance("SHA-256", BC);

        KeyPairGenerator ecGen = KeyPairGenerator.getInstance("EC");
        ecGen.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair p256 = ecGen.generateKeyPair();
        byte[] scalar = unsigned(((ECPrivateKey) p256.getPrivate()).getS(), 32);
        p256Key = psa.importKey(KeyAttributes.builder().type(KeyType.eccKeyPair(EccFamily.SECP_R1))
                .usage(KeyUsage.of(KeyUsage.SIGN_HASH, KeyUsage.VERIFY_HASH)).algorithm(ECDSA_SHA256).build(), scalar);
        p256Signature = psa.signHash(p256Key, ECDSA_SHA256, hash);
        ecdsaSignJdk = Signature.getInstance("NONEwithECDSAinP1363Format");
        ecdsaSignJdk.initSign(p256.getPrivate());
        ecdsaSignBc = Signature.getInstance("NONEwithECDSA", BC);
        ecdsaSignBc.initSign(p256.getPrivate());
        ecdsaVerifyJdk = Signature.getInstance("NONEwithECDSAinP1363Format");
        ecdsaVerifyJdk.initVerify(p256.getPublic());
        ecdsaVerifyBc = Signature.getInstance("NONEwithECDSA", BC);
        ecdsaVerifyBc.initVerify(p256.getPublic());
        ecdsaSignJdk.update(hash);
        ecdsaSignatureP1363 = ecdsaSignJdk.sign();
        ecdsaSignBc.update(hash);
        ecdsaSignatureDer = ecdsaSignBc.sign();

        byte[] seed = new byte[32];
        random.nextBytes(seed);
        ed25519Key = psa.importKey(KeyAttributes.builder().type(KeyType.eccKeyPair(EccFamily.TWISTED_EDWARDS))
                .usage(KeyUsage.SIGN_MESSAGE).algorithm(Algorithm.PURE_EDDSA).build(), seed);
        KeyPair ed = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        ed25519Jdk = Signature.getInstance("Ed25519");
        ed25519Jdk.initSign(ed.getPrivate());
        KeyPair edBc = KeyPairGenerator.getInstance("Ed25519", BC).generateKeyPair();
        ed25519Bc = Signature.getInstance("Ed25519", BC);
        ed25519Bc.initSign(edBc.getPrivate());
    }

    private static byte[] unsigned(BigInteger v, int length) {
        byte[] b = v.toByteArray();
        if (b.length == length) {
            return b;
        }
        byte[] out = new byte[length];
        int n = Math.min(b.length, length);
        System.arraycopy(b, b.length - n, out, length - n, n);
        return out;
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        closer.close();
        if (spe != null) {
            BenchSpe.stop(spe);
            Files.deleteIfExists(dir.resolve("spe.sock"));
            Files.deleteIfExists(dir);
        }
    }

    private byte[] nextNonce() {
        ByteBuffer.wrap(nonce).putLong(4, ++counter);
        return nonce;
    }

    // --- ECDSA P-256 sign_hash / verify_hash

    @Benchmark
    public byte[] ecdsaP256Sign_psa() throws Exception {
        return psa.signHash(p256Key, ECDSA_SHA256, hash);
    }

    @Benchmark
    public byte[] ecdsaP256Sign_jdk() throws Exception {
        ecdsaSignJdk.update(hash);
        return ecdsaSignJdk.sign();
    }

    @Benchmark
    public byte[] ecdsaP256Sign_bc() throws Exception {
        ecdsaSignBc.update(hash);
        return ecdsaSignBc.sign();
    }

    @Benchmark
    public void ecdsaP256Verify_psa() throws Exception {
        psa.verifyHash(p256Key, ECDSA_SHA256, hash, p256Signature);
    }

    @Benchmark
    public boolean ecdsaP256Verify_jdk() throws Exception {
        ecdsaVerifyJdk.update(hash);
        return ecdsaVerifyJdk.verify(ecdsaSignatureP1363);
    }

    @Benchmark
    public boolean ecdsaP256Verify_bc() throws Exception {
        ecdsaVerifyBc.update(hash);
        return ecdsaVerifyBc.verify(ecdsaSignatureDer);
    }

    // --- Ed25519 sign_message (PureEdDSA), 64-byte message

    @Benchmark
    public byte[] ed25519Sign_psa() throws Exception {
        return psa.signMessage(ed25519Key, Algorithm.PURE_EDDSA, message);
    }

    @Benchmark
    public byte[] ed25519Sign_jdk() throws Exception {
        ed25519Jdk.update(message);
        return ed25519Jdk.sign();
    }

    @Benchmark
    public byte[] ed25519Sign_bc() throws Exception {
        ed25519Bc.update(message);
        return ed25519Bc.sign();
    }

    // --- AES-128-GCM encrypt, 16 KiB, no AD

    @Benchmark
    public byte[] aes128Gcm16k_psa() throws Exception {
        return psa.aeadEncrypt(aesKey, Algorithm.GCM, nextNonce(), null, data16k);
    }

    @Benchmark
    public byte[] aes128Gcm16k_jdk() throws Exception {
        Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
        c.init(Cipher.ENCRYPT_MODE, aesSpec, new GCMParameterSpec(128, nextNonce()));
        return c.doFinal(data16k);
    }

    @Benchmark
    public byte[] aes128Gcm16k_bc() throws Exception {
        Cipher c = Cipher.getInstance("AES/GCM/NoPadding", BC);
        c.init(Cipher.ENCRYPT_MODE, aesSpec, new GCMParameterSpec(128, nextNonce()));
        return c.doFinal(data16k);
    }

    // --- SHA-256, 16 KiB

    @Benchmark
    public byte[] sha256_16k_psa() throws Exception {
        return psa.hashCompute(Algorithm.SHA_256, data16k);
    }

    @Benchmark
    public byte[] sha256_16k_jdk() {
        return sha256Jdk.digest(data16k);
    }

    @Benchmark
    public byte[] sha256_16k_bc() {
        return sha256Bc.digest(data16k);
    }

    // --- HMAC-SHA-256, 1 KiB

    @Benchmark
    public byte[] hmacSha256_1k_psa() throws Exception {
        return psa.macCompute(hmacKey, HMAC_SHA256, data1k);
    }

    @Benchmark
    public byte[] hmacSha256_1k_jdk() {
        return hmacJdk.doFinal(data1k);
    }

    @Benchmark
    public byte[] hmacSha256_1k_bc() {
        return hmacBc.doFinal(data1k);
    }

    // --- HMAC-SHA-256, 16 bytes: the fixed cost of a crypto call, next to the smallest real work

    @Benchmark
    public byte[] hmacSha256_16_psa() throws Exception {
        return psa.macCompute(hmacKey, HMAC_SHA256, data16);
    }

    @Benchmark
    public byte[] hmacSha256_16_jdk() {
        return hmacJdk.doFinal(data16);
    }
}
