package dev.citadel.itest.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import dev.citadel.itest.TestSpe;
import dev.citadel.itest.TestSpe.Door;
import dev.citadel.ns.Dispatcher;
import dev.citadel.ns.crypto.HashOperation;
import dev.citadel.ns.crypto.PsaCrypto;
import dev.citadel.psa.InVec;
import dev.citadel.psa.OutVec;
import dev.citadel.psa.PartitionIds;
import dev.citadel.psa.PsaClient;
import dev.citadel.psa.PsaException;
import dev.citadel.psa.PsaStatus;
import dev.citadel.psa.crypto.Algorithm;
import dev.citadel.psa.crypto.CryptoFunction;
import dev.citadel.psa.crypto.EccFamily;
import dev.citadel.psa.crypto.KeyAttributes;
import dev.citadel.psa.crypto.KeyLifetime;
import dev.citadel.psa.crypto.KeyType;
import dev.citadel.psa.crypto.KeyUsage;
import dev.citadel.psa.crypto.PackIovec;
import dev.citadel.spe.crypto.BuiltinKeys;
import dev.citadel.spe.crypto.CryptoPartition;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Random and mutated requests to the Crypto service through the socket ({@code docs/robustness.md}): every request
 * gets a PSA status and never a partition panic ({@code SERVICE_FAILURE}), the SPE logs no partition fault, and the
 * service works as before afterwards, with every operation slot free again once the fuzzing client has gone.
 *
 * <p>Bounded by count: {@code -Dcitadel.fuzz.crypto.requests=N} (default 100,000) and
 * {@code -Dcitadel.fuzz.seed=S} to replay a run; the seed is printed.
 */
class CryptoFuzzTest {
    private static final int REQUESTS = Integer.getInteger("citadel.fuzz.crypto.requests", 100_000);
    private static final long SEED = Long.getLong("citadel.fuzz.seed", System.nanoTime());
    private static final int OPERATION_SLOTS = 8;
    private static final int KEY_SLOTS = 32;
    private static final int[] OUT_SIZES = {0, 1, 3, 4, 16, 23, 24, 32, 48, 64, 65, 97, 128, 133, 256, 512, 4096};
    private static final int[] STEPS = {0x0101, 0x0102, 0x0103, 0x0201, 0x0202, 0x0203, 0x0204, 0x0205};
    private static final long[] VALUES = {0, 1, 2, 32, 48, 255, 1000, 4096, 0xFFFFFFFFL, Long.MAX_VALUE, -1};
    private static final List<Algorithm> ALGS = List.of(
            Algorithm.NONE, Algorithm.SHA_1, Algorithm.SHA_224, Algorithm.SHA_256, Algorithm.SHA_384,
            Algorithm.SHA_512, Algorithm.SHA3_256, Algorithm.MD5, Algorithm.ANY_HASH,
            Algorithm.hmac(Algorithm.SHA_256), Algorithm.hmac(Algorithm.SHA_512),
            Algorithm.truncatedMac(Algorithm.hmac(Algorithm.SHA_256), 4),
            Algorithm.atLeastThisLengthMac(Algorithm.hmac(Algorithm.SHA_256), 8), Algorithm.CMAC, Algorithm.CBC_MAC,
            Algorithm.ECB_NO_PADDING, Algorithm.CBC_NO_PADDING, Algorithm.CBC_PKCS7, Algorithm.CTR, Algorithm.CFB,
            Algorithm.OFB, Algorithm.STREAM_CIPHER, Algorithm.XTS, Algorithm.GCM, Algorithm.CCM,
            Algorithm.CHACHA20_POLY1305, Algorithm.aeadWithShortenedTag(Algorithm.GCM, 4),
            Algorithm.aeadWithShortenedTag(Algorithm.CCM, 6),
            Algorithm.ecdsa(Algorithm.SHA_256), Algorithm.deterministicEcdsa(Algorithm.SHA_384),
            Algorithm.ecdsa(Algorithm.ANY_HASH), Algorithm.ECDSA_ANY, Algorithm.PURE_EDDSA,
            Algorithm.rsaPkcs1v15Sign(Algorithm.SHA_256), Algorithm.RSA_PKCS1V15_SIGN_RAW,
            Algorithm.rsaPss(Algorithm.SHA_256), Algorithm.rsaPssAnySalt(Algorithm.SHA_256),
            Algorithm.rsaOaep(Algorithm.SHA_256), Algorithm.RSA_PKCS1V15_CRYPT, Algorithm.ECDH,
            Algorithm.hkdf(Algorithm.SHA_256), Algorithm.hkdfExtract(Algorithm.SHA_256),
            Algorithm.hkdfExpand(Algorithm.SHA_256), Algorithm.tls12Prf(Algorithm.SHA_256),
            Algorithm.tls12PskToMs(Algorithm.SHA_384), Algorithm.pbkdf2Hmac(Algorithm.SHA_256),
            Algorithm.PBKDF2_AES_CMAC_PRF_128,
            Algorithm.keyAgreement(Algorithm.ECDH, Algorithm.hkdf(Algorithm.SHA_256)));
    private static final List<KeyType> TYPES = List.of(KeyType.NONE, KeyType.RAW_DATA, KeyType.HMAC, KeyType.DERIVE,
            KeyType.AES, KeyType.CHACHA20, KeyType.DES, KeyType.eccKeyPair(EccFamily.SECP_R1),
            KeyType.eccPublicKey(EccFamily.SECP_R1), KeyType.eccKeyPair(EccFamily.MONTGOMERY),
            KeyType.eccKeyPair(EccFamily.TWISTED_EDWARDS), KeyType.RSA_PUBLIC_KEY);
    private static final int[] BITS = {0, 1, 8, 128, 192, 255, 256, 384, 521, 1000, 1024, 8192, 65535};

