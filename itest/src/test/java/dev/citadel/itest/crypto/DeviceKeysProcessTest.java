package dev.citadel.itest.crypto;

import static dev.citadel.itest.crypto.AsymKeys.assertStatus;
import static org.assertj.core.api.Assertions.assertThat;

import dev.citadel.cli.SpeProcess;
import dev.citadel.ns.SocketClient;
import dev.citadel.ns.crypto.KeyDerivationOperation;
import dev.citadel.ns.crypto.PsaCrypto;
import dev.citadel.psa.PsaStatus;
import dev.citadel.psa.crypto.Algorithm;
import dev.citadel.psa.crypto.EccFamily;
import dev.citadel.psa.crypto.KeyAttributes;
import dev.citadel.psa.crypto.KeyDerivationStep;
import dev.citadel.psa.crypto.KeyLifetime;
import dev.citadel.psa.crypto.KeyType;
import dev.citadel.psa.crypto.KeyUsage;
import dev.citadel.spe.crypto.BuiltinKeys;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real SPE process ({@code citadel spe serve}) restarted on one device: keys and the HUK persist. */
class DeviceKeysProcessTest {
    private static final int KEY = 77;

    private static KeyAttributes signingKey() {
        return KeyAttributes.builder().type(KeyType.eccKeyPair(EccFamily.SECP_R1)).bits(256)
                .lifetime(KeyLifetime.PERSISTENT).id(KEY)
                .usage(KeyUsage.of(KeyUsage.SIGN_HASH, KeyUsage.VERIFY_HASH))
                .algorithm(Algorithm.ecdsa(Algorithm.SHA_256)).build();
    }

    private static byte[] hukDerived(PsaCrypto c) throws Exception {
        try (KeyDerivationOperation op = c.keyDerivationSetup(Algorithm.hkdf(Algorithm.SHA_256))) {
            op.inputKey(KeyDerivationStep.SECRET, BuiltinKeys.HUK_ID);
            op.inputBytes(KeyDerivationStep.INFO, "restart".getBytes(StandardCharsets.US_ASCII));
            return op.outputBytes(32);
        }
    }

    @Test
    void aGeneratedKeyAndTheHukSurviveARestartOfTheSpeProcess(@TempDir Path dir) throws Exception {
        Path device = dir.resolve("device");
        Path socket = dir.resolve("spe.sock");
        List<String> log = Collections.synchronizedList(new ArrayList<>());
        byte[] hash = MessageDigest.getInstance("SHA-256").digest("message".getBytes(StandardCharsets.US_ASCII));
        byte[] publicKey;
        byte[] derived;
        byte[] signature;
        try (SpeProcess spe = SpeProcess.start(device, socket, log::add);
                SocketClient client = SocketClient.connect(socket)) {
            PsaCrypto c = new PsaCrypto(client);
            assertThat(c.generateKey(signingKey())).isEqualTo(KEY);
            publicKey = c.exportPublicKey(KEY);
            signature = c.signHash(KEY, Algorithm.ecdsa(Algorithm.SHA_256), hash);
            derived = hukDerived(c);
        }
        assertThat(log).anyMatch(l -> l.contains("provisioned a random HUK and IAK"));
        log.clear();

        try (SpeProcess spe = SpeProcess.start(device, socket, log::add);
                SocketClient client = SocketClient.connect(socket)) {
            PsaCrypto c = new PsaCrypto(client);
            assertThat(c.exportPublicKey(KEY)).isEqualTo(publicKey);
            c.verifyHash(KEY, Algorithm.ecdsa(Algorithm.SHA_256), hash, signature);
            byte[] again = c.signHash(KEY, Algorithm.ecdsa(Algorithm.SHA_256), hash);
            c.verifyHash(KEY, Algorithm.ecdsa(Algorithm.SHA_256), hash, again);
            assertThat(hukDerived(c)).isEqualTo(derived);
            c.destroyKey(KEY);
        }
        assertThat(log).noneMatch(l -> l.contains("provisioned"));

        try (SpeProcess spe = SpeProcess.start(device, socket, log::add);
                SocketClient client = SocketClient.connect(socket)) {
            PsaCrypto c = new PsaCrypto(client);
            assertStatus(() -> c.exportPublicKey(KEY), PsaStatus.INVALID_HANDLE);
            assertThat(hukDerived(c)).isEqualTo(derived);
        }
    }
}
