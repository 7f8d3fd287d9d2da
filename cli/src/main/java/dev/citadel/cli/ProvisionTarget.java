package dev.citadel.cli;

import dev.citadel.jca.CitadelKeyStoreParameter;
import dev.citadel.jca.CitadelProvider;
import dev.citadel.ns.SocketClient;
import dev.citadel.pkcs11.CkException;
import dev.citadel.pkcs11.Ckf;
import dev.citadel.pkcs11.Cryptoki;
import dev.citadel.pkcs11.token.PsaToken;
import dev.citadel.pkcs11.token.TokenConfig;
import dev.citadel.psa.ClientIds;
import dev.citadel.psa.PsaClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import picocli.CommandLine.Option;

/** The options every {@code citadel provision} subcommand takes: the SPE's socket, the NS client and the user PIN. */
class ProvisionTarget {
    @Option(names = "--spe", required = true, paramLabel = "SOCKET", description = "The running SPE's socket.")
    Path spe;

    @Option(names = "--nsid", defaultValue = "-1", paramLabel = "N",
            description = "Act as this NS client, -65536..-1 (default: ${DEFAULT-VALUE}); the token is that client's.")
    int nsid;

    @Option(names = "--pin", paramLabel = "PIN", description = "The token's user PIN.")
    String pin;

    @Option(names = "--pin-file", paramLabel = "FILE", description = "A file whose first line is the user PIN.")
    Path pinFile;

    /** The work of one command, over an open connection. */
    interface Work {
        void run(Device device) throws Exception;
    }

    /** The connection to the SPE, the token of this NS client, and (after {@link #keyStore}) the KeyStore. */
    static final class Device implements AutoCloseable {
        final PsaClient client;
        final PsaToken token;
        final CitadelProvider provider;
        private final ProvisionTarget target;
        private Cryptoki user;
        private long userSession;
        private KeyStore keyStore;

        Device(PsaClient client, PsaToken token, ProvisionTarget target) {
            this.client = client;
            this.token = token;
            this.provider = new CitadelProvider(client);
            this.target = target;
        }

        /** The Citadel KeyStore over the token, logged in with the user PIN (once per command). */
        KeyStore keyStore() throws GeneralSecurityException {
            if (keyStore != null) {
                return keyStore;
            }
            KeyStore ks = KeyStore.getInstance("Citadel", provider);
            char[] p = target.userPin().toCharArray();
            try {
                ks.load(CitadelKeyStoreParameter.of(token, client, p));
            } catch (IOException e) {
                throw new UserException(e.getMessage());
            }
            keyStore = ks;
            return ks;
        }

        /** A new PKCS#11 application on the token, initialised. */
        Cryptoki application() throws CkException {
            Cryptoki p = token.application();
            p.initialize(Ckf.OS_LOCKING_OK);
            return p;
        }

        /**
         * This command's PKCS#11 application, logged in as the user with a R/W session (one login per command: each
         * costs the PIN's key derivation in the SPE).
         */
        Cryptoki user() throws CkException {
            if (user == null) {
                Cryptoki p = application();
                try {
                    long s = p.openSession(PsaToken.SLOT_ID, Ckf.SERIAL_SESSION | Ckf.RW_SESSION);
                    p.login(s, Ckf.USER_USER, target.userPin().getBytes(StandardCharsets.UTF_8));
                    userSession = s;
                } catch (CkException e) {
                    p.finalizeLibrary();
                    throw e;
                }
                user = p;
            }
            return user;
        }

        long userSession() throws CkException {
            user();
            return userSession;
        }

        @Override
        public void close() {
            if (user != null) {
                try {
                    user.finalizeLibrary();
                } catch (CkException ignored) {
                    // already finalized
                }
            }
        }
    }

    String userPin() {
        if (pin != null && pinFile != null) {
            throw new UserException("give --pin or --pin-file, not both", Main.USAGE);
        }
        if (pin != null) {
            return pin;
        }
        if (pinFile == null) {
            throw new UserException("the token's user PIN is needed: --pin or --pin-file", Main.USAGE);
        }
        try {
            return Files.readString(pinFile, StandardCharsets.UTF_8).lines().findFirst().orElse("");
        } catch (IOException e) {
            throw new UserException("cannot read the PIN file " + pinFile + ": " + e.getMessage());
        }
    }

    /** Connects, opens the token and runs {@code work}; every failure becomes one line. */
    void with(Work work) {
        if (!ClientIds.isValidNsid(nsid)) {
            throw new UserException("--nsid must be in [-65536, -1], got " + nsid, Main.USAGE);
        }
        if (!Files.exists(spe)) {
            throw new UserException("no SPE socket at " + spe + " (start one with 'citadel spe serve')");
        }
        try (SocketClient c = SocketClient.connect(spe)) {
            PsaClient client = c.asClient(nsid);
            PsaToken token = PsaToken.open(client, TokenConfig.defaults());
            try (Device d = new Device(client, token, this)) {
                work.run(d);
            }
        } catch (UserException e) {
            throw e;
        } catch (CkException e) {
            throw new UserException("token: " + ProvisionErrors.describe(e));
        } catch (IOException e) {
            throw new UserException("cannot reach the SPE at " + spe + ": " + e.getMessage());
        } catch (Exception e) {
            throw new UserException(e.getMessage() == null ? e.toString() : e.getMessage());
        }
    }
}
