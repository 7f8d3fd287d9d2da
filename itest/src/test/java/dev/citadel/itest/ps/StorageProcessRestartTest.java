package dev.citadel.itest.ps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.citadel.cli.Main;
import dev.citadel.cli.SpeProcess;
import dev.citadel.ns.SocketClient;
import dev.citadel.ns.its.PsaIts;
import dev.citadel.ns.ps.PsaPs;
import dev.citadel.psa.PsaClient;
import dev.citadel.psa.PsaException;
import dev.citadel.psa.PsaStatus;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real SPE process ({@code citadel spe serve}) restarted on one device directory, through the socket: ITS and PS
 * assets survive, stay private to the client that set them, and a PS area put back from an older copy of the
 * external-flash file (a saved one, or the factory-fresh erased one) is refused as a rollback (the NV counters live in
 * their own file), without being wiped, until {@code citadel device format --ps}.
 */
class StorageProcessRestartTest {
    private static final int CLIENT_A = -1;
    private static final int CLIENT_B = -2;
    private static final long UID = 0x42;

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void assetsSurviveRestartsStayPrivateAndAnOldPsAreaIsRefusedUntilFormatted(@TempDir Path dir) throws Exception {
        Path device = dir.resolve("device");
        Path socket = dir.resolve("spe.sock");
        Path saved = dir.resolve("external_flash.v1");
        List<String> log = Collections.synchronizedList(new ArrayList<>());

        try (SpeProcess spe = SpeProcess.start(device, socket, log::add);
                SocketClient ns = SocketClient.connect(socket)) {
            PsaClient a = ns.asClient(CLIENT_A);
            new PsaIts(a).set(UID, ascii("its v1"), PsaIts.FLAG_NONE);
            new PsaPs(a).set(UID, ascii("ps v1"), PsaPs.FLAG_NONE);
        }
        // An attacker's copy of the PS area as it is now.
        Files.copy(device.resolve("external_flash.bin"), saved);

        try (SpeProcess spe = SpeProcess.start(device, socket, log::add);
                SocketClient ns = SocketClient.connect(socket)) {
            PsaClient a = ns.asClient(CLIENT_A);
            PsaClient b = ns.asClient(CLIENT_B);
            assertThat(new PsaIts(a).get(UID, 0, 64)).isEqualTo(ascii("its v1"));
            assertThat(new PsaPs(a).get(UID, 0, 64)).isEqualTo(ascii("ps v1"));
            assertStatus(() -> new PsaIts(b).get(UID, 0, 64), PsaStatus.DOES_NOT_EXIST);
            assertStatus(() -> new PsaPs(b).get(UID, 0, 64), PsaStatus.DOES_NOT_EXIST);
            new PsaPs(a).set(UID, ascii("ps v2"), PsaPs.FLAG_NONE);
            new PsaPs(b).set(UID, ascii("b's own"), PsaPs.FLAG_NONE);
        }

        try (SpeProcess spe = SpeProcess.start(device, socket, log::add);
                SocketClient ns = SocketClient.connect(socket)) {
            assertThat(new PsaPs(ns.asClient(CLIENT_A)).get(UID, 0, 64)).isEqualTo(ascii("ps v2"));
            assertThat(new PsaPs(ns.asClient(CLIENT_B)).get(UID, 0, 64)).isEqualTo(ascii("b's own"));
        }

        // Put back the older external flash: its table was authenticated with an NV counter value now passed.
        Path external = device.resolve("external_flash.bin");
        Files.copy(saved, external, StandardCopyOption.REPLACE_EXISTING);
        byte[] restored = Files.readAllBytes(external);
        log.clear();
        try (SpeProcess spe = SpeProcess.start(device, socket, log::add);
                SocketClient ns = SocketClient.connect(socket)) {
            PsaClient a = ns.asClient(CLIENT_A);
            assertStatus(() -> new PsaPs(a).get(UID, 0, 64), PsaStatus.DATA_CORRUPT);
            assertStatus(() -> new PsaPs(a).set(UID, ascii("ps v3"), PsaPs.FLAG_NONE), PsaStatus.DATA_CORRUPT);
            // ITS is a different store on a different flash: unaffected.
            assertThat(new PsaIts(a).get(UID, 0, 64)).isEqualTo(ascii("its v1"));
        }
        assertThat(log).anyMatch(l -> l.contains("PS"));
        // Refused, not wiped: the bytes are as they were put back.
        assertThat(Files.readAllBytes(external)).isEqualTo(restored);

        // The factory-fresh copy (all erased) is an older copy too: refused, not taken for a new device.
        byte[] erased = new byte[restored.length];
        Arrays.fill(erased, (byte) 0xFF);
        Files.write(external, erased);
        try (SpeProcess spe = SpeProcess.start(device, socket, log::add);
                SocketClient ns = SocketClient.connect(socket)) {
            assertStatus(() -> new PsaPs(ns.asClient(CLIENT_A)).get(UID, 0, 64), PsaStatus.DATA_CORRUPT);
        }

        // Only the explicit format starts an empty store; the request it leaves is honoured once.
        assertThat(Main.run("device", "format", "--ps", device.toString())).isZero();
        assertThat(device.resolve("ps.format-request")).exists();
        try (SpeProcess spe = SpeProcess.start(device, socket, log::add);
                SocketClient ns = SocketClient.connect(socket)) {
            PsaPs ps = new PsaPs(ns.asClient(CLIENT_A));
            assertStatus(() -> ps.get(UID, 0, 64), PsaStatus.DOES_NOT_EXIST);
            ps.set(UID, ascii("after format"), PsaPs.FLAG_NONE);
        }
        assertThat(device.resolve("ps.format-request")).doesNotExist();
        try (SpeProcess spe = SpeProcess.start(device, socket, log::add);
                SocketClient ns = SocketClient.connect(socket)) {
            assertThat(new PsaPs(ns.asClient(CLIENT_A)).get(UID, 0, 64)).isEqualTo(ascii("after format"));
        }
    }

    private interface Call {
        void run() throws PsaException;
    }

    private static void assertStatus(Call call, PsaStatus status) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(PsaException.class,
                e -> assertThat(e.status()).isEqualTo(status.value()));
    }
}
