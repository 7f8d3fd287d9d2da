package dev.citadel.itest.pkcs11;

import dev.citadel.hal.DeviceDirectory;
import dev.citadel.itest.TestSpe;
import dev.citadel.itest.TestSpe.Door;
import dev.citadel.pkcs11.CkAttribute;
import dev.citadel.pkcs11.Cka;
import dev.citadel.pkcs11.Ckf;
import dev.citadel.pkcs11.Ckm;
import dev.citadel.pkcs11.Cko;
import dev.citadel.pkcs11.CkMechanism;
import dev.citadel.pkcs11.Cryptoki;
import dev.citadel.pkcs11.token.PsaToken;
import dev.citadel.pkcs11.token.TokenConfig;
import dev.citadel.spe.SpePartitions;
import dev.citadel.spe.spm.SecurePartition;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;

/** A device's SPE (Crypto, ITS, PS) and a token over it through one door; a new one on the same path is a restart. */
final class TokenDevice implements AutoCloseable {
    static final byte[] SO_PIN = "so-secret".getBytes(StandardCharsets.US_ASCII);
    static final byte[] USER_PIN = "1234".getBytes(StandardCharsets.US_ASCII);
    static final byte[] P256 = HexFormat.of().parseHex("06082a8648ce3d030107");
    static final TokenConfig CONFIG = TokenConfig.defaults().withPinIterations(64).withMaxFailedLogins(3);

    final DeviceDirectory dir;
    final TestSpe spe;
    final PsaToken token;

    TokenDevice(Path path, Door door) throws Exception {
        dir = DeviceDirectory.openOrCreate(path);
        spe = new TestSpe(SpePartitions.forDevice(dir, 16, 32, client -> {}).toArray(new SecurePartition[0]));
        token = PsaToken.open(spe.open(door), CONFIG);
    }

    /** An initialised application. */
    Cryptoki app() throws Exception {
        Cryptoki p = token.application();
        p.initialize(Ckf.OS_LOCKING_OK);
        return p;
    }

    /** Initialises the token and the user PIN; returns an application with a R/W session logged in as user. */
    static long provision(Cryptoki p) throws Exception {
        p.initToken(PsaToken.SLOT_ID, SO_PIN, "test token");
        long so = p.openSession(PsaToken.SLOT_ID, Ckf.SERIAL_SESSION | Ckf.RW_SESSION);
        p.login(so, Ckf.USER_SO, SO_PIN);
        p.initPin(so, USER_PIN);
        p.logout(so);
        p.login(so, Ckf.USER_USER, USER_PIN);
        return so;
    }

    static long[] ecPair(Cryptoki p, long s, String label, boolean token) throws Exception {
        return p.generateKeyPair(s, CkMechanism.of(Ckm.EC_KEY_PAIR_GEN),
                List.of(CkAttribute.ofBytes(Cka.EC_PARAMS, P256), CkAttribute.ofBool(Cka.TOKEN, token),
                        CkAttribute.ofString(Cka.LABEL, label), CkAttribute.ofBool(Cka.VERIFY, true)),
                List.of(CkAttribute.ofBool(Cka.TOKEN, token), CkAttribute.ofString(Cka.LABEL, label),
                        CkAttribute.ofBool(Cka.SIGN, true), CkAttribute.ofBool(Cka.PRIVATE, true)));
    }

    static List<CkAttribute> byLabel(long cls, String label) {
        return List.of(CkAttribute.ofLong(Cka.CLASS, cls), CkAttribute.ofString(Cka.LABEL, label));
    }

    static final long PRIVATE = Cko.PRIVATE_KEY;

    @Override
    public void close() {
        spe.close();
        dir.close();
    }
}
