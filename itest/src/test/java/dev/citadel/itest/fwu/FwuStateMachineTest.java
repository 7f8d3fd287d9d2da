package dev.citadel.itest.fwu;

import static org.assertj.core.api.Assertions.assertThat;

import dev.citadel.boot.bl2.BootResult;
import dev.citadel.boot.image.ImageDependency;
import dev.citadel.boot.image.ImageVersion;
import dev.citadel.itest.TestSpe.Door;
import dev.citadel.ns.fwu.PsaFwu;
import dev.citadel.psa.InVec;
import dev.citadel.psa.OutVec;
import dev.citadel.psa.PartitionIds;
import dev.citadel.psa.PsaStatus;
import dev.citadel.psa.TfmService;
import dev.citadel.psa.fwu.ComponentInfo;
import dev.citadel.psa.fwu.FwuState;
import dev.citadel.psa.fwu.FwuWire;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.function.ToIntFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The FWU partition's state machine (FWU 1.0 §4.2.3, complete model with volatile staging) for both components and
 * through both doors: every transition, every call in a wrong state, the wire checks, and the checks of
 * {@code psa_fwu_finish} with the running image untouched. BL2 runs between SPE starts as a reboot would run it.
 */
class FwuStateMachineTest {
    static final int SUCCESS = PsaStatus.SUCCESS.value();
    static final int REBOOT = PsaStatus.SUCCESS_REBOOT.value();
    static final int BAD_STATE = PsaStatus.BAD_STATE.value();
    static final int INVALID_ARGUMENT = PsaStatus.INVALID_ARGUMENT.value();

    static final byte[][] V1 = {FwuRig.image(0, "1.0.0", 1, 3000, 1), FwuRig.image(1, "1.0.0", 1, 9000, 2)};
    static final byte[][] V2 = {FwuRig.image(0, "1.1.0", 2, 3500, 3), FwuRig.image(1, "2.0.0", 2, 11000, 4)};

    private FwuRig rig;

    @AfterEach
    void close() throws Exception {
        if (rig != null) {
            rig.close();
        }
    }

    private PsaFwu fwu(Door door) throws Exception {
        if (rig == null) {
            rig = FwuRig.factory(V1[0], V1[1]);
        }
        return rig.fwu(door);
    }

    static Stream<Arguments> doorsAndComponents() {
        List<Arguments> out = new ArrayList<>();
        for (Door d : Door.values()) {
            for (int c = 0; c < 2; c++) {
                out.add(Arguments.of(d, c));
            }
        }
        return out.stream();
    }

    static FwuState state(PsaFwu f, int c) {
        return f.query(c).state();
    }

    /** Writes {@code img} in blocks of {@code block} bytes; the status of the first failing write, or SUCCESS. */
    static int writeAll(PsaFwu f, int c, byte[] img, int block) {
        for (int off = 0; off < img.length; off += block) {
            int st = f.write(c, off, img, off, Math.min(block, img.length - off));
            if (st != SUCCESS) {
                return st;
            }
        }
        return SUCCESS;
    }

    /** Drives component {@code c} to {@code target} by its shortest path from READY; the other stays READY. */
    private PsaFwu reach(Door door, int c, FwuState target) throws Exception {
        PsaFwu f = fwu(door);
        if (target == FwuState.READY) {
            return f;
        }
        assertThat(f.start(c, null)).isEqualTo(SUCCESS);
        switch (target) {
            case WRITING:
                return f;
            case FAILED:
                assertThat(f.cancel(c)).isEqualTo(SUCCESS);
                return f;
            default:
                break;
        }
        assertThat(writeAll(f, c, V2[c], FwuWire.MAX_WRITE_SIZE)).isEqualTo(SUCCESS);
        assertThat(f.finish(c)).isEqualTo(SUCCESS);
        if (target == FwuState.CANDIDATE) {
            return f;
        }
        assertThat(f.install()).isEqualTo(REBOOT);
        if (target == FwuState.STAGED) {
            return f;
        }
        rig.boot();
        f = rig.fwu(door);
        assertThat(state(f, c)).isEqualTo(FwuState.TRIAL);
        switch (target) {
            case TRIAL:
                return f;
            case REJECTED:
                assertThat(f.reject(PsaStatus.GENERIC_ERROR.value())).isEqualTo(REBOOT);
                return f;
            case UPDATED:
                assertThat(f.accept()).isEqualTo(SUCCESS);
                return f;
            default:
                throw new IllegalArgumentException(target.toString());
        }
    }

