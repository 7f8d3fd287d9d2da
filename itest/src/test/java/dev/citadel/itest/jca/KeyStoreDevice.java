package dev.citadel.itest.jca;

import dev.citadel.hal.DeviceDirectory;
import dev.citadel.itest.TestSpe;
import dev.citadel.itest.TestSpe.Door;
import dev.citadel.jca.CitadelKeyStoreParameter;
import dev.citadel.jca.CitadelProvider;
import dev.citadel.pkcs11.CkAttribute;
import dev.citadel.pkcs11.Cka;
import dev.citadel.pkcs11.Ckf;
import dev.citadel.pkcs11.CkMechanism;
import dev.citadel.pkcs11.Ckm;
import dev.citadel.pkcs11.Cko;
import dev.citadel.pkcs11.Cryptoki;
import dev.citadel.pkcs11.token.PsaToken;
import dev.citadel.pkcs11.token.TokenConfig;
import dev.citadel.psa.PsaClient;
import dev.citadel.spe.SpePartitions;
import dev.citadel.spe.spm.SecurePartition;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.HexFormat;
import java.util.List;

/**
 * A device (Crypto, ITS, PS on a device directory), one door into it, its PKCS#11 token and a Citadel KeyStore over
 * that same token. A new one on the same path is an SPE restart.
 */
final class KeyStoreDevice implements AutoCloseable {
    static final char[] PIN = "0000".toCharArray();
    static final byte[] SO_PIN = "so-secret".getBytes(StandardCharsets.US_ASCII);
    static final byte[] P256 = HexFormat.of().parseHex("06082a8648ce3d030107");
    static final TokenConfig CONFIG = TokenConfig.defaults().withPinIterations(64).withMaxFailedLogins(3);

    final DeviceDirectory dir;
    final TestSpe spe;
    final PsaClient client;
    final PsaToken token;
    final CitadelProvider provider;

    KeyStoreDevice(Path path, Door door) throws Exception {
        dir = DeviceDirectory.openOrCreate(path);
        spe = new TestSpe(SpePartitions.forDevice(dir, 16, 32, c -> {}).toArray(new SecurePartition[0]));
        client = spe.open(door);
        token = PsaToken.open(client, CONFIG);
        provider = new CitadelProvider(client);
    }

    /** Initialises the token with the SO PIN and the user PIN {@link #PIN}. */
    void initToken() throws Exception {
        Cryptoki p = token.application();
        p.initialize(Ckf.OS_LOCKING_OK);
        p.initToken(PsaToken.SLOT_ID, SO_PIN, "citadel");
        long s = p.openSession(PsaToken.SLOT_ID, Ckf.SERIAL_SESSION | Ckf.RW_SESSION);
        p.login(s, Ckf.USER_SO, SO_PIN);
        p.initPin(s, new String(PIN).getBytes(StandardCharsets.US_ASCII));
        p.finalizeLibrary();
    }

    KeyStore keyStore(char[] pin) throws Exception {
        KeyStore ks = KeyStore.getInstance("Citadel", provider);
        ks.load(CitadelKeyStoreParameter.of(token, client, pin));
        return ks;
    }

    /** An application logged in as the user, with a R/W session; returns {app, session}. */
    Session user() throws Exception {
        Cryptoki p = token.application();
        p.initialize(Ckf.OS_LOCKING_OK);
        long s = p.openSession(PsaToken.SLOT_ID, Ckf.SERIAL_SESSION | Ckf.RW_SESSION);
        p.login(s, Ckf.USER_USER, new String(PIN).getBytes(StandardCharsets.US_ASCII));
        return new Session(p, s);
    }

    record Session(Cryptoki p, long s) {
        long[] find(long cls, String label) throws Exception {
            p.findObjectsInit(s, List.of(CkAttribute.ofLong(Cka.CLASS, cls), CkAttribute.ofString(Cka.LABEL, label)));
            long[] found = p.findObjects(s, 16);
            p.findObjectsFinal(s);
            return found;
        }

        byte[] attr(long o, long type) throws Exception {
            return p.getAttributes(s, o, type).get(0).value();
        }

        /** A P-256 token key pair made through PKCS#11, with {@code id} on both halves. */
        long[] ecPair(String label, byte[] id) throws Exception {
            return p.generateKeyPair(s, CkMechanism.of(Ckm.EC_KEY_PAIR_GEN),
                    List.of(CkAttribute.ofBytes(Cka.EC_PARAMS, P256), CkAttribute.ofBool(Cka.TOKEN, true),
                            CkAttribute.ofString(Cka.LABEL, label), CkAttribute.ofBytes(Cka.ID, id)),
                    List.of(CkAttribute.ofBool(Cka.TOKEN, true), CkAttribute.ofString(Cka.LABEL, label),
                            CkAttribute.ofBytes(Cka.ID, id), CkAttribute.ofBool(Cka.SIGN, true)));
        }

        void close() throws Exception {
            p.finalizeLibrary();
        }
    }

    static final long PRIVATE_KEY = Cko.PRIVATE_KEY;
    static final long PUBLIC_KEY = Cko.PUBLIC_KEY;
    static final long CERTIFICATE = Cko.CERTIFICATE;

    @Override
    public void close() {
        spe.close();
        dir.close();
    }
}
