package dev.citadel.cli;

import dev.citadel.jca.CitadelKeyStoreParameter;
import dev.citadel.jca.CitadelPrivateKey;
import dev.citadel.jca.CitadelProvider;
import dev.citadel.mqtt.DeviceTls;
import dev.citadel.ns.SocketClient;
import dev.citadel.pkcs11.CkException;
import dev.citadel.pkcs11.token.PsaToken;
import dev.citadel.pkcs11.token.TokenConfig;
import dev.citadel.psa.PsaClient;
import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;

/**
 * The device's NS-side software during one boot: its connection to the SPE as one NS client, the PKCS#11 token of that
 * client and the Citadel KeyStore over it (logged in with the user PIN), from which the device's TLS identity comes:
 * FreeRTOS's device key and certificate, the key staying in the SPE.
 */
final class NsDevice implements AutoCloseable {
    private final SocketClient spe;
    private final PsaClient client;
    private final KeyStore keyStore;

    private NsDevice(SocketClient spe, PsaClient client, KeyStore keyStore) {
        this.spe = spe;
        this.client = client;
        this.keyStore = keyStore;
    }

    /**
     * Connects to the SPE at {@code socket} as NS client {@code nsid} and opens its token.
     *
     * @throws IOException if the SPE cannot be reached
     * @throws GeneralSecurityException if the token cannot be opened or the PIN is refused
     */
    static NsDevice open(Path socket, int nsid, char[] pin) throws IOException, GeneralSecurityException {
        SocketClient c = SocketClient.connect(socket);
        try {
            PsaClient client = c.asClient(nsid);
            PsaToken token = PsaToken.open(client, TokenConfig.defaults());
            KeyStore ks = KeyStore.getInstance(CitadelProvider.NAME, new CitadelProvider(client));
            ks.load(CitadelKeyStoreParameter.of(token, client, pin));
            return new NsDevice(c, client, ks);
        } catch (CkException e) {
            c.close();
            throw new GeneralSecurityException("the token: " + e.getMessage(), e);
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            c.close();
            throw e;
        }
    }

    PsaClient client() {
        return client;
    }

    /** The device key ({@value ProvisionCommand#DEVICE_KEY}), held in the SPE. */
    CitadelPrivateKey key() throws GeneralSecurityException {
        if (!keyStore.isKeyEntry(ProvisionCommand.DEVICE_KEY)) {
            throw new GeneralSecurityException("the token holds no '" + ProvisionCommand.DEVICE_KEY
                    + "' (provision the device first: citadel provision device)");
        }
        return (CitadelPrivateKey) keyStore.getKey(ProvisionCommand.DEVICE_KEY, null);
    }

    /** The device key's certificate chain, device certificate first. */
    List<X509Certificate> chain() throws GeneralSecurityException {
        Certificate[] chain = keyStore.getCertificateChain(ProvisionCommand.DEVICE_KEY);
        if (chain == null || chain.length == 0) {
            throw new GeneralSecurityException("the device key has no certificate (citadel provision device"
                    + " --cert FILE)");
        }
        return Arrays.stream(chain).map(X509Certificate.class::cast).toList();
    }

    /** Mutual TLS with the device key in the SPE, trusting {@code anchors} for the broker's certificate. */
    DeviceTls tls(List<X509Certificate> anchors) throws GeneralSecurityException {
        return DeviceTls.citadel(key(), chain(), anchors);
    }

    @Override
    public void close() {
        spe.close();
    }
}
