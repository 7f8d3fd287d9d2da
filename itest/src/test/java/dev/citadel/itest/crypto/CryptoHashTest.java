package dev.citadel.itest.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.citadel.itest.TestSpe;
import dev.citadel.itest.TestSpe.Door;
import dev.citadel.ns.Dispatcher;
import dev.citadel.ns.crypto.HashOperation;
import dev.citadel.ns.crypto.PsaCrypto;
import dev.citadel.psa.InVec;
import dev.citadel.psa.OutVec;
import dev.citadel.psa.PsaClient;
import dev.citadel.psa.PsaException;
import dev.citadel.psa.PsaStatus;
import dev.citadel.psa.crypto.Algorithm;
import dev.citadel.psa.crypto.CryptoFunction;
import dev.citadel.psa.crypto.PackIovec;
import dev.citadel.spe.crypto.CryptoPartition;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/** The Random and Hash groups of the Crypto service, through {@link PsaCrypto} and raw calls, through both doors. */
class CryptoHashTest {
    private static final int SUCCESS = PsaStatus.SUCCESS.value();
    private static final int BAD_STATE = PsaStatus.BAD_STATE.value();

    private TestSpe spe;

    @BeforeEach
    void start() {
        spe = new TestSpe(new CryptoPartition());
    }

    @AfterEach
    void stop() {
        spe.close();
    }

    private PsaCrypto crypto(Door door) {
        return new PsaCrypto(spe.open(door));
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] hex(String s) {
        return HexFormat.of().parseHex(s);
    }

    private static void assertStatus(ThrowingCallable call, PsaStatus status) {
        assertThatThrownBy(call)
                .isInstanceOf(PsaException.class)
                .satisfies(e -> assertThat(((PsaException) e).psaStatus()).isEqualTo(status));
    }

