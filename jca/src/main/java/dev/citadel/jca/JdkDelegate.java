package dev.citadel.jca;

import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.Provider;
import java.security.PublicKey;
import java.security.Security;
import java.security.Signature;

/**
 * Work Citadel leaves to the other installed providers: hashing on the NS side, and verification with (JDK) public
 * keys. Citadel providers are skipped, whatever their position, so nothing loops back into this one.
 */
final class JdkDelegate {
    private JdkDelegate() {}

    static MessageDigest messageDigest(String algorithm) throws NoSuchAlgorithmException {
        for (Provider p : Security.getProviders()) {
            if (p instanceof CitadelProvider) {
                continue;
            }
            try {
                return MessageDigest.getInstance(algorithm, p);
            } catch (NoSuchAlgorithmException e) {
                // try the next provider
            }
        }
        throw new NoSuchAlgorithmException("no provider besides Citadel computes " + algorithm);
    }

    /** A verifier initialised with {@code key}, from the first non-Citadel provider that accepts it. */
    static Signature signature(String algorithm, PublicKey key) throws NoSuchAlgorithmException, InvalidKeyException {
        InvalidKeyException refused = null;
        for (Provider p : Security.getProviders()) {
            if (p instanceof CitadelProvider) {
                continue;
            }
            try {
                Signature s = Signature.getInstance(algorithm, p);
                s.initVerify(key);
                return s;
            } catch (NoSuchAlgorithmException e) {
                // try the next provider
            } catch (InvalidKeyException e) {
                refused = refused == null ? e : refused;
            }
        }
        if (refused != null) {
            throw refused;
        }
        throw new NoSuchAlgorithmException("no provider besides Citadel verifies " + algorithm);
    }
}
