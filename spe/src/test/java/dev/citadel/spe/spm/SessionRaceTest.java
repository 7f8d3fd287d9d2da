package dev.citadel.spe.spm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.citadel.psa.NsGateway;
import dev.citadel.psa.Psa;
import dev.citadel.psa.PsaStatus;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A session that ends while one of its connects is still with the service leaks nothing. */
class SessionRaceTest {
    private static final int SID = 0xF300;

    @Test
    void connectAcceptedAfterItsSessionEndedIsUndone() throws Exception {
        CountDownLatch inConnect = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        List<Integer> disconnects = new CopyOnWriteArrayList<>();
        TestPartition p = TestPartition.of("RACE", 510, TestPartition.connectionBased("RACE_SVC", SID))
                .serving((s, m) -> {
                    if (m.type() == Psa.IPC_CONNECT) {
                        inConnect.countDown();
                        try {
                            release.await(10, TimeUnit.SECONDS);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    } else if (m.type() == Psa.IPC_DISCONNECT) {
                        disconnects.add(m.handle());
                    }
                    return PsaStatus.SUCCESS.value();
                });
        Spm spm = Spm.builder().log(l -> {}).partition(p).build();
        spm.start();
        NsGateway ns = spm.openSession(NsAgent.trustZone());

        CompletableFuture<Integer> connect = CompletableFuture.supplyAsync(() -> ns.connect(-1, SID, 1));
        assertThat(inConnect.await(10, TimeUnit.SECONDS)).isTrue();
        ns.close();
        release.countDown();

        assertThat(connect.get(10, TimeUnit.SECONDS)).isEqualTo(PsaStatus.PROGRAMMER_ERROR.value());
        assertThat(spm.connectionsInUse()).isZero();
        assertThat(disconnects).hasSize(1);
    }
}
