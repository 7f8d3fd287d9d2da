package dev.citadel.itest;

import static dev.citadel.itest.partitions.TestServices.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.citadel.itest.TestSpe.Door;
import dev.citadel.ns.Dispatcher;
import dev.citadel.psa.ClientIds;
import dev.citadel.psa.InVec;
import dev.citadel.psa.OutVec;
import dev.citadel.psa.Psa;
import dev.citadel.psa.PsaClient;
import dev.citadel.psa.PsaStatus;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every rule of TF-M's client API table ({@code reference/tfm.md} §1.5), through both dispatchers. The native C
 * client runs the same rules in {@link NativeClientTest}.
 */
class SpmRulesTest {
    private static final int SUCCESS = PsaStatus.SUCCESS.value();
    private static final int PROGRAMMER = PsaStatus.PROGRAMMER_ERROR.value();
    private static final int REFUSED = PsaStatus.CONNECTION_REFUSED.value();
    private static final int BUSY = PsaStatus.CONNECTION_BUSY.value();

    private TestSpe spe;

    @BeforeEach
    void start() {
        spe = new TestSpe();
    }

    @AfterEach
    void stop() {
        spe.close();
    }

    private static OutVec[] outs(int... capacities) {
        OutVec[] o = new OutVec[capacities.length];
        for (int i = 0; i < o.length; i++) {
            o[i] = OutVec.allocate(capacities[i]);
        }
        return o;
    }

    private static InVec[] ins(String... values) {
        InVec[] v = new InVec[values.length];
        for (int i = 0; i < v.length; i++) {
            v[i] = InVec.of(values[i].getBytes(StandardCharsets.UTF_8));
        }
        return v;
    }

