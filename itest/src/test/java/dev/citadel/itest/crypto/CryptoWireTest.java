package dev.citadel.itest.crypto;

import static dev.citadel.itest.crypto.RawCrypto.HANDLE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.citadel.itest.TestSpe;
import dev.citadel.itest.TestSpe.Door;
import dev.citadel.psa.InVec;
import dev.citadel.psa.OutVec;
import dev.citadel.psa.PsaClient;
import dev.citadel.psa.PsaStatus;
import dev.citadel.psa.TfmService;
import dev.citadel.psa.crypto.Algorithm;
import dev.citadel.psa.crypto.CryptoFunction;
import dev.citadel.psa.crypto.PackIovec;
import dev.citadel.spe.crypto.CryptoPartition;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The Crypto service's request rules ({@code crypto_init.c}, {@code reference/tfm.md} §2.2), through both doors. */
class CryptoWireTest {
    private static final byte[] SHA256_ABC =
            HexFormat.of().parseHex("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");

    private TestSpe spe;

    @BeforeEach
    void start() {
        spe = new TestSpe(new CryptoPartition());
    }

    @AfterEach
    void stop() {
        spe.close();
    }

    private static byte[] abc() {
        return "abc".getBytes(StandardCharsets.US_ASCII);
    }

    private static PackIovec compute() {
        return PackIovec.builder(CryptoFunction.HASH_COMPUTE).alg(Algorithm.SHA_256).build();
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void cryptoServiceAnswersItsVersion(Door door) {
        assertThat(spe.open(door).version(TfmService.CRYPTO.sid())).isEqualTo(1);
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void callWithoutInputVectorsIsGenericError(Door door) {
        PsaClient c = spe.open(door);
        assertThat(c.call(HANDLE, 0, null, new OutVec[] {OutVec.allocate(4)}))
                .isEqualTo(PsaStatus.GENERIC_ERROR.value());
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void onlyZeroLengthInputVectorsCountAsNone(Door door) {
        PsaClient c = spe.open(door);
        assertThat(c.call(HANDLE, 0, new InVec[] {InVec.EMPTY, InVec.EMPTY}, null))
                .isEqualTo(PsaStatus.GENERIC_ERROR.value());
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void packOf55BytesIsGenericError(Door door) {
        PsaClient c = spe.open(door);
        byte[] pack = compute().encode();
        OutVec out = OutVec.allocate(32);
        assertThat(c.call(HANDLE, 0, new InVec[] {InVec.of(pack, 0, 55), InVec.of(abc())}, new OutVec[] {out}))
                .isEqualTo(PsaStatus.GENERIC_ERROR.value());
        assertThat(out.length()).isZero();
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void bytesAfterThe56ByteHeaderAreIgnored(Door door) {
        PsaClient c = spe.open(door);
        byte[] pack = java.util.Arrays.copyOf(compute().encode(), 64);
        OutVec out = OutVec.allocate(32);
        assertThat(c.call(HANDLE, 0, new InVec[] {InVec.of(pack), InVec.of(abc())}, new OutVec[] {out}))
                .isEqualTo(PsaStatus.SUCCESS.value());
        assertThat(out.toByteArray()).isEqualTo(SHA256_ABC);
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void unknownFunctionIdIsNotSupported(Door door) {
        PsaClient c = spe.open(door);
        PackIovec iov = PackIovec.builder().functionId(0x0A00).build();
        assertThat(RawCrypto.call(c, iov, RawCrypto.none())).isEqualTo(PsaStatus.NOT_SUPPORTED.value());
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void unknownFunctionInTheHashGroupIsNotSupported(Door door) {
        PsaClient c = spe.open(door);
        PackIovec iov = PackIovec.builder().functionId(0x0309).alg(Algorithm.SHA_256).build();
        assertThat(RawCrypto.call(c, iov, RawCrypto.none(), OutVec.allocate(4)))
                .isEqualTo(PsaStatus.NOT_SUPPORTED.value());
    }

    @ParameterizedTest
    @EnumSource(value = CryptoFunction.class, names = {"ABANDONED_OPEN_KEY", "ABANDONED_CLOSE_KEY"})
    void functionsOutsideThisSliceAreNotSupported(CryptoFunction function) {
        for (Door door : Door.values()) {
            PsaClient c = spe.open(door);
            assertThat(RawCrypto.call(c, PackIovec.builder(function).build(), RawCrypto.none(), OutVec.allocate(4)))
                    .as("%s through %s", function, door)
                    .isEqualTo(PsaStatus.NOT_SUPPORTED.value());
        }
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void callTypeOtherThanIpcCallIsNotSupported(Door door) {
        PsaClient c = spe.open(door);
        OutVec out = OutVec.allocate(32);
        int status = c.call(HANDLE, 1, new InVec[] {InVec.of(compute().encode()), InVec.of(abc())},
                new OutVec[] {out});
        assertThat(status).isEqualTo(PsaStatus.NOT_SUPPORTED.value());
        assertThat(out.length()).isZero();
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void trailingZeroLengthVectorsAreIgnored(Door door) {
        PsaClient c = spe.open(door);
        OutVec out = OutVec.allocate(32);
        int status = c.call(HANDLE, 0,
                new InVec[] {InVec.of(compute().encode()), InVec.of(abc()), InVec.EMPTY},
                new OutVec[] {out});
        assertThat(status).isEqualTo(PsaStatus.SUCCESS.value());
        assertThat(out.toByteArray()).isEqualTo(SHA256_ABC);

        OutVec out2 = OutVec.allocate(32);
        status = c.call(HANDLE, 0, new InVec[] {InVec.of(compute().encode()), InVec.of(abc())},
                new OutVec[] {out2, OutVec.allocate(0)});
        assertThat(status).isEqualTo(PsaStatus.SUCCESS.value());
        assertThat(out2.toByteArray()).isEqualTo(SHA256_ABC);
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void aMissingInputVectorIsAnEmptyMessage(Door door) {
        PsaClient c = spe.open(door);
        OutVec out = OutVec.allocate(32);
        assertThat(RawCrypto.call(c, compute(), RawCrypto.none(), out)).isEqualTo(PsaStatus.SUCCESS.value());
        assertThat(HexFormat.of().formatHex(out.toByteArray()))
                .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void setupWithoutAHandleVectorIsProgrammerError(Door door) {
        PsaClient c = spe.open(door);
        PackIovec iov = PackIovec.builder(CryptoFunction.HASH_SETUP).alg(Algorithm.SHA_256).build();
        assertThat(RawCrypto.call(c, iov, RawCrypto.none())).isEqualTo(PsaStatus.PROGRAMMER_ERROR.value());
    }
}
