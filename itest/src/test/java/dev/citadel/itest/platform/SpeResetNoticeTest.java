package dev.citadel.itest.platform;

import static org.assertj.core.api.Assertions.assertThat;

import dev.citadel.cli.Main;
import dev.citadel.cli.SpeProcess;
import dev.citadel.ns.SocketClient;
import dev.citadel.ns.fwu.PsaFwu;
import dev.citadel.ns.platform.PsaPlatform;
import dev.citadel.psa.platform.PlatformError;
import dev.citadel.spe.ResetNotice;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * An SPE process reports each system reset request to whoever started it, one line on its stdout, replies to the
 * caller, and keeps serving: what {@code citadel boot} acts on.
 */
@Timeout(60)
class SpeResetNoticeTest {

    @Test
    void aResetRequestIsRepliedToReportedOnStdoutAndTheSpeKeepsServing(@TempDir Path dir) throws Exception {
        Path socket = dir.resolve("spe.sock");
        List<String> notices = Collections.synchronizedList(new ArrayList<>());
        List<String> log = Collections.synchronizedList(new ArrayList<>());
        String java = ProcessHandle.current().info().command().orElse("java");
        Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "spe", "serve", "--device", dir.resolve("device").toString(), "--socket", socket.toString()).start();
        p.getOutputStream().close();
        try (SpeProcess spe = SpeProcess.supervise(p, log::add, notices::add)) {
            try (SocketClient client = SocketClient.connect(socket)) {
                assertThat(new PsaPlatform(client.defaultClient()).systemReset()).isEqualTo(PlatformError.SUCCESS);
                assertThat(new PsaFwu(client.defaultClient()).requestReboot()).isZero();
                assertThat(client.frameworkVersion()).isEqualTo(0x0101);
            }
            assertThat(spe.stop()).isZero();
        }
        assertThat(notices).hasSize(2);
        // the NS caller as the SPM saw it (a translated, negative NS client ID), then the FWU partition
        assertThat(ResetNotice.parse(notices.get(0)).orElseThrow()).isNegative();
        assertThat(notices.get(1)).isEqualTo(ResetNotice.line(271));
        assertThat(ResetNotice.parse("citadel-spe: ready socket=x")).isEmpty();
        assertThat(log).anyMatch(l -> l.contains("system reset requested by client " + ResetNotice.parse(
                notices.get(0)).orElseThrow()));
    }
}
