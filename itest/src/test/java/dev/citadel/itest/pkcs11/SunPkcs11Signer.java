package dev.citadel.itest.pkcs11;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.Provider;
import java.security.Security;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.util.HexFormat;

/**
 * Run in a child JVM whose environment holds {@code P11_KIT_SERVER_ADDRESS} (p11-kit-client.so reads it there):
 * {@code SunPkcs11Signer CONFIG PIN DATA_HEX}. Logs in through SunPKCS11's {@code KeyStore}, generates a P-256 key
 * pair on the token, signs DATA with {@code SHA256withECDSA}, and prints the public key and the signature (its
 * KeyStore lists only keys that have a certificate, so the token's own bare keys are not reached this way).
 */
public final class SunPkcs11Signer {
    private SunPkcs11Signer() {}

    public static void main(String[] args) throws Exception {
        Provider p = Security.getProvider("SunPKCS11").configure(args[0]);
        Security.addProvider(p);
        KeyStore ks = KeyStore.getInstance("PKCS11", p);
        ks.load(null, args[1].toCharArray());
        byte[] data = HexFormat.of().parseHex(args[2]);

        KeyPairGenerator g = KeyPairGenerator.getInstance("EC", p);
        g.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair pair = g.generateKeyPair();
        Signature s = Signature.getInstance("SHA256withECDSA", p);
        s.initSign(pair.getPrivate());
        s.update(data);
        System.out.println("provider=" + p.getName());
        System.out.println("public=" + HexFormat.of().formatHex(pair.getPublic().getEncoded()));
        System.out.println("signature=" + HexFormat.of().formatHex(s.sign()));

    }

}