    private TestSpe spe;
    private final Random random = new Random(SEED);
    private final List<Integer> keys = new ArrayList<>();
    private final List<Integer> handles = new ArrayList<>();

    @BeforeEach
    void start() {
        spe = new TestSpe(new CryptoPartition(OPERATION_SLOTS, KEY_SLOTS,
                new dev.citadel.spe.crypto.InMemoryKeyStorage(), BuiltinKeys.hukOnly(new byte[32])));
    }

    @AfterEach
    void stop() {
        spe.close();
    }

    @Test
    void randomAndMutatedRequestsNeverBreakTheService() throws Exception {
        System.out.println("CryptoFuzzTest seed " + SEED + ", " + REQUESTS + " requests");
        Dispatcher fuzzer = spe.open(Door.SOCKET);
        PsaClient[] clients = {fuzzer.defaultClient(), fuzzer.asClient(-2)};
        seedKeys(new PsaCrypto(clients[0]));

        Map<String, Integer> statuses = new TreeMap<>();
        for (int i = 0; i < REQUESTS; i++) {
            PsaClient c = clients[random.nextInt(10) == 0 ? 1 : 0];
            int status = send(c);
            statuses.merge(PsaStatus.describe(status), 1, Integer::sum);
            assertThat(status).as("request %d (seed %d)", i, SEED).isNotEqualTo(PsaStatus.SERVICE_FAILURE.value());
            assertThat(PsaStatus.fromValue(status)).as("request %d gave unknown status %d", i, status).isNotNull();
        }
        System.out.println("CryptoFuzzTest statuses " + statuses);
        assertThat(spe.spm.panics(PartitionIds.CRYPTO)).isZero();
        assertThat(spe.log).noneMatch(line -> line.contains("partition fault") || line.contains("internal error"));
        // The campaign must have reached the services, not just the dispatch's refusals.
        assertThat(statuses.get(PsaStatus.describe(PsaStatus.SUCCESS.value()))).isGreaterThan(REQUESTS / 50);

        fuzzer.close();
        stillWorksForANewClient();
    }

