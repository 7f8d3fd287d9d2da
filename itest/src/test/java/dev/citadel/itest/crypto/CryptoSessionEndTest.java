package dev.citadel.itest.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.citadel.itest.TestSpe;
import dev.citadel.itest.TestSpe.Door;
import dev.citadel.ns.Dispatcher;
import dev.citadel.ns.crypto.HashOperation;
import dev.citadel.ns.crypto.PsaCrypto;
import dev.citadel.psa.PsaException;
import dev.citadel.psa.PsaStatus;
import dev.citadel.psa.crypto.Algorithm;
import dev.citadel.spe.crypto.CryptoPartition;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Multi-part operations are released when the last NS session serving their client ends, so a client that goes away
 * without aborting does not hold the partition's operation slots forever; while another session of the same client
 * lives, they stay.
 */
class CryptoSessionEndTest {
    private static final int SLOTS = 4;
    private static final long WAIT_MILLIS = 10_000;

    private TestSpe spe;

    @BeforeEach
    void start() {
        spe = new TestSpe(new CryptoPartition(SLOTS));
    }

    @AfterEach
    void stop() {
        spe.close();
    }

    private static List<HashOperation> fill(PsaCrypto c) throws PsaException {
        List<HashOperation> ops = new ArrayList<>();
        for (int i = 0; i < SLOTS; i++) {
            ops.add(c.hashSetup(Algorithm.SHA_256));
        }
        return ops;
    }

    /**
     * A socket session ends when the server reads the end of the stream, shortly after the client closes; the wait
     * is bounded and asserts the outcome, not a time.
     */
    private static HashOperation setupOnceFree(PsaCrypto c) throws Exception {
        long deadline = System.nanoTime() + WAIT_MILLIS * 1_000_000;
        while (true) {
            try {
                return c.hashSetup(Algorithm.SHA_256);
            } catch (PsaException e) {
                if (e.psaStatus() != PsaStatus.NOT_PERMITTED || System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(5);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void operationsOfAClosedSessionAreReleased(Door door) throws Exception {
        Dispatcher first = spe.open(door);
        fill(new PsaCrypto(first));
        PsaCrypto other = new PsaCrypto(spe.open(door).asClient(-2));
        assertThatThrownBy(() -> other.hashSetup(Algorithm.SHA_256))
                .satisfies(e -> assertThat(((PsaException) e).psaStatus()).isEqualTo(PsaStatus.NOT_PERMITTED));

        first.close();

        List<HashOperation> reused = new ArrayList<>();
        reused.add(setupOnceFree(other));
        for (int i = 1; i < SLOTS; i++) {
            reused.add(other.hashSetup(Algorithm.SHA_256));
        }
        for (HashOperation op : reused) {
            op.update(new byte[] {1});
            assertThat(op.finish()).hasSize(32);
        }
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void operationsSurviveWhileAnotherSessionOfTheClientLives(Door door) throws Exception {
        Dispatcher keeper = spe.open(door);
        PsaCrypto c = new PsaCrypto(keeper);
        HashOperation op = c.hashSetup(Algorithm.SHA_256);
        op.update("ab".getBytes());

        int liveBefore = door == Door.SOCKET ? spe.server().liveConnections() : 0;
        Dispatcher passer = spe.open(door);
        new PsaCrypto(passer).generateRandom(1); // the same client ID, served by a second session
        passer.close();
        if (door == Door.SOCKET) {
            // The server ends the session before it forgets the connection, so this waits for the session's end.
            long deadline = System.nanoTime() + WAIT_MILLIS * 1_000_000;
            while (spe.server().liveConnections() > liveBefore && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertThat(spe.server().liveConnections()).isEqualTo(liveBefore);
        }

        op.update("c".getBytes());
        assertThat(op.finish()).isEqualTo(
                java.security.MessageDigest.getInstance("SHA-256").digest("abc".getBytes()));
    }
}
