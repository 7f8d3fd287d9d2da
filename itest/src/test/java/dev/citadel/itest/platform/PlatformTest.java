package dev.citadel.itest.platform;

import static org.assertj.core.api.Assertions.assertThat;

import dev.citadel.hal.flash.FlashDevice;
import dev.citadel.hal.nv.NvCounterId;
import dev.citadel.hal.nv.NvCounters;
import dev.citadel.itest.TestSpe;
import dev.citadel.itest.TestSpe.Door;
import dev.citadel.itest.partitions.PlatformProxyPartition;
import dev.citadel.ns.Dispatcher;
import dev.citadel.ns.platform.PsaPlatform;
import dev.citadel.psa.InVec;
import dev.citadel.psa.OutVec;
import dev.citadel.psa.PartitionIds;
import dev.citadel.psa.Psa;
import dev.citadel.psa.PsaClient;
import dev.citadel.psa.PsaStatus;
import dev.citadel.psa.StatelessHandle;
import dev.citadel.psa.TfmService;
import dev.citadel.psa.platform.PlatformError;
import dev.citadel.psa.platform.PlatformWire;
import dev.citadel.spe.platform.PlatformPartition;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The Platform service ({@code TFM_PLATFORM_SERVICE}) through both doors: NV counters over a counter flash file,
 * TF-M's permissions (PS counters for the PS partition, NS counters for NS callers, nothing else), TF-M's replies to
 * malformed vectors, and the system reset request as the SPE host sees it.
 */
class PlatformTest {
    private static final int PROXY_PS_SID = 0xF0B0;
    private static final int PROXY_OTHER_SID = 0xF0B1;
    private static final int PROXY_PS_HANDLE = StatelessHandle.encode(11, 1);
    private static final int PROXY_OTHER_HANDLE = StatelessHandle.encode(12, 1);
    private static final int OTHER_PID = 303;
    private static final int HANDLE = TfmService.PLATFORM.handle();

    @TempDir
    Path dir;

    private FlashDevice flash;
    private NvCounters counters;
    private final List<Integer> resets = Collections.synchronizedList(new ArrayList<>());
    private TestSpe spe;

    @BeforeEach
    void start() throws Exception {
        flash = FlashDevice.openFile(dir.resolve("nv_counters.bin"), NvCounters.GEOMETRY);
        counters = NvCounters.open(flash);
    }

    @AfterEach
    void stop() throws Exception {
        if (spe != null) {
            spe.close();
        }
        flash.close();
    }

    /** Starts the SPE on the current counters; a test may change the counters beforehand. */
    private TestSpe spe() {
        if (spe == null) {
            spe = new TestSpe(new PlatformPartition(counters, resets::add),
                    new PlatformProxyPartition("PLATFORM_PROXY_PS", PartitionIds.PROTECTED_STORAGE, PROXY_PS_SID, 11),
                    new PlatformProxyPartition("PLATFORM_PROXY_OTHER", OTHER_PID, PROXY_OTHER_SID, 12));
        }
        return spe;
    }

    private PsaPlatform platform(Door door) {
        return new PsaPlatform(spe().open(door));
    }

    private static byte[] le32(int v) {
        return ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(v).array();
    }

    private static long read(PsaPlatform p, int counter) {
        byte[] val = new byte[4];
        assertThat(p.nvCounterRead(counter, val)).isEqualTo(PlatformError.SUCCESS);
        return PsaPlatform.counterValue(val);
    }

