package dev.citadel.jca;

import dev.citadel.pkcs11.CkAttribute;
import dev.citadel.pkcs11.Cka;
import dev.citadel.pkcs11.Cko;
import java.io.IOException;
import java.math.BigInteger;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyStoreException;
import java.security.PrivateKey;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.ECGenParameterSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The {@code C_CreateObject} template of a JDK private key (the FreeRTOS provisioning path): a token key that is
 * private, sensitive, non-extractable and may sign. EC keys on Citadel's curves and RSA keys with their CRT
 * components; the token imports them into the SPE and keeps no material in its records.
 */
final class KeyImport {
    private KeyImport() {}

    static List<CkAttribute> template(PrivateKey key, String label, byte[] id) throws KeyStoreException {
        List<CkAttribute> t = new ArrayList<>(List.of(
                CkAttribute.ofLong(Cka.CLASS, Cko.PRIVATE_KEY),
                CkAttribute.ofBool(Cka.TOKEN, true),
                CkAttribute.ofBool(Cka.PRIVATE, true),
                CkAttribute.ofBool(Cka.SENSITIVE, true),
                CkAttribute.ofBool(Cka.EXTRACTABLE, false),
                CkAttribute.ofBool(Cka.SIGN, true),
                CkAttribute.ofString(Cka.LABEL, label),
                CkAttribute.ofBytes(Cka.ID, id)));
        if (key instanceof ECPrivateKey) {
            ECPrivateKey ec = (ECPrivateKey) key;
            JcaNames.Curve curve;
            byte[] params;
            try {
                AlgorithmParameters p = AlgorithmParameters.getInstance("EC");
                p.init(ec.getParams());
                String oid = p.getParameterSpec(ECGenParameterSpec.class).getName();
                curve = JcaNames.Curve.byName(oid).filter(c -> c.kind == JcaNames.KeyKind.EC).orElse(null);
                params = p.getEncoded();
            } catch (GeneralSecurityException | IOException e) {
                curve = null;
                params = null;
            }
            if (curve == null) {
                throw new KeyStoreException("EC key on a curve the token does not support (P-256, P-384, P-521)");
            }
            t.add(CkAttribute.ofLong(Cka.KEY_TYPE, Cko.KEY_EC));
            t.add(CkAttribute.ofBytes(Cka.EC_PARAMS, params));
            t.add(CkAttribute.ofBytes(Cka.VALUE, unsigned(ec.getS(), curve.fieldBytes())));
        } else if (key instanceof RSAPrivateCrtKey) {
            RSAPrivateCrtKey rsa = (RSAPrivateCrtKey) key;
            t.add(CkAttribute.ofLong(Cka.KEY_TYPE, Cko.KEY_RSA));
            t.add(CkAttribute.ofBytes(Cka.MODULUS, unsigned(rsa.getModulus(), 0)));
            t.add(CkAttribute.ofBytes(Cka.PUBLIC_EXPONENT, unsigned(rsa.getPublicExponent(), 0)));
            t.add(CkAttribute.ofBytes(Cka.PRIVATE_EXPONENT, unsigned(rsa.getPrivateExponent(), 0)));
            t.add(CkAttribute.ofBytes(Cka.PRIME_1, unsigned(rsa.getPrimeP(), 0)));
            t.add(CkAttribute.ofBytes(Cka.PRIME_2, unsigned(rsa.getPrimeQ(), 0)));
            t.add(CkAttribute.ofBytes(Cka.EXPONENT_1, unsigned(rsa.getPrimeExponentP(), 0)));
            t.add(CkAttribute.ofBytes(Cka.EXPONENT_2, unsigned(rsa.getPrimeExponentQ(), 0)));
            t.add(CkAttribute.ofBytes(Cka.COEFFICIENT, unsigned(rsa.getCrtCoefficient(), 0)));
        } else {
            throw new KeyStoreException("the token imports EC private keys and RSA private keys with CRT components,"
                    + " not " + key.getAlgorithm() + " (" + key.getClass().getName() + ")");
        }
        return t;
    }

    /** Big-endian magnitude, left-padded to {@code size} bytes when {@code size > 0}. */
    private static byte[] unsigned(BigInteger v, int size) {
        byte[] b = v.toByteArray();
        if (b.length > 1 && b[0] == 0) {
            b = Arrays.copyOfRange(b, 1, b.length);
        }
        if (size > b.length) {
            byte[] p = new byte[size];
            System.arraycopy(b, 0, p, size - b.length, b.length);
            return p;
        }
        return b;
    }
}