    // ---- every call in a wrong state ----

    /** Each call, and the states it may be made in (with only the component under test away from READY). */
    enum Call {
        START(f -> c -> f.start(c, null), EnumSet.of(FwuState.READY)),
        WRITE(f -> c -> f.write(c, 0, new byte[16]), EnumSet.of(FwuState.WRITING)),
        FINISH(f -> c -> f.finish(c), EnumSet.of(FwuState.WRITING)),
        CANCEL(f -> c -> f.cancel(c), EnumSet.of(FwuState.WRITING, FwuState.CANDIDATE)),
        CLEAN(f -> c -> f.clean(c), EnumSet.of(FwuState.FAILED, FwuState.UPDATED)),
        INSTALL(f -> c -> f.install(), EnumSet.of(FwuState.CANDIDATE)),
        ACCEPT(f -> c -> f.accept(), EnumSet.of(FwuState.TRIAL)),
        REJECT(f -> c -> f.reject(0), EnumSet.of(FwuState.STAGED, FwuState.TRIAL));

        final java.util.function.Function<PsaFwu, ToIntFunction<Integer>> call;
        final EnumSet<FwuState> allowed;

        Call(java.util.function.Function<PsaFwu, ToIntFunction<Integer>> call, EnumSet<FwuState> allowed) {
            this.call = call;
            this.allowed = allowed;
        }
    }

