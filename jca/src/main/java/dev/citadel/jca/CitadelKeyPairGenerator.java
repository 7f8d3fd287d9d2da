package dev.citadel.jca;

import dev.citadel.ns.crypto.PsaCrypto;
import dev.citadel.psa.PsaException;
import dev.citadel.psa.crypto.KeyAttributes;
import dev.citadel.psa.crypto.KeyId;
import dev.citadel.psa.crypto.KeyType;
import dev.citadel.psa.crypto.KeyUsage;
import java.security.InvalidAlgorithmParameterException;
import java.security.InvalidKeyException;
import java.security.InvalidParameterException;
import java.security.KeyPair;
import java.security.KeyPairGeneratorSpi;
import java.security.ProviderException;
import java.security.SecureRandom;
import java.security.spec.AlgorithmParameterSpec;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.NamedParameterSpec;
import java.security.spec.RSAKeyGenParameterSpec;
import java.util.Set;

/**
 * Key pairs generated in the SPE ({@code psa_generate_key}): the public key is the JDK's, read back with
 * {@code psa_export_public_key}; the private key is a Citadel key. Keys are volatile and non-exportable unless a
 * {@link CitadelKeyGenParameterSpec} says otherwise.
 */
final class CitadelKeyPairGenerator extends KeyPairGeneratorSpi {
    private final PsaCrypto crypto;
    private final JcaNames.GeneratorName name;
    private JcaNames.Curve curve;
    private int rsaBits = JcaNames.RSA_DEFAULT_BITS;
    private CitadelKeyGenParameterSpec options = CitadelKeyGenParameterSpec.builder(1).build();

    CitadelKeyPairGenerator(PsaCrypto crypto, JcaNames.GeneratorName name) {
        this.crypto = crypto;
        this.name = name;
        this.curve = name.defaultCurve;
    }

    @Override
    public void initialize(int keysize, SecureRandom random) {
        try {
            size(keysize);
        } catch (InvalidAlgorithmParameterException e) {
            throw new InvalidParameterException(e.getMessage());
        }
        options = CitadelKeyGenParameterSpec.builder(keysize).build();
    }

    @Override
    public void initialize(AlgorithmParameterSpec params, SecureRandom random)
            throws InvalidAlgorithmParameterException {
        if (params instanceof CitadelKeyGenParameterSpec) {
            CitadelKeyGenParameterSpec spec = (CitadelKeyGenParameterSpec) params;
            if (spec.keySpec() != null) {
                keySpec(spec.keySpec());
            } else {
                size(spec.keySize());
            }
            try {
                JcaNames.policy(name.kind, purposes(spec));
            } catch (IllegalArgumentException e) {
                throw new InvalidAlgorithmParameterException(e.getMessage(), e);
            }
            options = spec;
        } else {
            keySpec(params);
            options = CitadelKeyGenParameterSpec.builder(params).build();
        }
    }

    private Set<CitadelKeyGenParameterSpec.Purpose> purposes(CitadelKeyGenParameterSpec spec) {
        return spec.purposes().isEmpty() ? JcaNames.defaultPurposes(name.kind) : spec.purposes();
    }

    private void size(int keysize) throws InvalidAlgorithmParameterException {
        if (name.kind == JcaNames.KeyKind.RSA) {
            if (keysize < JcaNames.RSA_MIN_BITS || keysize > JcaNames.RSA_MAX_BITS || keysize % 8 != 0) {
                throw new InvalidAlgorithmParameterException("RSA keys are " + JcaNames.RSA_MIN_BITS + ".."
                        + JcaNames.RSA_MAX_BITS + " bits in whole bytes, not " + keysize);
            }
            rsaBits = keysize;
            return;
        }
        JcaNames.Curve c = name.kind == JcaNames.KeyKind.EC
                ? JcaNames.Curve.ecByOrderBits(keysize).orElse(null)
                : (keysize == name.defaultCurve.bits ? name.defaultCurve : null);
        if (c == null) {
            throw new InvalidAlgorithmParameterException("no " + name.jcaName + " key of " + keysize + " bits");
        }
        curve = c;
    }

    private void keySpec(AlgorithmParameterSpec params) throws InvalidAlgorithmParameterException {
        if (name.kind == JcaNames.KeyKind.RSA) {
            if (!(params instanceof RSAKeyGenParameterSpec)) {
                throw new InvalidAlgorithmParameterException("RSA takes an RSAKeyGenParameterSpec");
            }
            RSAKeyGenParameterSpec rsa = (RSAKeyGenParameterSpec) params;
            if (!RSAKeyGenParameterSpec.F4.equals(rsa.getPublicExponent()) && rsa.getPublicExponent() != null) {
                throw new InvalidAlgorithmParameterException("the SPE generates RSA keys with e = 65537 only");
            }
            size(rsa.getKeysize());
            return;
        }
        String curveName;
        if (params instanceof ECGenParameterSpec && name.kind == JcaNames.KeyKind.EC) {
            curveName = ((ECGenParameterSpec) params).getName();
        } else if (params instanceof NamedParameterSpec && name.kind != JcaNames.KeyKind.EC) {
            curveName = ((NamedParameterSpec) params).getName();
        } else {
            throw new InvalidAlgorithmParameterException(name.jcaName + " does not take "
                    + (params == null ? "null" : params.getClass().getSimpleName()));
        }
        JcaNames.Curve c = JcaNames.Curve.byName(curveName).filter(x -> x.kind == name.kind).orElseThrow(
                () -> new InvalidAlgorithmParameterException("curve not supported by Citadel: " + curveName));
        curve = c;
    }

    @Override
    public KeyPair generateKeyPair() {
        JcaNames.Policy policy = JcaNames.policy(name.kind, purposes(options));
        KeyUsage usage = options.exportable() ? policy.usage().with(KeyUsage.EXPORT) : policy.usage();
        KeyType type = name.kind == JcaNames.KeyKind.RSA ? KeyType.RSA_KEY_PAIR : curve.keyPairType();
        int bits = name.kind == JcaNames.KeyKind.RSA ? rsaBits : curve.bits;
        KeyAttributes.Builder b = KeyAttributes.builder().type(type).bits(bits).usage(usage)
                .algorithm(policy.algorithm()).algorithm2(policy.algorithm2());
        options.persistentId().ifPresent(b::id);
        int id;
        try {
            id = crypto.generateKey(b.build());
        } catch (PsaException e) {
            throw JcaErrors.provider("generating a " + name.jcaName + " key pair", options.persistentId().orElse(0), e);
        }
        try {
            return CitadelKeys.keyPair(crypto, id);
        } catch (InvalidKeyException e) {
            throw new ProviderException("the SPE's new key " + KeyId.toString(id) + " cannot be read back", e);
        }
    }
}