    private static int whoami(PsaClient c, int handle) {
        OutVec[] o = outs(4);
        assertThat(c.call(handle, WHOAMI, null, o)).isEqualTo(SUCCESS);
        return ints(o[0].toByteArray())[0];
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void frameworkVersionIsFfm11(Door door) {
        assertThat(spe.open(door).frameworkVersion()).isEqualTo(0x0101);
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void versionReportsTheServiceVersion(Door door) {
        Dispatcher d = spe.open(door);
        assertThat(d.version(SFN_STATELESS_SID)).isEqualTo(1);
        assertThat(d.version(SFN_RELAXED_SID)).isEqualTo(3);
        assertThat(d.version(IPC_STRICT_SID)).isEqualTo(2);
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void versionOfUnknownSidIsNone(Door door) {
        assertThat(spe.open(door).version(0xDEAD)).isEqualTo(Psa.VERSION_NONE);
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void versionOfServiceClosedToNonSecureClientsIsNone(Door door) {
        Dispatcher d = spe.open(door);
        assertThat(d.version(IPC_SECURE_ONLY_SID)).isEqualTo(Psa.VERSION_NONE);
        assertThat(d.version(SFN_SECURE_ONLY_SID)).isEqualTo(Psa.VERSION_NONE);
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void connectToUnknownSidIsRefused(Door door) {
        assertThat(spe.open(door).connect(0xDEAD, 1)).isEqualTo(REFUSED);
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void connectToStatelessServiceIsProgrammerError(Door door) {
        assertThat(spe.open(door).connect(SFN_STATELESS_SID, 1)).isEqualTo(PROGRAMMER);
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void connectToServiceClosedToNonSecureClientsIsRefused(Door door) {
        assertThat(spe.open(door).connect(IPC_SECURE_ONLY_SID, 1)).isEqualTo(REFUSED);
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void strictPolicyRefusesAnyOtherVersion(Door door) {
        Dispatcher d = spe.open(door);
        assertThat(d.connect(IPC_STRICT_SID, 1)).isEqualTo(REFUSED);
        assertThat(d.connect(IPC_STRICT_SID, 3)).isEqualTo(REFUSED);
        assertThat(d.connect(IPC_STRICT_SID, 2)).isPositive();
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void relaxedPolicyAcceptsLowerVersionsOnly(Door door) {
        Dispatcher d = spe.open(door);
        assertThat(d.connect(IPC_BASIC_SID, 2)).isEqualTo(REFUSED);
        assertThat(d.connect(IPC_BASIC_SID, 1)).isPositive();
        assertThat(d.connect(IPC_BASIC_SID, 0)).isPositive();
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void connectionRefusedByTheServiceIsRefused(Door door) {
        assertThat(spe.open(door).connect(IPC_REFUSE_SID, 1)).isEqualTo(REFUSED);
        assertThat(spe.spm.connectionsInUse()).isZero();
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void connectionBusyFromTheServiceIsBusy(Door door) {
        assertThat(spe.open(door).connect(IPC_BUSY_SID, 1)).isEqualTo(BUSY);
        assertThat(spe.spm.connectionsInUse()).isZero();
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void exhaustedConnectionPoolGivesBusyUntilAHandleIsClosed(Door door) {
        Dispatcher d = spe.open(door);
        List<Integer> handles = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            int h = d.connect(IPC_BASIC_SID, 1);
            assertThat(h).isPositive();
            handles.add(h);
        }
        assertThat(handles).doesNotHaveDuplicates();
        assertThat(d.connect(IPC_BASIC_SID, 1)).isEqualTo(BUSY);
        d.close(handles.get(3));
        assertThat(d.connect(IPC_BASIC_SID, 1)).isPositive();
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void callOnConnectionCopiesEveryVector(Door door) {
        Dispatcher d = spe.open(door);
        int h = d.connect(IPC_BASIC_SID, 1);
        OutVec[] o = outs(16, 3);
        assertThat(d.call(h, ECHO, ins("hello", "world"), o)).isEqualTo(SUCCESS);
        assertThat(new String(o[0].toByteArray(), StandardCharsets.UTF_8)).isEqualTo("hello");
        assertThat(new String(o[1].toByteArray(), StandardCharsets.UTF_8)).isEqualTo("wor");
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void serviceSeesEveryVectorSizeIncludingEmptyOnes(Door door) {
        Dispatcher d = spe.open(door);
        OutVec[] o = {OutVec.allocate(32), OutVec.allocate(0)};
        InVec[] in = {InVec.EMPTY, InVec.of(new byte[7])};
        assertThat(d.call(SFN_STATELESS_HANDLE, SIZES, in, o)).isEqualTo(SUCCESS);
        assertThat(ints(o[0].toByteArray())).containsExactly(0, 7, 0, 0, 32, 0, 0, 0);
        assertThat(o[1].length()).isZero();
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void defaultNonSecureClientIsTranslatedLikeTrustZone(Door door) {
        Dispatcher d = spe.open(door);
        assertThat(whoami(d, SFN_STATELESS_HANDLE)).isEqualTo(-0x3C000000);
        assertThat(whoami(d, d.connect(IPC_BASIC_SID, 1))).isEqualTo(ClientIds.DEFAULT_NS_CLIENT);
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void eachNsidIsItsOwnNegativeClient(Door door) {
        Dispatcher d = spe.open(door);
        assertThat(whoami(d.asClient(-5), SFN_STATELESS_HANDLE)).isEqualTo(-0x3C000004);
        assertThat(whoami(d.asClient(-65536), SFN_STATELESS_HANDLE)).isEqualTo(-0x3C00FFFF);
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void nonNegativeNsidCannotBeClaimed(Door door) {
        Dispatcher d = spe.open(door);
        assertThatThrownBy(() -> d.asClient(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> d.asClient(5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> d.asClient(-65537)).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void handleIsBoundToTheClientThatCreatedIt(Door door) {
        Dispatcher d = spe.open(door);
        int h = d.connect(IPC_BASIC_SID, 1);
        assertThat(d.asClient(-2).call(h, ECHO, null, null)).isEqualTo(PROGRAMMER);
        assertThat(d.asClient(-2).connect(IPC_BASIC_SID, 1)).isPositive();
        assertThat(d.call(h, ECHO, null, null)).isEqualTo(SUCCESS);
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void callWithNullInvalidOrClosedHandleIsProgrammerError(Door door) {
        Dispatcher d = spe.open(door);
        assertThat(d.call(Psa.NULL_HANDLE, ECHO, null, null)).isEqualTo(PROGRAMMER);
        assertThat(d.call(0x1234, ECHO, null, null)).isEqualTo(PROGRAMMER);
        assertThat(d.call(-5, ECHO, null, null)).isEqualTo(PROGRAMMER);
        int h = d.connect(IPC_BASIC_SID, 1);
        d.close(h);
        assertThat(d.call(h, ECHO, null, null)).isEqualTo(PROGRAMMER);
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void staleHandleOfReusedSlotIsRejected(Door door) {
        Dispatcher d = spe.open(door);
        int old = d.connect(IPC_BASIC_SID, 1);
        d.close(old);
        int fresh = d.connect(IPC_BASIC_SID, 1);
        assertThat(fresh).isNotEqualTo(old);
        assertThat(d.call(old, ECHO, null, null)).isEqualTo(PROGRAMMER);
        assertThat(d.call(fresh, ECHO, null, null)).isEqualTo(SUCCESS);
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void callOnBusyConnectionIsProgrammerError(Door door) throws Exception {
        Dispatcher d = spe.open(door);
        int h = d.connect(IPC_BASIC_SID, 1);
        CompletableFuture<Integer> slow = CompletableFuture.supplyAsync(() -> d.call(h, SLOW, null, null));
        Thread.sleep(80);
        assertThat(d.call(h, ECHO, null, null)).isEqualTo(PROGRAMMER);
        assertThat(slow.get(5, TimeUnit.SECONDS)).isEqualTo(SUCCESS);
        assertThat(d.call(h, ECHO, null, null)).isEqualTo(SUCCESS);
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void programmerErrorFromServiceLeavesConnectionUnusable(Door door) {
        Dispatcher d = spe.open(door);
        int h = d.connect(IPC_BASIC_SID, 1);
        assertThat(d.call(h, PROGRAMMER_ERROR, null, null)).isEqualTo(PROGRAMMER);
        assertThat(d.call(h, ECHO, null, null)).isEqualTo(PROGRAMMER);
        assertThat(d.call(h, WHOAMI, null, outs(4))).isEqualTo(PROGRAMMER);
        d.close(h);
        assertThat(spe.spm.connectionsInUse()).isZero();
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void programmerErrorFromStatelessServiceIsPassedBack(Door door) {
        Dispatcher d = spe.open(door);
        assertThat(d.call(SFN_STATELESS_HANDLE, PROGRAMMER_ERROR, null, null)).isEqualTo(PROGRAMMER);
        assertThat(d.call(SFN_STATELESS_HANDLE, ECHO, null, null)).isEqualTo(SUCCESS);
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void writtenLengthsReachTheCallerOnErrorReplies(Door door) {
        Dispatcher d = spe.open(door);
        OutVec[] o = outs(10);
        assertThat(d.call(SFN_STATELESS_HANDLE, PARTIAL_ERROR, ins("abc"), o))
                .isEqualTo(PsaStatus.INVALID_ARGUMENT.value());
        assertThat(o[0].length()).isEqualTo(3);
        assertThat(new String(o[0].toByteArray(), StandardCharsets.UTF_8)).isEqualTo("abc");
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void statelessCallNeedsNoConnection(Door door) {
        Dispatcher d = spe.open(door);
        OutVec[] o = outs(5);
        assertThat(d.call(SFN_STATELESS_HANDLE, ECHO, ins("12345"), o)).isEqualTo(SUCCESS);
        assertThat(o[0].toByteArray()).asString().isEqualTo("12345");
        assertThat(spe.spm.connectionsInUse()).isZero();
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void statelessCallToServiceClosedToNonSecureClientsIsRefused(Door door) {
        assertThat(spe.open(door).call(SFN_SECURE_ONLY_HANDLE, ECHO, null, null)).isEqualTo(REFUSED);
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void statelessHandleOfUnpopulatedIndexIsProgrammerError(Door door) {
        Dispatcher d = spe.open(door);
        assertThat(d.call(0x4000011F, ECHO, null, null)).isEqualTo(PROGRAMMER);
        assertThat(d.call(0x40000100, ECHO, null, null)).isEqualTo(PROGRAMMER);
        assertThat(d.call(0x40010106, ECHO, null, null)).isEqualTo(PROGRAMMER);
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void statelessHandleVersionFollowsThePolicy(Door door) {
        Dispatcher d = spe.open(door);
        assertThat(d.call(0x40000206, ECHO, null, null)).isEqualTo(PROGRAMMER);
        assertThat(d.call(0x40000006, ECHO, null, null)).isEqualTo(PROGRAMMER);
        assertThat(d.call(0x40000108, ECHO, null, null)).isEqualTo(SUCCESS);
        assertThat(d.call(0x40000308, ECHO, null, null)).isEqualTo(SUCCESS);
        assertThat(d.call(0x40000408, ECHO, null, null)).isEqualTo(PROGRAMMER);
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void closeOfNullStatelessOrInvalidHandleHasNoEffect(Door door) {
        Dispatcher d = spe.open(door);
        int h = d.connect(IPC_BASIC_SID, 1);
        d.close(Psa.NULL_HANDLE);
        d.close(SFN_STATELESS_HANDLE);
        d.close(0x7777);
        d.asClient(-9).close(h);
        assertThat(d.call(h, ECHO, null, null)).isEqualTo(SUCCESS);
        assertThat(d.call(SFN_STATELESS_HANDLE, ECHO, null, null)).isEqualTo(SUCCESS);
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void serviceSeesConnectAndDisconnect(Door door) {
        Dispatcher d = spe.open(door);
        int h = d.connect(IPC_BASIC_SID, 1);
        assertThat(spe.ipc.connects).isEqualTo(1);
        d.close(h);
        assertThat(spe.ipc.disconnects).isEqualTo(1);
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void callTypeAndVectorCountAreChecked(Door door) {
        Dispatcher d = spe.open(door);
        assertThat(d.call(SFN_STATELESS_HANDLE, -1, null, null)).isEqualTo(PROGRAMMER);
        assertThat(d.call(SFN_STATELESS_HANDLE, 32768, null, null)).isEqualTo(PROGRAMMER);
        assertThat(d.call(SFN_STATELESS_HANDLE, 32767, null, null)).isEqualTo(PsaStatus.NOT_SUPPORTED.value());
        assertThat(d.call(SFN_STATELESS_HANDLE, ECHO, ins("a", "b", "c"), outs(1, 1))).isEqualTo(PROGRAMMER);
        assertThat(d.call(SFN_STATELESS_HANDLE, ECHO, ins("a", "b", "c", "d", "e"), null)).isEqualTo(PROGRAMMER);
        assertThat(d.call(SFN_STATELESS_HANDLE, ECHO, new InVec[] {null}, null)).isEqualTo(PROGRAMMER);
        assertThat(d.call(SFN_STATELESS_HANDLE, ECHO, null, new OutVec[] {null})).isEqualTo(PROGRAMMER);
        assertThat(d.call(SFN_STATELESS_HANDLE, ECHO, ins("a", "b"), outs(1, 1))).isEqualTo(SUCCESS);
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void unknownCallTypeIsTheServicesAnswer(Door door) {
        assertThat(spe.open(door).call(SFN_STATELESS_HANDLE, 99, null, null))
                .isEqualTo(PsaStatus.NOT_SUPPORTED.value());
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void nestedCallCarriesTheCallingPartitionsId(Door door) {
        OutVec[] o = outs(8);
        assertThat(spe.open(door).call(NESTED_HANDLE, 0, null, o)).isEqualTo(SUCCESS);
        assertThat(ints(o[0].toByteArray())).containsExactly(ClientIds.DEFAULT_NS_CLIENT, NESTED_TEST_PID);
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void partitionSeesOnlyItsDeclaredDependencies(Door door) {
        OutVec[] o = outs(8);
        assertThat(spe.open(door).call(NESTED_HANDLE, 1, null, o)).isEqualTo(SUCCESS);
        assertThat(ints(o[0].toByteArray())).containsExactly(Psa.VERSION_NONE, 1);
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void secureCallerReachesServiceClosedToNonSecureClientsThroughADependency(Door door) {
        OutVec[] o = outs(4);
        assertThat(spe.open(door).call(NESTED_HANDLE, 3, null, o)).isEqualTo(SUCCESS);
        assertThat(ints(o[0].toByteArray())).containsExactly(NESTED_TEST_PID);
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void undeclaredDependencyPanicsThePartitionAndTheSpeKeepsServing(Door door) {
        Dispatcher d = spe.open(door);
        assertThat(d.call(NESTED_HANDLE, 2, null, null)).isEqualTo(PsaStatus.SERVICE_FAILURE.value());
        assertThat(spe.spm.panics(NESTED_TEST_PID)).isEqualTo(1);
        assertThat(spe.log).anyMatch(l -> l.contains("panic in partition NESTED_TEST"));
        assertThat(spe.spm.connectionsInUse()).isZero();
        OutVec[] o = outs(8);
        assertThat(d.call(NESTED_HANDLE, 0, null, o)).isEqualTo(SUCCESS);
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void closingTheDispatcherClosesItsHandles(Door door) throws Exception {
        Dispatcher d = spe.open(door);
        d.connect(IPC_BASIC_SID, 1);
        d.connect(IPC_STRICT_SID, 2);
        assertThat(spe.spm.connectionsInUse()).isEqualTo(2);
        d.close();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (spe.spm.connectionsInUse() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(spe.spm.connectionsInUse()).isZero();
        assertThat(spe.ipc.disconnects).isEqualTo(2);
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void manyThreadsCallAtOnce(Door door) throws Exception {
        Dispatcher d = spe.open(door);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Integer>> results = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int nsid = -1 - t;
                results.add(pool.submit(() -> {
                    go.await();
                    PsaClient c = d.asClient(nsid);
                    int ok = 0;
                    for (int i = 0; i < 500; i++) {
                        byte[] msg = ("t" + nsid + "-" + i).getBytes(StandardCharsets.UTF_8);
                        OutVec[] o = {OutVec.allocate(msg.length), OutVec.allocate(4)};
                        if (c.call(SFN_STATELESS_HANDLE, ECHO, new InVec[] {InVec.of(msg)}, o) == SUCCESS
                                && java.util.Arrays.equals(o[0].toByteArray(), msg)
                                && whoami(c, SFN_STATELESS_HANDLE) == ClientIds.TZ_NS_AGENT_LIMIT + 1 + nsid) {
                            ok++;
                        }
                    }
                    return ok;
                }));
            }
            go.countDown();
            for (Future<Integer> f : results) {
                assertThat(f.get(60, TimeUnit.SECONDS)).isEqualTo(500);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
