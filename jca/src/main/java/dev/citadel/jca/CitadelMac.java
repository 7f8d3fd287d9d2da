package dev.citadel.jca;

import dev.citadel.psa.PsaException;
import dev.citadel.psa.crypto.KeyUsage;
import java.io.ByteArrayOutputStream;
import java.security.InvalidAlgorithmParameterException;
import java.security.InvalidKeyException;
import java.security.Key;
import java.security.spec.AlgorithmParameterSpec;
import javax.crypto.MacSpi;

/** HMAC with a Citadel HMAC key: {@code psa_mac_compute} over the buffered message at {@code doFinal}. */
final class CitadelMac extends MacSpi {
    private final JcaNames.MacService name;
    private CitadelSecretKey key;
    private final ByteArrayOutputStream data = new ByteArrayOutputStream();

    CitadelMac(JcaNames.MacService name) {
        this.name = name;
    }

    @Override
    protected int engineGetMacLength() {
        return name.hash.length();
    }

    @Override
    protected void engineInit(Key k, AlgorithmParameterSpec params)
            throws InvalidKeyException, InvalidAlgorithmParameterException {
        if (params != null) {
            throw new InvalidAlgorithmParameterException(name.jcaName + " takes no parameters");
        }
        if (!(k instanceof CitadelSecretKey) || !"HMAC".equals(k.getAlgorithm())) {
            throw new InvalidKeyException(name.jcaName + " takes Citadel HMAC keys, not "
                    + (k == null ? "null" : k.getClass().getName()));
        }
        CitadelSecretKey c = (CitadelSecretKey) k;
        if (!c.attributes().usage().contains(KeyUsage.SIGN_MESSAGE) || !c.attributes().permits(name.psa())) {
            throw new InvalidKeyException("the policy of " + c + " does not permit " + name.psa());
        }
        key = c;
        data.reset();
    }

    @Override
    protected void engineUpdate(byte input) {
        data.write(input);
    }

    @Override
    protected void engineUpdate(byte[] input, int offset, int len) {
        data.write(input, offset, len);
    }

    @Override
    protected byte[] engineDoFinal() {
        byte[] m = data.toByteArray();
        data.reset();
        try {
            return key.crypto().macCompute(key.keyId(), name.psa(), m);
        } catch (PsaException e) {
            throw JcaErrors.provider(name.jcaName, key.keyId(), e);
        }
    }

    @Override
    protected void engineReset() {
        data.reset();
    }
}
