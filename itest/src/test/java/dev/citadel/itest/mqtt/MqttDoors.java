package dev.citadel.itest.mqtt;

import dev.citadel.itest.TestSpe;
import dev.citadel.itest.TestSpe.Door;
import dev.citadel.jca.CitadelPrivateKey;
import dev.citadel.jca.CitadelProvider;
import dev.citadel.spe.crypto.CryptoPartition;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.EnumMap;
import java.util.Map;

/** One SPE with a Crypto partition, and a Citadel provider per door, for a test class. */
final class MqttDoors implements AutoCloseable {
    private final TestSpe spe = new TestSpe(new CryptoPartition());
    private final Map<Door, CitadelProvider> providers = new EnumMap<>(Door.class);

    private synchronized CitadelProvider provider(Door door) {
        return providers.computeIfAbsent(door, d -> new CitadelProvider(spe.open(d)));
    }

    /** A P-256 key pair generated in the SPE through {@code door}; only its private half's handle is in the JVM. */
    CitadelPrivateKey deviceKey(Door door) throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC", provider(door));
        g.initialize(new ECGenParameterSpec("secp256r1"));
        return (CitadelPrivateKey) g.generateKeyPair().getPrivate();
    }

    @Override
    public void close() {
        spe.close();
    }
}
