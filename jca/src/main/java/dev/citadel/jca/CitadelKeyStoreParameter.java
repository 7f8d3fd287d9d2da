package dev.citadel.jca;

import dev.citadel.pkcs11.token.PsaToken;
import dev.citadel.pkcs11.token.TokenConfig;
import dev.citadel.psa.PsaClient;
import java.security.KeyStore;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * How to load the "Citadel" {@link KeyStore}: the PSA client whose PKCS#11 token holds the entries, and the token's
 * user PIN. Give the {@link PsaToken} too when the same process also uses the token through PKCS#11, so that both
 * views share one token object (one token per client and process keeps the object records consistent).
 *
 * <pre>{@code
 * KeyStore ks = KeyStore.getInstance("Citadel", provider);
 * ks.load(CitadelKeyStoreParameter.of(client, pin));
 * }</pre>
 */
public final class CitadelKeyStoreParameter implements KeyStore.LoadStoreParameter {
    private final PsaClient client;
    private final PsaToken token;
    private final TokenConfig config;
    private final char[] pin;

    private CitadelKeyStoreParameter(PsaClient client, PsaToken token, TokenConfig config, char[] pin) {
        this.client = Objects.requireNonNull(client, "client");
        this.token = token;
        this.config = Objects.requireNonNull(config, "config");
        this.pin = Objects.requireNonNull(pin, "pin").clone();
    }

    /** The token kept by {@code client}'s storage, with the default {@link TokenConfig}, opened at load. */
    public static CitadelKeyStoreParameter of(PsaClient client, char[] pin) {
        return new CitadelKeyStoreParameter(client, null, TokenConfig.defaults(), pin);
    }

    /** An already open {@code token} of {@code client} (the client the token was opened with). */
    public static CitadelKeyStoreParameter of(PsaToken token, PsaClient client, char[] pin) {
        return new CitadelKeyStoreParameter(client, Objects.requireNonNull(token, "token"), TokenConfig.defaults(),
                pin);
    }

    /** The same parameter with a token configuration other than the default (used only to open the token). */
    public CitadelKeyStoreParameter withConfig(TokenConfig c) {
        return new CitadelKeyStoreParameter(client, token, c, pin);
    }

    public PsaClient client() {
        return client;
    }

    Optional<PsaToken> token() {
        return Optional.ofNullable(token);
    }

    TokenConfig config() {
        return config;
    }

    /** A copy of the PIN. */
    char[] pin() {
        return pin.clone();
    }

    /** The user PIN, as a password protection (a copy). */
    @Override
    public KeyStore.ProtectionParameter getProtectionParameter() {
        return new KeyStore.PasswordProtection(pin.clone());
    }

    /** Overwrites this parameter's copy of the PIN. */
    public void clearPin() {
        Arrays.fill(pin, '\0');
    }

    @Override
    public String toString() {
        return "CitadelKeyStoreParameter[" + client + "]";
    }
}