    /** Every operation slot is free again once the fuzzing client has gone, and known answers still come out. */
    private void stillWorksForANewClient() throws Exception {
        PsaCrypto c = new PsaCrypto(spe.open(Door.SOCKET));
        List<HashOperation> ops = new ArrayList<>();
        // A liveness bound, not a timing check: generous, as a loaded machine may take seconds to drain the session.
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (ops.size() < OPERATION_SLOTS) {
            try {
                ops.add(c.hashSetup(Algorithm.SHA_256));
            } catch (PsaException e) {
                // The socket session of the fuzzer ends asynchronously after its close; bounded wait.
                assertThat(e.psaStatus()).isEqualTo(PsaStatus.NOT_PERMITTED);
                assertThat(System.nanoTime()).isLessThan(deadline);
                Thread.sleep(5);
            }
        }
        for (HashOperation op : ops) {
            op.update("abc".getBytes());
            assertThat(op.finish()).isEqualTo(MessageDigest.getInstance("SHA-256").digest("abc".getBytes()));
        }
        int key = c.importKey(KeyAttributes.builder().type(KeyType.AES).usage(KeyUsage.EXPORT).build(),
                HexFormat.of().parseHex("000102030405060708090a0b0c0d0e0f"));
        assertThat(c.exportKey(key)).hasSize(16);
    }

    private void seedKeys(PsaCrypto c) throws PsaException {
        KeyUsage all = KeyUsage.of(KeyUsage.EXPORT, KeyUsage.COPY, KeyUsage.ENCRYPT, KeyUsage.DECRYPT,
                KeyUsage.SIGN_HASH, KeyUsage.VERIFY_HASH, KeyUsage.DERIVE);
        keys.add(c.importKey(KeyAttributes.builder().type(KeyType.AES).usage(all).algorithm(Algorithm.GCM)
                .algorithm2(Algorithm.CTR).build(), new byte[16]));
        keys.add(c.importKey(KeyAttributes.builder().type(KeyType.AES).usage(all).algorithm(Algorithm.CMAC)
                .algorithm2(Algorithm.CBC_NO_PADDING).build(), new byte[32]));
        keys.add(c.importKey(KeyAttributes.builder().type(KeyType.HMAC).usage(all)
                .algorithm(Algorithm.hmac(Algorithm.SHA_256)).build(), new byte[32]));
        keys.add(c.importKey(KeyAttributes.builder().type(KeyType.DERIVE).usage(all)
                .algorithm(Algorithm.hkdf(Algorithm.SHA_256)).build(), new byte[32]));
        keys.add(c.importKey(KeyAttributes.builder().type(KeyType.CHACHA20).usage(all)
                .algorithm(Algorithm.CHACHA20_POLY1305).algorithm2(Algorithm.STREAM_CIPHER).build(), new byte[32]));
        keys.add(c.importKey(KeyAttributes.builder().type(KeyType.AES).lifetime(KeyLifetime.PERSISTENT).id(1)
                .usage(all).algorithm(Algorithm.CCM).build(), new byte[16]));
        keys.add(BuiltinKeys.HUK_ID);
    }

    /** One request: mostly a well-formed one with random fields, sometimes with its bytes mutated. */
    private int send(PsaClient c) {
        CryptoFunction[] functions = CryptoFunction.values();
        PackIovec.Builder b = random.nextInt(20) == 0
                ? PackIovec.builder().functionId(random.nextInt(0x10000))
                : PackIovec.builder(functions[random.nextInt(functions.length)]);
        b.keyId(pickKey()).alg(pick(ALGS)).opHandle(pickHandle());
        if (random.nextInt(4) == 0) {
            b.adLength(random.nextInt(64)).plaintextLength(random.nextInt(64));
        }
        if (random.nextBoolean()) {
            byte[] nonce = new byte[random.nextInt(PackIovec.MAX_NONCE_LENGTH + 1)];
            random.nextBytes(nonce);
            b.nonce(nonce);
        }
        b.step(random.nextInt(10) == 0 ? random.nextInt(0x10000) : STEPS[random.nextInt(STEPS.length)]);
        b.value(random.nextInt(4) == 0 ? random.nextLong() : VALUES[random.nextInt(VALUES.length)]);
        PackIovec iov = b.build();
        byte[] head = iov.encode();
        if (random.nextInt(10) == 0) {
            head = mutate(head);
        }
        int inCount = random.nextInt(4);
        InVec[] in = new InVec[1 + inCount];
        in[0] = InVec.of(head);
        for (int i = 1; i <= inCount; i++) {
            in[i] = InVec.of(randomInput());
        }
        int outCount = random.nextInt(4);
        if (1 + inCount + outCount > 4) {
            outCount = 4 - 1 - inCount;
        }
        OutVec[] out = new OutVec[outCount];
        for (int i = 0; i < outCount; i++) {
            out[i] = OutVec.allocate(OUT_SIZES[random.nextInt(OUT_SIZES.length)]);
        }
        int status = c.call(RawCrypto.HANDLE, 0, in, out.length == 0 ? null : out);
        learn(iov, status, out);
        return status;
    }

