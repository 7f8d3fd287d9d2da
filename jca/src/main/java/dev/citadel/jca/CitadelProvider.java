package dev.citadel.jca;

import dev.citadel.ns.crypto.PsaCrypto;
import dev.citadel.psa.PsaClient;
import java.security.Provider;
import java.security.Security;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The "Citadel" JCA provider: Signature, KeyPairGenerator, KeyAgreement, Cipher, Mac and SecureRandom over the PSA
 * Crypto API, with every private and secret key held in the SPE, and KeyStore "Citadel", a view of the PKCS#11
 * token's objects ({@link CitadelKeyStoreParameter}).
 *
 * <p>Each key-taking service names Citadel's key classes in its {@code SupportedKeyClasses} attribute, so JCA's
 * delayed provider selection gives Citadel keys to Citadel and every other key to the providers that can use it:
 * {@code Signature.getInstance("SHA256withECDSA")} signs in the SPE for a Citadel key and in SunEC for a JDK key,
 * whether Citadel was inserted first or appended last. Operations on a key run through the door the key came from;
 * the provider's own client serves only what has no key (key generation, random bytes).
 *
 * <p>Install it last ({@link Security#addProvider}): a provider at position 1 also becomes the JVM's default
 * {@code KeyPairGenerator} for EC, RSA, Ed25519 and X25519 and its default {@code SecureRandom}, which JSSE and
 * everything else would then use for their ephemeral keys and randomness.
 */
public final class CitadelProvider extends Provider {
    private static final long serialVersionUID = 1L;

    /** The provider's name. */
    public static final String NAME = "Citadel";

    private final transient PsaCrypto crypto;
    /** The client whose token {@code KeyStore.load(null, pin)} opens; null for a provider made over a key's door. */
    private final transient PsaClient client;

    /**
     * A provider whose key generation and randomness go through {@code client}, and whose KeyStore "Citadel" loaded
     * with {@code load(null, pin)} is the token kept by that client.
     */
    public CitadelProvider(PsaClient client) {
        this(new PsaCrypto(Objects.requireNonNull(client, "client")), client);
    }

    /** A provider over an existing PSA Crypto API object (as a key's own door). */
    CitadelProvider(PsaCrypto crypto) {
        this(crypto, null);
    }

    private CitadelProvider(PsaCrypto crypto, PsaClient client) {
        super(NAME, "0.1", "Citadel: PSA Crypto in the SPE (keys never leave it)");
        this.crypto = Objects.requireNonNull(crypto, "crypto");
        this.client = client;
        register();
    }

    /** The PSA Crypto API this provider generates keys and draws randomness through. */
    public PsaCrypto crypto() {
        return crypto;
    }

    /** Appends {@code provider} to the JVM's providers unless a provider named "Citadel" is installed already. */
    public static void installIfAbsent(CitadelProvider provider) {
        synchronized (CitadelProvider.class) {
            if (Security.getProvider(NAME) == null) {
                Security.addProvider(provider);
            }
        }
    }

    private void register() {
        for (JcaNames.SignatureService s : JcaNames.SignatureService.values()) {
            add("Signature", s.jcaName, CitadelSignature.class, () -> new CitadelSignature(s), List.of(),
                    s.oid, s.kind.keyClass);
        }
        for (JcaNames.GeneratorName g : JcaNames.GeneratorName.values()) {
            add("KeyPairGenerator", g.jcaName, CitadelKeyPairGenerator.class,
                    () -> new CitadelKeyPairGenerator(crypto, g), List.of(), null, null);
        }
        for (JcaNames.AgreementName a : JcaNames.AgreementName.values()) {
            add("KeyAgreement", a.jcaName, CitadelKeyAgreement.class, () -> new CitadelKeyAgreement(a), a.aliases,
                    null, a.kind.keyClass);
        }
        add("Cipher", JcaNames.CipherName.AES_GCM.transformation, AesGcmCipher.class, AesGcmCipher::new, List.of(),
                null, CitadelSecretKey.class);
        add("Cipher", JcaNames.CipherName.RSA_OAEP_SHA256.transformation, RsaOaepCipher.class, RsaOaepCipher::new,
                List.of(), null, CitadelRsaPrivateKey.class);
        for (JcaNames.MacService m : JcaNames.MacService.values()) {
            add("Mac", m.jcaName, CitadelMac.class, () -> new CitadelMac(m), List.of(), m.oid, CitadelSecretKey.class);
        }
        add("KeyStore", "Citadel", CitadelKeyStore.class, () -> new CitadelKeyStore(client), List.of(), null, null);
        putService(new CitadelService(this, "SecureRandom", "PSA", CitadelSecureRandom.class.getName(), List.of(),
                Map.of("ThreadSafe", "true"), () -> new CitadelSecureRandom(crypto)));
    }

    private void add(String type, String algorithm, Class<?> spi, Supplier<Object> factory, List<String> aliases,
            String oid, Class<?> keyClass) {
        List<String> all = new java.util.ArrayList<>(aliases);
        if (oid != null) {
            all.add(oid);
            all.add("OID." + oid);
        }
        Map<String, String> attributes = keyClass == null ? Map.of() : Map.of("SupportedKeyClasses", keyClass.getName());
        putService(new CitadelService(this, type, algorithm, spi.getName(), all, attributes, factory));
    }

    /** A service whose instances are made by a factory holding the provider's state, not by reflection. */
    private static final class CitadelService extends Service {
        private final Supplier<Object> factory;

        CitadelService(Provider provider, String type, String algorithm, String className, List<String> aliases,
                Map<String, String> attributes, Supplier<Object> factory) {
            super(provider, type, algorithm, className, aliases, attributes);
            this.factory = factory;
        }

        @Override
        public Object newInstance(Object constructorParameter) {
            return factory.get();
        }
    }
}
