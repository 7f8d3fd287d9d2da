package dev.citadel.itest.crypto;

import static dev.citadel.itest.crypto.AsymKeys.P_PAIR;
import static dev.citadel.itest.crypto.AsymKeys.P_PUBLIC;
import static dev.citadel.itest.crypto.AsymKeys.X_PAIR;
import static dev.citadel.itest.crypto.AsymKeys.assertStatus;
import static dev.citadel.itest.crypto.AsymKeys.attrs;
import static org.assertj.core.api.Assertions.assertThat;

import dev.citadel.itest.TestSpe;
import dev.citadel.itest.TestSpe.Door;
import dev.citadel.ns.Dispatcher;
import dev.citadel.ns.crypto.PsaCrypto;
import dev.citadel.psa.PsaStatus;
import dev.citadel.psa.crypto.Algorithm;
import dev.citadel.psa.crypto.KeyUsage;
import dev.citadel.spe.crypto.CryptoPartition;
import java.security.KeyPair;
import java.util.HexFormat;
import javax.crypto.KeyAgreement;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Raw key agreement (ECDH, X25519) and the policy of asymmetric keys. */
class CryptoAgreementTest {
    private static final HexFormat HEX = HexFormat.of();
    private TestSpe spe;

    @BeforeEach
    void start() {
        spe = new TestSpe(new CryptoPartition());
    }

    @AfterEach
    void stop() {
        spe.close();
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void ecdhOnEveryCurveMatchesTheJdk(Door door) throws Exception {
        PsaCrypto c = new PsaCrypto(spe.open(door));
        for (int bits : new int[] {256, 384, 521}) {
            KeyPair peer = AsymKeys.ecPair(bits);
            int key = c.generateKey(attrs(P_PAIR, bits, Algorithm.ECDH, KeyUsage.DERIVE));
            KeyAgreement ka = KeyAgreement.getInstance("ECDH");
            ka.init(peer.getPrivate());
            ka.doPhase(AsymKeys.jdkEcPublic(c.exportPublicKey(key), bits), true);
            byte[] expected = ka.generateSecret();
            byte[] secret = c.rawKeyAgreement(Algorithm.ECDH, key, AsymKeys.ecPublic(peer.getPublic(), bits));
            assertThat(secret).hasSize((bits + 7) / 8).isEqualTo(expected);
            c.destroyKey(key);
        }
    }

    /** RFC 7748 §6.1. */
    @ParameterizedTest
    @EnumSource(Door.class)
    void x25519GivesRfc7748sAnswer(Door door) throws Exception {
        PsaCrypto c = new PsaCrypto(spe.open(door));
        int alice = c.importKey(attrs(X_PAIR, 255, Algorithm.ECDH, KeyUsage.DERIVE),
                HEX.parseHex("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a"));
        assertThat(HEX.formatHex(c.exportPublicKey(alice)))
                .isEqualTo("8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a");
        byte[] secret = c.rawKeyAgreement(Algorithm.ECDH, alice,
                HEX.parseHex("de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f"));
        assertThat(HEX.formatHex(secret))
                .isEqualTo("4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742");
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void invalidPeersAndZeroResultsAreInvalidArguments(Door door) throws Exception {
        PsaCrypto c = new PsaCrypto(spe.open(door));
        int x = c.generateKey(attrs(X_PAIR, 255, Algorithm.ECDH, KeyUsage.DERIVE));
        assertStatus(() -> c.rawKeyAgreement(Algorithm.ECDH, x, new byte[32]), PsaStatus.INVALID_ARGUMENT);
        assertStatus(() -> c.rawKeyAgreement(Algorithm.ECDH, x, new byte[31]), PsaStatus.INVALID_ARGUMENT);
        int p = c.generateKey(attrs(P_PAIR, 256, Algorithm.ECDH, KeyUsage.DERIVE));
        byte[] point = AsymKeys.ecPublic(AsymKeys.ecPair(256).getPublic(), 256);
        point[64] ^= 1;
        assertStatus(() -> c.rawKeyAgreement(Algorithm.ECDH, p, point), PsaStatus.INVALID_ARGUMENT);
        byte[] p384 = AsymKeys.ecPublic(AsymKeys.ecPair(384).getPublic(), 384);
        assertStatus(() -> c.rawKeyAgreement(Algorithm.ECDH, p, p384), PsaStatus.INVALID_ARGUMENT);
        assertStatus(() -> c.rawKeyAgreement(Algorithm.ECDSA_ANY, p, point), PsaStatus.INVALID_ARGUMENT);
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void policyIsEnforced(Door door) throws Exception {
        Dispatcher d = spe.open(door);
        PsaCrypto c = new PsaCrypto(d.asClient(-1));
        PsaCrypto other = new PsaCrypto(d.asClient(-2));
        byte[] peer = AsymKeys.ecPublic(AsymKeys.ecPair(256).getPublic(), 256);
        int noDerive = c.generateKey(attrs(P_PAIR, 256, Algorithm.ECDH, KeyUsage.SIGN_HASH));
        assertStatus(() -> c.rawKeyAgreement(Algorithm.ECDH, noDerive, peer), PsaStatus.NOT_PERMITTED);
        int ecdsaOnly = c.generateKey(attrs(P_PAIR, 256, Algorithm.ecdsa(Algorithm.SHA_256), KeyUsage.DERIVE));
        assertStatus(() -> c.rawKeyAgreement(Algorithm.ECDH, ecdsaOnly, peer), PsaStatus.NOT_PERMITTED);
        int key = c.generateKey(attrs(P_PAIR, 256, Algorithm.ECDH, KeyUsage.DERIVE));
        assertStatus(() -> other.rawKeyAgreement(Algorithm.ECDH, key, peer), PsaStatus.INVALID_HANDLE);
        int pub = c.importKey(attrs(P_PUBLIC, 256, Algorithm.ECDH, KeyUsage.DERIVE), peer);
        assertStatus(() -> c.rawKeyAgreement(Algorithm.ECDH, pub, peer), PsaStatus.INVALID_ARGUMENT);
        assertThat(c.rawKeyAgreement(Algorithm.ECDH, key, peer)).hasSize(32);
    }
}