    /** Remembers new keys and operation handles, so that later requests use them, and keeps the key table open. */
    private void learn(PackIovec iov, int status, OutVec[] out) {
        if (status != PsaStatus.SUCCESS.value() || out.length == 0 || out[0].length() != 4) {
            return;
        }
        int value = RawCrypto.u32(out[0]);
        CryptoFunction f = iov.function().orElse(null);
        if (f == null) {
            return;
        }
        String name = f.name();
        if (name.endsWith("_SETUP") || f == CryptoFunction.HASH_CLONE) {
            handles.add(value);
            if (handles.size() > 16) {
                handles.remove(0);
            }
        } else if (f == CryptoFunction.IMPORT_KEY || f == CryptoFunction.GENERATE_KEY || f == CryptoFunction.COPY_KEY
                || name.equals("KEY_DERIVATION_OUTPUT_KEY")) {
            keys.add(value);
            if (keys.size() > 20) {
                keys.remove(7); // the seeded keys stay; the fuzzer's own are destroyed by later DESTROY_KEY picks
            }
        }
    }

    private byte[] randomInput() {
        switch (random.nextInt(6)) {
            case 0:
                return attributes();
            case 1:
                return new byte[] {(byte) random.nextInt(), 0, 0, 0};
            case 2:
                return new byte[0];
            default: {
                int[] sizes = {1, 4, 12, 13, 15, 16, 17, 20, 24, 28, 32, 33, 48, 64, 65, 97, 100, 133, 256, 1000};
                byte[] b = new byte[random.nextInt(3) == 0 ? random.nextInt(5000) : sizes[random.nextInt(sizes.length)]];
                random.nextBytes(b);
                return b;
            }
        }
    }

    private byte[] attributes() {
        KeyUsage usage = KeyUsage.of(random.nextInt(8) == 0 ? random.nextInt() : random.nextInt(0x10000) & 0xFF07);
        int lifetime = random.nextInt(6) == 0 ? random.nextInt() : random.nextInt(3) == 0 ? 1 : 0;
        int id = lifetime == 0 && random.nextBoolean() ? 0 : random.nextInt(4) == 0 ? random.nextInt() : random.nextInt(8);
        KeyAttributes a = new KeyAttributes(pick(TYPES), BITS[random.nextInt(BITS.length)], KeyLifetime.of(lifetime),
                usage, pick(ALGS), pick(ALGS), id);
        byte[] wire = a.toClientWire();
        return random.nextInt(10) == 0 ? mutate(wire) : wire;
    }

    private byte[] mutate(byte[] b) {
        byte[] m = b.clone();
        switch (random.nextInt(4)) {
            case 0:
                return java.util.Arrays.copyOf(m, random.nextInt(m.length + 1));
            case 1:
                return java.util.Arrays.copyOf(m, m.length + 1 + random.nextInt(8));
            default:
                for (int k = 1 + random.nextInt(4); k > 0; k--) {
                    m[random.nextInt(m.length)] ^= (byte) (1 << random.nextInt(8));
                }
                return m;
        }
    }

    private int pickKey() {
        int r = random.nextInt(20);
        if (r == 0) {
            return random.nextInt();
        }
        if (r == 1) {
            return 0;
        }
        return keys.get(random.nextInt(keys.size()));
    }

    private int pickHandle() {
        int r = random.nextInt(10);
        if (r < 4 || handles.isEmpty()) {
            return 0;
        }
        if (r == 4) {
            return random.nextInt(OPERATION_SLOTS + 2);
        }
        if (r == 5) {
            return random.nextInt();
        }
        return handles.get(random.nextInt(handles.size()));
    }

    private <T> T pick(List<T> list) {
        return list.get(random.nextInt(list.size()));
    }
}