    /** A raw Platform call through a secure proxy: the status, and {@code out} holds what was written. */
    private int viaProxy(Door door, int proxyHandle, int type, int counterId, OutVec... out) {
        return spe().open(door).call(proxyHandle, type, new InVec[] {InVec.of(le32(counterId))},
                out.length == 0 ? null : out);
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void nsCountersStartAtZero(Door door) {
        PsaPlatform p = platform(door);
        for (int i = 0; i < PlatformWire.NS_COUNTERS; i++) {
            assertThat(read(p, i)).isZero();
        }
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void incrementAddsOneToTheNamedNsCounterOnly(Door door) {
        PsaPlatform p = platform(door);
        assertThat(p.nvCounterIncrement(1)).isEqualTo(PlatformError.SUCCESS);
        assertThat(p.nvCounterIncrement(1)).isEqualTo(PlatformError.SUCCESS);
        assertThat(read(p, 1)).isEqualTo(2);
        assertThat(read(p, 0)).isZero();
        assertThat(read(p, 2)).isZero();
        // NS index 1 is the platform's NS_1 counter.
        assertThat(counters.read(NvCounterId.NS_1)).isEqualTo(2);
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void readReturnsALittleEndianU32(Door door) throws Exception {
        counters.set(NvCounterId.NS_2, 0x01020304L);
        byte[] val = new byte[4];
        assertThat(platform(door).nvCounterRead(2, val)).isEqualTo(PlatformError.SUCCESS);
        assertThat(val).containsExactly(0x04, 0x03, 0x02, 0x01);
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void allNsClientsShareTheNsCounters(Door door) {
        Dispatcher d = spe().open(door);
        assertThat(new PsaPlatform(d.asClient(-1)).nvCounterIncrement(0)).isEqualTo(PlatformError.SUCCESS);
        assertThat(read(new PsaPlatform(d.asClient(-2)), 0)).isEqualTo(1);
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void countersSurviveANewPartitionOnTheSameFile(Door door) throws Exception {
        PsaPlatform p = platform(door);
        for (int i = 0; i < 3; i++) {
            assertThat(p.nvCounterIncrement(0)).isEqualTo(PlatformError.SUCCESS);
        }
        spe.close();
        spe = null;
        flash.close();
        flash = FlashDevice.openFile(dir.resolve("nv_counters.bin"), NvCounters.GEOMETRY);
        counters = NvCounters.open(flash);

        PsaPlatform after = platform(door);
        assertThat(read(after, 0)).isEqualTo(3);
        assertThat(after.nvCounterIncrement(0)).isEqualTo(PlatformError.SUCCESS);
        assertThat(read(after, 0)).isEqualTo(4);
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void incrementAtTheMaximumFailsAndLeavesTheCounter(Door door) throws Exception {
        counters.set(NvCounterId.NS_0, NvCounters.MAX_VALUE);
        PsaPlatform p = platform(door);
        assertThat(read(p, 0)).isEqualTo(0xFFFF_FFFFL);
        assertThat(p.nvCounterIncrement(0)).isEqualTo(PlatformError.SYSTEM_ERROR);
        assertThat(read(p, 0)).isEqualTo(0xFFFF_FFFFL);
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void nsCounterIndexAboveTwoIsAnInvalidParameter(Door door) {
        PsaPlatform p = platform(door);
        for (int index : new int[] {3, NvCounterId.PS_0.id() + 8, NvCounterId.NS_0.id(), -1}) {
            assertThat(p.nvCounterRead(index, new byte[4])).as("read %d", index).isEqualTo(PlatformError.INVALID_PARAM);
            assertThat(p.nvCounterIncrement(index)).as("increment %d", index).isEqualTo(PlatformError.INVALID_PARAM);
        }
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void nsCallersCannotReachThePsCounters(Door door) {
        // An NS caller names counters by NS index, so id 0 is NS_0, never PS_0.
        PsaPlatform p = platform(door);
        assertThat(p.nvCounterIncrement(NvCounterId.PS_0.id())).isEqualTo(PlatformError.SUCCESS);
        assertThat(counters.read(NvCounterId.PS_0)).isZero();
        assertThat(counters.read(NvCounterId.NS_0)).isEqualTo(1);
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void thePsPartitionReadsAndIncrementsThePsCounters(Door door) {
        for (NvCounterId id : new NvCounterId[] {NvCounterId.PS_0, NvCounterId.PS_1, NvCounterId.PS_2}) {
            assertThat(viaProxy(door, PROXY_PS_HANDLE, PlatformWire.NV_INCREMENT, id.id())).isZero();
            OutVec val = OutVec.allocate(4);
            assertThat(viaProxy(door, PROXY_PS_HANDLE, PlatformWire.NV_READ, id.id(), val)).isZero();
            assertThat(val.toByteArray()).containsExactly(le32(1));
            assertThat(counters.read(id)).isEqualTo(1);
        }
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void anotherSecurePartitionCannotUseThePsCounters(Door door) {
        int error = PlatformError.SYSTEM_ERROR.value();
        assertThat(viaProxy(door, PROXY_OTHER_HANDLE, PlatformWire.NV_INCREMENT, 0)).isEqualTo(error);
        assertThat(viaProxy(door, PROXY_OTHER_HANDLE, PlatformWire.NV_READ, 0, OutVec.allocate(4))).isEqualTo(error);
        assertThat(counters.read(NvCounterId.PS_0)).isZero();
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void secureCallersCannotUseNsBootOrUnknownCounters(Door door) {
        int error = PlatformError.SYSTEM_ERROR.value();
        int[] ids = {NvCounterId.NS_0.id(), NvCounterId.BL2_0.id(), NvCounterId.BL2_3.id(), NvCounterId.BL1_0.id(), 11, -1};
        for (int id : ids) {
            assertThat(viaProxy(door, PROXY_PS_HANDLE, PlatformWire.NV_INCREMENT, id)).as("increment %d", id)
                    .isEqualTo(error);
            assertThat(viaProxy(door, PROXY_PS_HANDLE, PlatformWire.NV_READ, id, OutVec.allocate(4)))
                    .as("read %d", id).isEqualTo(error);
        }
        for (NvCounterId id : NvCounterId.values()) {
            assertThat(counters.read(id)).as("%s", id).isZero();
        }
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void readIntoABufferThatIsNotFourBytesIsASystemError(Door door) {
        PsaPlatform p = platform(door);
        for (int size : new int[] {0, 1, 3, 5, 8}) {
            byte[] val = new byte[size];
            assertThat(p.nvCounterRead(0, val)).as("size %d", size).isEqualTo(PlatformError.SYSTEM_ERROR);
        }
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void malformedCounterRequestsAreSystemErrors(Door door) {
        PsaClient c = spe().open(door);
        int error = PlatformError.SYSTEM_ERROR.value();
        InVec id = InVec.of(le32(0));
        // counter id of the wrong size
        assertThat(c.call(HANDLE, PlatformWire.NV_READ, new InVec[] {InVec.of(new byte[2])},
                new OutVec[] {OutVec.allocate(4)})).isEqualTo(error);
        assertThat(c.call(HANDLE, PlatformWire.NV_INCREMENT, new InVec[] {InVec.of(new byte[8])}, null))
                .isEqualTo(error);
        // no counter id, or an extra input
        assertThat(c.call(HANDLE, PlatformWire.NV_INCREMENT, null, null)).isEqualTo(error);
        assertThat(c.call(HANDLE, PlatformWire.NV_READ, new InVec[] {id, InVec.of(new byte[1])},
                new OutVec[] {OutVec.allocate(4)})).isEqualTo(error);
        // an output where none belongs, or two outputs
        assertThat(c.call(HANDLE, PlatformWire.NV_INCREMENT, new InVec[] {id}, new OutVec[] {OutVec.allocate(4)}))
                .isEqualTo(error);
        assertThat(c.call(HANDLE, PlatformWire.NV_READ, new InVec[] {id},
                new OutVec[] {OutVec.allocate(4), OutVec.allocate(4)})).isEqualTo(error);
        assertThat(counters.read(NvCounterId.NS_0)).isZero();
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void systemResetIsReportedToTheHostWithTheCaller(Door door) {
        assertThat(platform(door).systemReset()).isEqualTo(PlatformError.SUCCESS);
        assertThat(resets).hasSize(1);
        assertThat(resets.get(0)).isNegative();

        assertThat(spe().open(door).call(PROXY_PS_HANDLE, PlatformWire.SYSTEM_RESET, null, null)).isZero();
        assertThat(resets).hasSize(2);
        assertThat(resets.get(1)).isEqualTo(PartitionIds.PROTECTED_STORAGE);
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void ioctlRequestsAreNotSupportedOnThisPlatform(Door door) {
        PsaPlatform p = platform(door);
        assertThat(p.ioctl(0, null, null)).isEqualTo(PlatformError.NOT_SUPPORTED);
        byte[] buf = {9, 9, 9, 9, 9, 9, 9, 9};
        OutVec out = OutVec.of(buf);
        assertThat(p.ioctl(1, InVec.of(new byte[64]), out)).isEqualTo(PlatformError.NOT_SUPPORTED);
        // TF-M copies its zeroed output buffer back, whatever the request.
        assertThat(out.length()).isEqualTo(8);
        assertThat(buf).containsOnly(0);
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void malformedIoctlVectorsGetTfmsStatuses(Door door) {
        PsaClient c = spe().open(door);
        InVec req = InVec.of(le32(0));
        int programmerError = PsaStatus.PROGRAMMER_ERROR.value();
        assertThat(c.call(HANDLE, PlatformWire.IOCTL, null, null)).isEqualTo(programmerError);
        assertThat(c.call(HANDLE, PlatformWire.IOCTL, new InVec[] {InVec.of(new byte[2])}, null))
                .isEqualTo(programmerError);
        assertThat(c.call(HANDLE, PlatformWire.IOCTL, new InVec[] {req, req, req}, null)).isEqualTo(programmerError);
        assertThat(c.call(HANDLE, PlatformWire.IOCTL, new InVec[] {req},
                new OutVec[] {OutVec.allocate(1), OutVec.allocate(1)})).isEqualTo(programmerError);
        assertThat(c.call(HANDLE, PlatformWire.IOCTL, new InVec[] {req}, new OutVec[] {OutVec.allocate(65)}))
                .isEqualTo(programmerError);
        assertThat(c.call(HANDLE, PlatformWire.IOCTL, new InVec[] {req, InVec.of(new byte[65])}, null))
                .isEqualTo(PsaStatus.BUFFER_TOO_SMALL.value());
        // TF-M's client reports any negative status as a system error.
        assertThat(platform(door).ioctl(0, InVec.of(new byte[65]), null)).isEqualTo(PlatformError.SYSTEM_ERROR);
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void unknownCallTypesAreNotSupported(Door door) {
        PsaClient c = spe().open(door);
        for (int type : new int[] {Psa.IPC_CALL, 1009, 1014}) {
            assertThat(c.call(HANDLE, type, new InVec[] {InVec.of(le32(0))}, null)).as("type %d", type)
                    .isEqualTo(PsaStatus.NOT_SUPPORTED.value());
        }
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void theServiceHasTfmsSidAndVersion(Door door) {
        assertThat(spe().open(door).version(TfmService.PLATFORM.sid())).isEqualTo(1);
        assertThat(HANDLE).isEqualTo(0x40000105);
    }
}