    /** FIPS 180-4 and FIPS 202 example digests of "abc" and of the empty message. */
    static Stream<Arguments> knownAnswers() {
        Object[][] vectors = {
            {Algorithm.SHA_1, "abc", "a9993e364706816aba3e25717850c26c9cd0d89d"},
            {Algorithm.SHA_1, "", "da39a3ee5e6b4b0d3255bfef95601890afd80709"},
            {Algorithm.SHA_224, "abc", "23097d223405d8228642a477bda255b32aadbce4bda0b3f7e36c9da7"},
            {Algorithm.SHA_224, "", "d14a028c2a3a2bc9476102bb288234c415a2b01f828ea62ac5b3e42f"},
            {Algorithm.SHA_256, "abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"},
            {Algorithm.SHA_256, "", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"},
            {Algorithm.SHA_384, "abc", "cb00753f45a35e8bb5a03d699ac65007272c32ab0eded163"
                    + "1a8b605a43ff5bed8086072ba1e7cc2358baeca134c825a7"},
            {Algorithm.SHA_384, "", "38b060a751ac96384cd9327eb1b1e36a21fdb71114be0743"
                    + "4c0cc7bf63f6e1da274edebfe76f65fbd51ad2f14898b95b"},
            {Algorithm.SHA_512, "abc", "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a"
                    + "2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f"},
            {Algorithm.SHA_512, "", "cf83e1357eefb8bdf1542850d66d8007d620e4050b5715dc83f4a921d36ce9ce"
                    + "47d0d13c5d85f2b0ff8318d2877eec2f63b931bd47417a81a538327af927da3e"},
            {Algorithm.SHA3_256, "abc", "3a985da74fe225b2045c172d6bd390bd855f086e3e9d525b46bfe24511431532"},
            {Algorithm.SHA3_256, "", "a7ffc6f8bf1ed76651c14756a061d662f580ff4de43b49fa82d80a4b80f8434a"},
        };
        List<Arguments> args = new ArrayList<>();
        for (Door door : Door.values()) {
            for (Object[] v : vectors) {
                args.add(Arguments.of(door, v[0], v[1], v[2]));
            }
        }
        return args.stream();
    }

    @ParameterizedTest(name = "{0} {1} \"{2}\"")
    @MethodSource("knownAnswers")
    void hashComputeGivesTheKnownAnswer(Door door, Algorithm alg, String message, String digest) throws Exception {
        assertThat(HexFormat.of().formatHex(crypto(door).hashCompute(alg, ascii(message)))).isEqualTo(digest);
    }

    @ParameterizedTest(name = "{0} {1} \"{2}\"")
    @MethodSource("knownAnswers")
    void multiPartHashGivesTheKnownAnswer(Door door, Algorithm alg, String message, String digest) throws Exception {
        try (HashOperation op = crypto(door).hashSetup(alg)) {
            op.update(ascii(message));
            assertThat(HexFormat.of().formatHex(op.finish())).isEqualTo(digest);
        }
    }

    @ParameterizedTest(name = "{0} {1} \"{2}\"")
    @MethodSource("knownAnswers")
    void hashCompareAndVerifyAcceptTheKnownAnswer(Door door, Algorithm alg, String message, String digest)
            throws Exception {
        PsaCrypto c = crypto(door);
        c.hashCompare(alg, ascii(message), hex(digest));
        try (HashOperation op = c.hashSetup(alg)) {
            op.update(ascii(message));
            op.verify(hex(digest));
            assertThat(op.isActive()).isFalse();
        }
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void multiPartInSeveralChunksEqualsOneShot(Door door) throws Exception {
        PsaCrypto c = crypto(door);
        byte[] data = new byte[10_000];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) (i * 31 + 7);
        }
        for (Algorithm alg : new Algorithm[] {Algorithm.SHA_256, Algorithm.SHA_512_224, Algorithm.SHA_512_256,
            Algorithm.SHA3_224, Algorithm.SHA3_384, Algorithm.SHA3_512}) {
            try (HashOperation op = c.hashSetup(alg)) {
                op.update(data, 0, 1);
                op.update(data, 1, 0);
                op.update(data, 1, 4095);
                op.update(data, 4096, data.length - 4096);
                assertThat(op.finish()).as("%s", alg).isEqualTo(c.hashCompute(alg, data));
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void cloneContinuesIndependently(Door door) throws Exception {
        PsaCrypto c = crypto(door);
        try (HashOperation op = c.hashSetup(Algorithm.SHA_256)) {
            op.update(ascii("ab"));
            try (HashOperation copy = op.cloneOperation()) {
                op.update(ascii("c"));
                copy.update(ascii("x"));
                assertThat(op.finish()).isEqualTo(c.hashCompute(Algorithm.SHA_256, ascii("abc")));
                assertThat(copy.finish()).isEqualTo(c.hashCompute(Algorithm.SHA_256, ascii("abx")));
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void hashCompareMismatchIsInvalidSignature(Door door) throws Exception {
        PsaCrypto c = crypto(door);
        byte[] digest = c.hashCompute(Algorithm.SHA_256, ascii("abc"));
        digest[31] ^= 1;
        assertStatus(() -> c.hashCompare(Algorithm.SHA_256, ascii("abc"), digest), PsaStatus.INVALID_SIGNATURE);
        assertStatus(() -> c.hashCompare(Algorithm.SHA_256, ascii("abc"), new byte[31]),
                PsaStatus.INVALID_SIGNATURE);
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void hashVerifyMismatchIsInvalidSignatureAndKeepsTheSlotUntilAbort(Door door) throws Exception {
        PsaCrypto c = crypto(door);
        HashOperation op = c.hashSetup(Algorithm.SHA_256);
        op.update(ascii("abc"));
        assertStatus(() -> op.verify(new byte[32]), PsaStatus.INVALID_SIGNATURE);
        assertThat(op.isActive()).isTrue();
        assertStatus(() -> op.update(ascii("more")), PsaStatus.BAD_STATE);
        op.abort();
        assertThat(op.isActive()).isFalse();
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void hashComputeIntoABufferOneByteTooSmallIsBufferTooSmall(Door door) throws Exception {
        PsaCrypto c = crypto(door);
        assertStatus(() -> c.hashCompute(Algorithm.SHA_256, ascii("abc"), new byte[31]), PsaStatus.BUFFER_TOO_SMALL);
        byte[] roomy = new byte[40];
        assertThat(c.hashCompute(Algorithm.SHA_256, ascii("abc"), roomy)).isEqualTo(32);
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void finishIntoABufferOneByteTooSmallIsBufferTooSmallAndKeepsTheSlot(Door door) {
        PsaClient c = spe.open(door);
        int h = setupRaw(c, Algorithm.SHA_384);
        OutVec handleOut = OutVec.allocate(4);
        OutVec hash = OutVec.allocate(47);
        assertThat(RawCrypto.call(c, op(CryptoFunction.HASH_FINISH, h), RawCrypto.none(), handleOut, hash))
                .isEqualTo(PsaStatus.BUFFER_TOO_SMALL.value());
        assertThat(RawCrypto.u32(handleOut)).isEqualTo(h);
        assertThat(hash.length()).isZero();
        assertThat(RawCrypto.call(c, op(CryptoFunction.HASH_UPDATE, h), new InVec[] {InVec.of(ascii("x"))}))
                .isEqualTo(BAD_STATE);
        OutVec abortOut = OutVec.allocate(4);
        assertThat(RawCrypto.call(c, op(CryptoFunction.HASH_ABORT, h), RawCrypto.none(), abortOut))
                .isEqualTo(SUCCESS);
        assertThat(RawCrypto.u32(abortOut)).isZero();
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void nonHashAlgorithmIsInvalidArgument(Door door) {
        PsaCrypto c = crypto(door);
        Algorithm hmac = Algorithm.hmac(Algorithm.SHA_256);
        assertStatus(() -> c.hashCompute(hmac, ascii("abc")), PsaStatus.INVALID_ARGUMENT);
        assertStatus(() -> c.hashCompare(hmac, ascii("abc"), new byte[32]), PsaStatus.INVALID_ARGUMENT);
        assertStatus(() -> c.hashSetup(hmac), PsaStatus.INVALID_ARGUMENT);
        assertStatus(() -> c.hashSetup(Algorithm.ANY_HASH), PsaStatus.INVALID_ARGUMENT);
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void hashTheBackendLacksIsNotSupported(Door door) {
        PsaCrypto c = crypto(door);
        for (Algorithm alg : new Algorithm[] {Algorithm.MD5, Algorithm.RIPEMD160, Algorithm.SM3,
            Algorithm.SHAKE256_512}) {
            assertStatus(() -> c.hashCompute(alg, ascii("abc")), PsaStatus.NOT_SUPPORTED);
            assertStatus(() -> c.hashSetup(alg), PsaStatus.NOT_SUPPORTED);
        }
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void canDoHashAnswersPerAlgorithm(Door door) throws Exception {
        PsaCrypto c = crypto(door);
        assertThat(c.canDoHash(Algorithm.SHA_256)).isTrue();
        assertThat(c.canDoHash(Algorithm.SHA3_512)).isTrue();
        assertThat(c.canDoHash(Algorithm.SM3)).isFalse();
        assertThat(c.canDoHash(Algorithm.hmac(Algorithm.SHA_256))).isFalse();
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void failedSetupTakesNoSlot(Door door) throws Exception {
        PsaCrypto c = crypto(door);
        for (int i = 0; i < 20; i++) {
            assertStatus(() -> c.hashSetup(Algorithm.SM3), PsaStatus.NOT_SUPPORTED);
        }
        List<HashOperation> ops = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            ops.add(c.hashSetup(Algorithm.SHA_256));
        }
        for (HashOperation op : ops) {
            op.close();
        }
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void operationHandlesBelongToTheClientThatSetThemUp(Door door) {
        Dispatcher d = spe.open(door);
        PsaClient owner = d.asClient(-1);
        PsaClient other = d.asClient(-2);
        int h = setupRaw(owner, Algorithm.SHA_256);

        assertThat(RawCrypto.call(other, op(CryptoFunction.HASH_UPDATE, h), new InVec[] {InVec.of(ascii("x"))}))
                .isEqualTo(BAD_STATE);
        OutVec handleOut = OutVec.allocate(4);
        assertThat(RawCrypto.call(other, op(CryptoFunction.HASH_FINISH, h), RawCrypto.none(), handleOut,
                OutVec.allocate(32))).isEqualTo(BAD_STATE);
        assertThat(RawCrypto.u32(handleOut)).isEqualTo(h);
        assertThat(RawCrypto.call(other, op(CryptoFunction.HASH_CLONE, h), new InVec[] {InVec.of(RawCrypto.le32(0))},
                OutVec.allocate(4))).isEqualTo(BAD_STATE);
        // Another client's abort of the handle succeeds, as for any handle it cannot use, but frees nothing.
        assertThat(RawCrypto.call(other, op(CryptoFunction.HASH_ABORT, h), RawCrypto.none(), OutVec.allocate(4)))
                .isEqualTo(SUCCESS);

        assertThat(RawCrypto.call(owner, op(CryptoFunction.HASH_UPDATE, h), new InVec[] {InVec.of(ascii("abc"))}))
                .isEqualTo(SUCCESS);
        OutVec hash = OutVec.allocate(32);
        OutVec released = OutVec.allocate(4);
        assertThat(RawCrypto.call(owner, op(CryptoFunction.HASH_FINISH, h), RawCrypto.none(), released, hash))
                .isEqualTo(SUCCESS);
        assertThat(RawCrypto.u32(released)).isZero();
        assertThat(hash.toByteArray())
                .isEqualTo(hex("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"));
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void ninthConcurrentOperationIsNotPermitted(Door door) throws Exception {
        Dispatcher d = spe.open(door);
        List<HashOperation> ops = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            // Spread over clients: the table is the partition's, not a client's.
            ops.add(new PsaCrypto(d.asClient(-1 - i % 3)).hashSetup(Algorithm.SHA_256));
        }
        PsaCrypto c = new PsaCrypto(d);
        assertStatus(() -> c.hashSetup(Algorithm.SHA_256), PsaStatus.NOT_PERMITTED);
        assertStatus(() -> ops.get(0).cloneOperation(), PsaStatus.NOT_PERMITTED);

        ops.get(3).abort();
        try (HashOperation again = c.hashSetup(Algorithm.SHA_256)) {
            assertThat(again.isActive()).isTrue();
        }
        for (HashOperation op : ops) {
            op.close();
        }
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void slotsAreReusableAfterFinishVerifyAndAbort(Door door) throws Exception {
        PsaCrypto c = crypto(door);
        byte[] expected = c.hashCompute(Algorithm.SHA_1, ascii("abc"));
        for (int i = 0; i < 10; i++) {
            HashOperation finished = c.hashSetup(Algorithm.SHA_1);
            finished.update(ascii("abc"));
            assertThat(finished.finish()).isEqualTo(expected);
            assertThat(finished.isActive()).isFalse();

            HashOperation verified = c.hashSetup(Algorithm.SHA_1);
            verified.update(ascii("abc"));
            verified.verify(expected);

            HashOperation aborted = c.hashSetup(Algorithm.SHA_1);
            aborted.abort();
        }
        List<HashOperation> ops = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            ops.add(c.hashSetup(Algorithm.SHA_1));
        }
        for (HashOperation op : ops) {
            op.close();
        }
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void setupWithANonZeroHandleIsBadState(Door door) {
        PsaClient c = spe.open(door);
        OutVec out = OutVec.allocate(4);
        PackIovec iov = PackIovec.builder(CryptoFunction.HASH_SETUP).alg(Algorithm.SHA_256).opHandle(5).build();
        assertThat(RawCrypto.call(c, iov, RawCrypto.none(), out)).isEqualTo(BAD_STATE);
        assertThat(RawCrypto.u32(out)).isEqualTo(5);
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void cloneIntoANonZeroTargetIsBadState(Door door) {
        PsaClient c = spe.open(door);
        int h = setupRaw(c, Algorithm.SHA_256);
        OutVec out = OutVec.allocate(4);
        assertThat(RawCrypto.call(c, op(CryptoFunction.HASH_CLONE, h), new InVec[] {InVec.of(RawCrypto.le32(3))},
                out)).isEqualTo(BAD_STATE);
        assertThat(RawCrypto.u32(out)).isEqualTo(3);
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void abortOfAnUnknownHandleSucceeds(Door door) {
        PsaClient c = spe.open(door);
        OutVec out = OutVec.allocate(4);
        assertThat(RawCrypto.call(c, op(CryptoFunction.HASH_ABORT, 77), RawCrypto.none(), out)).isEqualTo(SUCCESS);
        assertThat(RawCrypto.u32(out)).isEqualTo(77);
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void operationIsOverAfterFinish(Door door) throws Exception {
        PsaCrypto c = crypto(door);
        HashOperation op = c.hashSetup(Algorithm.SHA_256);
        op.finish();
        assertStatus(() -> op.update(ascii("abc")), PsaStatus.BAD_STATE);
        assertStatus(op::finish, PsaStatus.BAD_STATE);
        assertStatus(op::cloneOperation, PsaStatus.BAD_STATE);
        op.abort();
        op.close();
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void generateRandomFillsTheRequestedLength(Door door) throws Exception {
        PsaCrypto c = crypto(door);
        assertThat(c.generateRandom(0)).isEmpty();
        for (int length : new int[] {1, 32, 1024}) {
            assertThat(c.generateRandom(length)).hasSize(length);
        }
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void generateRandomDiffersBetweenCalls(Door door) throws Exception {
        PsaCrypto c = crypto(door);
        for (int length : new int[] {32, 1024}) {
            assertThat(c.generateRandom(length)).isNotEqualTo(c.generateRandom(length));
        }
        Set<Byte> singles = new HashSet<>();
        for (int i = 0; i < 16; i++) {
            singles.add(c.generateRandom(1)[0]); // 16 equal bytes in a row: p = 2^-120
        }
        assertThat(singles).hasSizeGreaterThan(1);
    }

    private static PackIovec op(CryptoFunction f, int handle) {
        return PackIovec.builder(f).opHandle(handle).build();
    }

    private static int setupRaw(PsaClient c, Algorithm alg) {
        OutVec out = OutVec.allocate(4);
        PackIovec iov = PackIovec.builder(CryptoFunction.HASH_SETUP).alg(alg).build();
        assertThat(RawCrypto.call(c, iov, RawCrypto.none(), out)).isEqualTo(SUCCESS);
        int h = RawCrypto.u32(out);
        assertThat(h).isBetween(1, 8);
        return h;
    }
}
