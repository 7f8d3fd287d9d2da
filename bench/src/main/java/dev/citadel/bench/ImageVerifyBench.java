package dev.citadel.bench;

import dev.citadel.boot.image.ImageSigner;
import dev.citadel.boot.image.ImageVerifier;
import dev.citadel.boot.image.ImageVersion;
import dev.citadel.boot.image.SignOptions;
import dev.citadel.boot.image.VerificationResult;
import dev.citadel.boot.keys.ImagePublicKey;
import dev.citadel.boot.keys.ImageSigningKey;
import dev.citadel.boot.keys.KeyType;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * BL2's verification of a 1 MiB image ({@link ImageVerifier#verify}: bounds, TLV walk, SHA-256 over header, payload
 * and protected TLVs, key match, signature) against its floor measured in the same run: one SHA-256 over the same
 * bytes plus one verification of the same signature ({@code baseline}); {@code sha256} and {@code signature} alone
 * show the split.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(2)
@State(Scope.Benchmark)
public class ImageVerifyBench {
    @Param({"ecdsa-p256", "ed25519"})
    public String key;

    private byte[] image;
    private int hashed;
    private byte[] digest;
    private byte[] signature;
    private ImagePublicKey publicKey;
    private ImageVerifier verifier;

    @Setup
    public void setUp() throws Exception {
        SecureRandom random = new SecureRandom();
        ImageSigningKey k = ImageSigningKey.generate(KeyType.ofImgtoolName(key), random);
        publicKey = k.publicKey();
        byte[] payload = new byte[1 << 20];
        random.nextBytes(payload);
        image = new ImageSigner(random).sign(payload, SignOptions.builder().key(k)
                .version(ImageVersion.parse("1.0.0")).headerSize(0x400).padHeader(true).slotSize(2 << 20)
                .securityCounterAuto().bootRecord("NSPE").build());
        verifier = ImageVerifier.builder().trustKey(publicKey).slotSize(2 << 20).build();
        VerificationResult r = verifier.verify(image);
        if (!(r instanceof VerificationResult.Valid v)) {
            throw new IllegalStateException("the benchmark image does not verify: " + r);
        }
        hashed = (int) v.image().header().hashedLength();
        digest = MessageDigest.getInstance("SHA-256").digest(java.util.Arrays.copyOf(image, hashed));
        signature = k.sign(digest, random);
    }

    @Benchmark
    public Object verifyImage() {
        return verifier.verify(image);
    }

    @Benchmark
    public boolean baseline() throws Exception {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        md.update(image, 0, hashed);
        return publicKey.verify(md.digest(), signature);
    }

    @Benchmark
    public byte[] sha256() throws Exception {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        md.update(image, 0, hashed);
        return md.digest();
    }

    @Benchmark
    public boolean signature() {
        return publicKey.verify(digest, signature);
    }
}
