package dev.citadel.itest.jca;

import dev.citadel.itest.TestSpe;
import dev.citadel.itest.TestSpe.Door;
import dev.citadel.jca.CitadelKeyGenParameterSpec;
import dev.citadel.jca.CitadelKeys;
import dev.citadel.jca.CitadelPrivateKey;
import dev.citadel.jca.CitadelProvider;
import dev.citadel.ns.crypto.PsaCrypto;
import dev.citadel.psa.crypto.Algorithm;
import dev.citadel.psa.crypto.KeyAttributes;
import dev.citadel.psa.crypto.KeyType;
import dev.citadel.psa.crypto.KeyUsage;
import dev.citadel.spe.crypto.CryptoPartition;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.AlgorithmParameterSpec;
import java.util.EnumMap;
import java.util.Map;

/** One SPE with a Crypto partition and a Citadel provider per door, for a test class. */
final class JcaDoors implements AutoCloseable {
    final TestSpe spe = new TestSpe(new CryptoPartition());
    private final Map<Door, CitadelProvider> providers = new EnumMap<>(Door.class);

    CitadelProvider provider(Door door) {
        return providers.computeIfAbsent(door, d -> new CitadelProvider(spe.open(d)));
    }

    PsaCrypto crypto(Door door) {
        return provider(door).crypto();
    }

    /** A key pair generated in the SPE by Citadel's KeyPairGenerator, named explicitly. */
    KeyPair generate(Door door, String algorithm, AlgorithmParameterSpec spec) throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance(algorithm, provider(door));
        if (spec != null) {
            g.initialize(spec);
        }
        return g.generateKeyPair();
    }

    KeyPair generate(Door door, String algorithm, int size) throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance(algorithm, provider(door));
        g.initialize(size);
        return g.generateKeyPair();
    }

    /** An RSA key made with PSA calls whose policy permits PKCS#1 v1.5 signatures only. */
    CitadelPrivateKey rsaPkcs1Only(Door door, int bits) throws Exception {
        PsaCrypto c = crypto(door);
        int id = c.generateKey(KeyAttributes.builder().type(KeyType.RSA_KEY_PAIR).bits(bits)
                .usage(KeyUsage.of(KeyUsage.SIGN_HASH, KeyUsage.VERIFY_HASH))
                .algorithm(Algorithm.rsaPkcs1v15Sign(Algorithm.ANY_HASH)).build());
        return CitadelKeys.privateKey(c, id);
    }

    static CitadelKeyGenParameterSpec.Builder spec(AlgorithmParameterSpec keySpec) {
        return CitadelKeyGenParameterSpec.builder(keySpec);
    }

    @Override
    public void close() {
        spe.close();
    }
}