    static Stream<Arguments> everyState() {
        List<Arguments> out = new ArrayList<>();
        for (Door d : Door.values()) {
            for (int c = 0; c < 2; c++) {
                for (FwuState s : FwuState.values()) {
                    out.add(Arguments.of(d, c, s));
                }
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} component {1} in {2}")
    @MethodSource("everyState")
    void everyCallInAWrongStateIsBadStateAndChangesNothing(Door door, int c, FwuState s) throws Exception {
        PsaFwu f = reach(door, c, s);
        ComponentInfo before = f.query(c);
        ComponentInfo other = f.query(1 - c);
        int checked = 0;
        for (Call call : Call.values()) {
            if (call.allowed.contains(s)) {
                continue;
            }
            assertThat(call.call.apply(f).applyAsInt(c)).as("%s in %s", call, s).isEqualTo(BAD_STATE);
            assertThat(f.query(c)).as("%s in %s", call, s).isEqualTo(before);
            assertThat(f.query(1 - c)).isEqualTo(other);
            checked++;
        }
        assertThat(checked).isPositive();
        assertThat(rig.holds(rig.primary(c), s == FwuState.TRIAL || s == FwuState.REJECTED
                || s == FwuState.UPDATED ? V2[c] : V1[c])).isTrue();
    }

    // ---- every transition ----

    @ParameterizedTest(name = "{0} component {1}")
    @MethodSource("doorsAndComponents")
    void readyStartsWritingWritesAndFinishesToACandidateWithItsDigest(Door door, int c) throws Exception {
        PsaFwu f = fwu(door);
        assertThat(state(f, c)).isEqualTo(FwuState.READY);
        assertThat(f.start(c, new byte[0])).isEqualTo(SUCCESS);
        assertThat(state(f, c)).isEqualTo(FwuState.WRITING);
        assertThat(writeAll(f, c, V2[c], 700)).isEqualTo(SUCCESS);
        assertThat(state(f, c)).isEqualTo(FwuState.WRITING);
        assertThat(f.finish(c)).isEqualTo(SUCCESS);
        ComponentInfo info = f.query(c);
        assertThat(info.state()).isEqualTo(FwuState.CANDIDATE);
        assertThat(info.candidateDigest()).isEqualTo(MessageDigest.getInstance("SHA-256").digest(V2[c]));
        assertThat(info.error()).isZero();
        assertThat(info.version().toString()).isEqualTo("1.0.0+0"); // the active image's, not the candidate's
        assertThat(info.flags()).isEqualTo(FwuWire.FLAG_VOLATILE_STAGING);
        assertThat(info.maxSize()).isEqualTo(FwuRig.SLOT - rig.bl2().trailer().size());
        assertThat(info.location()).isEqualTo(FwuRig.MAP.slots().get(c).primary().offset());
        assertThat(rig.holds(rig.secondary(c), V2[c])).isTrue();
        assertThat(state(f, 1 - c)).isEqualTo(FwuState.READY);
    }

    @ParameterizedTest(name = "{0} component {1}")
    @MethodSource("doorsAndComponents")
    void cancelFailsWritingAndCandidateWithNoErrorAndCleanMakesReady(Door door, int c) throws Exception {
        for (FwuState from : List.of(FwuState.WRITING, FwuState.CANDIDATE)) {
            PsaFwu f = reach(door, c, from);
            assertThat(f.cancel(c)).isEqualTo(SUCCESS);
            ComponentInfo info = f.query(c);
            assertThat(info.state()).isEqualTo(FwuState.FAILED);
            assertThat(info.error()).isZero();
            assertThat(f.clean(c)).isEqualTo(SUCCESS);
            assertThat(state(f, c)).isEqualTo(FwuState.READY);
            assertThat(rig.secondary(c).read(0, 512)).containsOnly((byte) 0xFF);
        }
    }

    @ParameterizedTest(name = "{0} component {1}")
    @MethodSource("doorsAndComponents")
    void installStagesForATrialBootAndRejectInStagedFailsWithTheErrorAndWithdrawsIt(Door door, int c)
            throws Exception {
        PsaFwu f = reach(door, c, FwuState.STAGED);
        assertThat(state(f, c)).isEqualTo(FwuState.STAGED);
        assertThat(f.reject(PsaStatus.GENERIC_ERROR.value())).isEqualTo(SUCCESS);
        ComponentInfo info = f.query(c);
        assertThat(info.state()).isEqualTo(FwuState.FAILED);
        assertThat(info.error()).isEqualTo(PsaStatus.GENERIC_ERROR.value());
        BootResult r = rig.boot();
        assertThat(FwuRig.booted(r, c)).isEqualTo(V1[c]);
        assertThat(state(rig.fwu(door), c)).isEqualTo(FwuState.READY);
    }

    @ParameterizedTest(name = "{0} component {1}")
    @MethodSource("doorsAndComponents")
    void stagedBecomesTrialAtTheRebootAndAcceptKeepsTheNewImage(Door door, int c) throws Exception {
        PsaFwu f = reach(door, c, FwuState.UPDATED);
        ComponentInfo info = f.query(c);
        assertThat(info.state()).isEqualTo(FwuState.UPDATED);
        assertThat(info.version().toString()).isEqualTo(c == 0 ? "1.1.0+0" : "2.0.0+0");
        BootResult r = rig.boot();
        assertThat(FwuRig.booted(r, c)).isEqualTo(V2[c]);
        assertThat(r.log()).anyMatch(l -> l.contains("security counter raised from 1 to 2"));
        // volatile staging: UPDATED is READY after a reboot, the new image running
        assertThat(state(rig.fwu(door), c)).isEqualTo(FwuState.READY);
        assertThat(FwuRig.booted(rig.boot(), c)).isEqualTo(V2[c]);
    }

    @ParameterizedTest(name = "{0} component {1}")
    @MethodSource("doorsAndComponents")
    void updatedCleansToReadyWithTheNewImageActive(Door door, int c) throws Exception {
        PsaFwu f = reach(door, c, FwuState.UPDATED);
        assertThat(f.clean(c)).isEqualTo(SUCCESS);
        ComponentInfo info = f.query(c);
        assertThat(info.state()).isEqualTo(FwuState.READY);
        assertThat(info.version().major()).isEqualTo(c == 0 ? 1 : 2);
        assertThat(rig.secondary(c).read(0, 512)).containsOnly((byte) 0xFF);
        assertThat(FwuRig.booted(rig.boot(), c)).isEqualTo(V2[c]);
    }

    @ParameterizedTest(name = "{0} component {1}")
    @MethodSource("doorsAndComponents")
    void rejectInTrialIsRejectedAndTheRebootRevertsToReady(Door door, int c) throws Exception {
        PsaFwu f = reach(door, c, FwuState.REJECTED);
        ComponentInfo info = f.query(c);
        assertThat(info.state()).isEqualTo(FwuState.REJECTED);
        assertThat(info.error()).isEqualTo(PsaStatus.GENERIC_ERROR.value());
        BootResult r = rig.boot();
        assertThat(FwuRig.booted(r, c)).isEqualTo(V1[c]);
        assertThat(r.log()).anyMatch(l -> l.contains("swap type REVERT"));
        assertThat(state(rig.fwu(door), c)).isEqualTo(FwuState.READY);
        assertThat(rig.counters().read(counter(c))).isEqualTo(1);
    }

    @ParameterizedTest(name = "{0} component {1}")
    @MethodSource("doorsAndComponents")
    void aTrialThatIsNotAcceptedBeforeTheRebootIsReverted(Door door, int c) throws Exception {
        reach(door, c, FwuState.TRIAL);
        BootResult r = rig.boot();
        assertThat(FwuRig.booted(r, c)).isEqualTo(V1[c]);
        assertThat(state(rig.fwu(door), c)).isEqualTo(FwuState.READY);
        assertThat(FwuRig.booted(rig.boot(), c)).isEqualTo(V1[c]);
    }

    @ParameterizedTest(name = "{0} component {1}")
    @MethodSource("doorsAndComponents")
    void aStagedImageThatFailsBl2sCheckAtTheRebootLeavesTheOldImageAndReady(Door door, int c) throws Exception {
        reach(door, c, FwuState.STAGED);
        rig.stopSpe();
        // the staged image is changed behind the SPE's back: BL2 refuses it and keeps the running image
        long at = V2[c].length - 40;
        rig.secondary(c).write(at / 16 * 16, new byte[16]);
        BootResult r = rig.boot();
        assertThat(FwuRig.booted(r, c)).isEqualTo(V1[c]);
        assertThat(state(rig.fwu(door), c)).isEqualTo(FwuState.READY);
    }

    @ParameterizedTest(name = "{0} component {1}")
    @MethodSource("doorsAndComponents")
    void anSpeRestartWithoutBl2KeepsStagedAndTrial(Door door, int c) throws Exception {
        reach(door, c, FwuState.STAGED);
        rig.restartSpeOnly();
        assertThat(state(rig.fwu(door), c)).isEqualTo(FwuState.STAGED);
        rig.boot();
        rig.restartSpeOnly();
        assertThat(state(rig.fwu(door), c)).isEqualTo(FwuState.TRIAL);
    }

    private static dev.citadel.hal.nv.NvCounterId counter(int c) {
        return c == 0 ? dev.citadel.hal.nv.NvCounterId.BL2_0 : dev.citadel.hal.nv.NvCounterId.BL2_1;
    }

    // ---- both components together ----

    @ParameterizedTest
    @EnumSource(Door.class)
    void installChecksDependenciesAndLeavesCandidatesAsTheyAre(Door door) throws Exception {
        PsaFwu f = fwu(door);
        byte[] ns = FwuRig.image(1, "2.0.0", 2, 9000, 5, new ImageDependency(0, ImageVersion.parse("1.1.0")));
        assertThat(f.start(1, null)).isEqualTo(SUCCESS);
        assertThat(writeAll(f, 1, ns, 1024)).isEqualTo(SUCCESS);
        assertThat(f.finish(1)).isEqualTo(SUCCESS);
        assertThat(f.install()).isEqualTo(PsaStatus.DEPENDENCY_NEEDED.value());
        assertThat(state(f, 1)).isEqualTo(FwuState.CANDIDATE);
        assertThat(rig.bl2().trailer().read(rig.secondary(1)).magic().name()).isEqualTo("UNSET");

        assertThat(f.start(0, null)).isEqualTo(SUCCESS);
        assertThat(writeAll(f, 0, V2[0], 1024)).isEqualTo(SUCCESS);
        assertThat(f.finish(0)).isEqualTo(SUCCESS);
        assertThat(f.install()).isEqualTo(REBOOT);
        assertThat(state(f, 0)).isEqualTo(FwuState.STAGED);
        assertThat(state(f, 1)).isEqualTo(FwuState.STAGED);
        rig.boot();
        f = rig.fwu(door);
        assertThat(state(f, 0)).isEqualTo(FwuState.TRIAL);
        assertThat(state(f, 1)).isEqualTo(FwuState.TRIAL);
        assertThat(f.accept()).isEqualTo(SUCCESS);
        assertThat(state(f, 0)).isEqualTo(FwuState.UPDATED);
        assertThat(state(f, 1)).isEqualTo(FwuState.UPDATED);
        BootResult r = rig.boot();
        assertThat(FwuRig.booted(r, 0)).isEqualTo(V2[0]);
        assertThat(FwuRig.booted(r, 1)).isEqualTo(ns);
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void requestRebootAsksThePlatformForAResetAsTheFwuPartition(Door door) throws Exception {
        assertThat(fwu(door).requestReboot()).isEqualTo(SUCCESS);
        assertThat(rig.resets).containsExactly(PartitionIds.FIRMWARE_UPDATE);
    }

    // ---- wire checks ----

    @ParameterizedTest
    @EnumSource(Door.class)
    void anUnknownComponentDoesNotExist(Door door) throws Exception {
        PsaFwu f = fwu(door);
        int dne = PsaStatus.DOES_NOT_EXIST.value();
        for (int c : new int[] {2, 255}) {
            assertThat(f.query(c, new byte[ComponentInfo.SIZE])).isEqualTo(dne);
            assertThat(f.start(c, null)).isEqualTo(dne);
            assertThat(f.write(c, 0, new byte[16])).isEqualTo(dne);
            assertThat(f.finish(c)).isEqualTo(dne);
            assertThat(f.cancel(c)).isEqualTo(dne);
            assertThat(f.clean(c)).isEqualTo(dne);
        }
    }

    @ParameterizedTest(name = "{0} component {1}")
    @MethodSource("doorsAndComponents")
    void writesThatAreEmptyTooLargeOrOutsideTheSlotAreInvalidAndLeaveWriting(Door door, int c) throws Exception {
        PsaFwu f = reach(door, c, FwuState.WRITING);
        long max = f.query(c).maxSize();
        assertThat(f.write(c, 0, new byte[0])).isEqualTo(INVALID_ARGUMENT);
        assertThat(f.write(c, 0, new byte[FwuWire.MAX_WRITE_SIZE + 1])).isEqualTo(INVALID_ARGUMENT);
        assertThat(f.write(c, max - 15, new byte[16])).isEqualTo(INVALID_ARGUMENT);
        assertThat(f.write(c, max, new byte[1])).isEqualTo(INVALID_ARGUMENT);
        assertThat(f.write(c, 0xFFFF_FFFFL, new byte[1])).isEqualTo(INVALID_ARGUMENT);
        assertThat(f.write(c, max - 16, new byte[16])).isEqualTo(SUCCESS);
        // odd offsets and sizes are fine; the same bytes again too (a resumed download), other bytes are not
        assertThat(f.write(c, 7, new byte[] {1, 2, 3})).isEqualTo(SUCCESS);
        assertThat(f.write(c, 10, new byte[] {4})).isEqualTo(SUCCESS);
        assertThat(f.write(c, 7, new byte[] {1, 2, 3, 4})).isEqualTo(SUCCESS);
        assertThat(f.write(c, 8, new byte[] {9})).isEqualTo(INVALID_ARGUMENT);
        assertThat(rig.secondary(c).read(0, 16)).startsWith((byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF,
                (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 1, (byte) 2, (byte) 3, (byte) 4, (byte) 0xFF);
        assertThat(state(f, c)).isEqualTo(FwuState.WRITING);
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void malformedVectorsAreProgrammerErrorsAndAManifestIsRefused(Door door) throws Exception {
        PsaFwu f = fwu(door);
        var d = rig.lastDispatcher();
        int h = TfmService.FIRMWARE_UPDATE.handle();
        int pe = PsaStatus.PROGRAMMER_ERROR.value();
        assertThat(d.call(h, FwuWire.START, new InVec[] {InVec.of(new byte[2])}, null)).isEqualTo(pe);
        assertThat(d.call(h, FwuWire.FINISH, null, null)).isEqualTo(pe);
        assertThat(d.call(h, FwuWire.REJECT, new InVec[] {InVec.of(new byte[2])}, null)).isEqualTo(pe);
        assertThat(d.call(h, FwuWire.WRITE, new InVec[] {InVec.of(new byte[1]), InVec.of(new byte[8]),
            InVec.of(new byte[16])}, null)).isEqualTo(pe);
        assertThat(d.call(h, FwuWire.QUERY, new InVec[] {InVec.of(new byte[1])},
                new OutVec[] {OutVec.of(new byte[ComponentInfo.SIZE - 1])})).isEqualTo(pe);
        assertThat(d.call(h, 999, null, null)).isEqualTo(PsaStatus.NOT_SUPPORTED.value());
        assertThat(f.start(1, new byte[] {1})).isEqualTo(INVALID_ARGUMENT);
        assertThat(state(f, 1)).isEqualTo(FwuState.READY);
    }

    // ---- what finish refuses ----

    enum BadImage {
        BAD_SIGNATURE(PsaStatus.INVALID_SIGNATURE) {
            byte[] make(int c) {
                byte[] b = V2[c].clone();
                b[b.length - 10] ^= 0x01; // inside the Ed25519 signature
                return b;
            }
        },
        PAYLOAD_CHANGED(PsaStatus.INVALID_SIGNATURE) {
            byte[] make(int c) {
                byte[] b = V2[c].clone();
                b[0x300] ^= 0x40;
                return b;
            }
        },
        WRONG_KEY(PsaStatus.INVALID_SIGNATURE) {
            byte[] make(int c) {
                return FwuRig.image(FwuRig.FOREIGN, c, "3.0.0", 5, 2000, 6);
            }
        },
        OTHER_COMPONENTS_KEY(PsaStatus.INVALID_SIGNATURE) {
            byte[] make(int c) {
                return FwuRig.image(FwuRig.KEYS[1 - c], c, "3.0.0", 5, 2000, 6);
            }
        },
        ROLLBACK(PsaStatus.NOT_PERMITTED) {
            byte[] make(int c) {
                return FwuRig.image(c, "3.0.0", 0, 2000, 7);
            }
        },
        OVERSIZED(PsaStatus.INVALID_ARGUMENT) {
            byte[] make(int c) {
                byte[] b = V2[c].clone();
                ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putInt(12, FwuRig.SLOT); // ih_img_size
                return b;
            }
        },
        GARBAGE(PsaStatus.INVALID_ARGUMENT) {
            byte[] make(int c) {
                byte[] b = new byte[4000];
                new java.util.Random(c).nextBytes(b);
                return b;
            }
        };

        final PsaStatus expected;

        BadImage(PsaStatus expected) {
            this.expected = expected;
        }

        abstract byte[] make(int c);
    }

    static Stream<Arguments> badImages() {
        List<Arguments> out = new ArrayList<>();
        for (Door d : Door.values()) {
            for (int c = 0; c < 2; c++) {
                for (BadImage b : BadImage.values()) {
                    out.add(Arguments.of(d, c, b));
                }
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} component {1}: {2}")
    @MethodSource("badImages")
    void finishRefusesWhatBl2WouldRefuseFailsWithTheReasonAndTheRunningImageStays(Door door, int c, BadImage bad)
            throws Exception {
        PsaFwu f = reach(door, c, FwuState.WRITING);
        assertThat(writeAll(f, c, bad.make(c), 1000)).isEqualTo(SUCCESS);
        assertThat(f.finish(c)).isEqualTo(bad.expected.value());
        ComponentInfo info = f.query(c);
        assertThat(info.state()).isEqualTo(FwuState.FAILED);
        assertThat(info.error()).isEqualTo(bad.expected.value());
        assertThat(f.install()).isEqualTo(BAD_STATE);
        assertThat(rig.holds(rig.primary(c), V1[c])).isTrue();
        BootResult r = rig.boot();
        assertThat(FwuRig.booted(r, c)).isEqualTo(V1[c]);
        assertThat(FwuRig.booted(r, 1 - c)).isEqualTo(V1[1 - c]);
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void finishWithNothingWrittenFails(Door door) throws Exception {
        PsaFwu f = reach(door, 1, FwuState.WRITING);
        assertThat(f.finish(1)).isEqualTo(INVALID_ARGUMENT);
        assertThat(state(f, 1)).isEqualTo(FwuState.FAILED);
    }
}
