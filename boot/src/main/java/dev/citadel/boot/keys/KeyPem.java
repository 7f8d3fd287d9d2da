package dev.citadel.boot.keys;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.EncryptedPrivateKeyInfo;
import org.bouncycastle.asn1.pkcs.EncryptionScheme;
import org.bouncycastle.asn1.pkcs.KeyDerivationFunc;
import org.bouncycastle.asn1.pkcs.PBES2Parameters;
import org.bouncycastle.asn1.pkcs.PBKDF2Params;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.pkcs.RSAPrivateKey;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.crypto.Digest;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.PBEParametersGenerator;
import org.bouncycastle.crypto.digests.SHA1Digest;
import org.bouncycastle.crypto.digests.SHA224Digest;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.digests.SHA384Digest;
import org.bouncycastle.crypto.digests.SHA512Digest;
import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.generators.PKCS5S2ParametersGenerator;
import org.bouncycastle.crypto.modes.CBCBlockCipher;
import org.bouncycastle.crypto.paddings.PaddedBufferedBlockCipher;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.crypto.params.ParametersWithIV;
import org.bouncycastle.crypto.util.PrivateKeyFactory;

/**
 * The PEM files imgtool reads and writes: PKCS#8 private keys ({@code PRIVATE KEY}, or {@code ENCRYPTED PRIVATE
 * KEY} with PBES2 as OpenSSL writes it) and SubjectPublicKeyInfo public keys ({@code PUBLIC KEY}). OpenSSL's
 * traditional {@code RSA PRIVATE KEY} is read too, unencrypted.
 */
public final class KeyPem {
    /** PBKDF2 iterations for keys Citadel encrypts (OpenSSL's default is 2048; this costs a guesser more). */
    static final int PBKDF2_ITERATIONS = 100_000;

    private static final Pattern BLOCK = Pattern.compile(
            "-----BEGIN ([A-Z0-9 ]+)-----\\s*([A-Za-z0-9+/=\\s]*?)\\s*-----END \\1-----");

    /** PBKDF2 PRFs: OID → digest. Absent PRF means HMAC-SHA1 (RFC 8018). */
    private static final Map<ASN1ObjectIdentifier, Supplier<Digest>> PRFS = Map.of(
            PKCSObjectIdentifiers.id_hmacWithSHA1, SHA1Digest::new,
            PKCSObjectIdentifiers.id_hmacWithSHA224, SHA224Digest::new,
            PKCSObjectIdentifiers.id_hmacWithSHA256, SHA256Digest::new,
            PKCSObjectIdentifiers.id_hmacWithSHA384, SHA384Digest::new,
            PKCSObjectIdentifiers.id_hmacWithSHA512, SHA512Digest::new);

    /** PBES2 ciphers: OID → key length in bytes (all AES-CBC). */
    private static final Map<ASN1ObjectIdentifier, Integer> CIPHERS = Map.of(
            NISTObjectIdentifiers.id_aes128_CBC, 16,
            NISTObjectIdentifiers.id_aes192_CBC, 24,
            NISTObjectIdentifiers.id_aes256_CBC, 32);

    private KeyPem() {}

    /**
     * Reads the first key in a PEM text.
     *
     * @param password asked only if the key is encrypted; may return null when none can be had
     */
    public static ImageKey read(String pem, Supplier<char[]> password) throws KeyFormatException {
        Matcher m = BLOCK.matcher(pem);
        while (m.find()) {
            String label = m.group(1);
            if (label.equals("EC PARAMETERS")) {
                continue; // openssl ecparam -genkey writes it before the key
            }
            byte[] der;
            try {
                der = Base64.getMimeDecoder().decode(m.group(2));
            } catch (IllegalArgumentException e) {
                throw new KeyFormatException("bad base64 in the PEM " + label + " block");
            }
            return switch (label) {
                case "PRIVATE KEY" -> privateKey(der);
                case "ENCRYPTED PRIVATE KEY" -> privateKey(decrypt(der, password));
                case "PUBLIC KEY" -> ImagePublicKey.fromSpki(der);
                case "RSA PRIVATE KEY" -> rsaPrivateKey(der);
                default -> throw new KeyFormatException("unsupported PEM block '" + label
                        + "' (expected PRIVATE KEY, ENCRYPTED PRIVATE KEY or PUBLIC KEY)");
            };
        }
        throw new KeyFormatException("no PEM key found");
    }

    private static ImageSigningKey privateKey(byte[] der) throws KeyFormatException {
        try {
            return ImageSigningKey.of(PrivateKeyFactory.createKey(PrivateKeyInfo.getInstance(der)));
        } catch (IOException | RuntimeException e) {
            throw new KeyFormatException("not a supported PKCS#8 private key: " + e.getMessage());
        }
    }

    private static ImageSigningKey rsaPrivateKey(byte[] der) throws KeyFormatException {
        try {
            RSAPrivateKey k = RSAPrivateKey.getInstance(der);
            return privateKey(new PrivateKeyInfo(
                    new AlgorithmIdentifier(PKCSObjectIdentifiers.rsaEncryption, DERNull.INSTANCE), k)
                    .getEncoded(ASN1Encoding.DER));
        } catch (IOException | RuntimeException e) {
            throw new KeyFormatException("not an RSA private key: " + e.getMessage());
        }
    }

    private static byte[] decrypt(byte[] der, Supplier<char[]> password) throws KeyFormatException {
        EncryptedPrivateKeyInfo info;
        PBES2Parameters pbes2;
        PBKDF2Params kdf;
        try {
            info = EncryptedPrivateKeyInfo.getInstance(der);
            AlgorithmIdentifier alg = info.getEncryptionAlgorithm();
            if (!alg.getAlgorithm().equals(PKCSObjectIdentifiers.id_PBES2)) {
                throw new KeyFormatException("unsupported key encryption " + alg.getAlgorithm() + " (PBES2 only)");
            }
            pbes2 = PBES2Parameters.getInstance(alg.getParameters());
            if (!pbes2.getKeyDerivationFunc().getAlgorithm().equals(PKCSObjectIdentifiers.id_PBKDF2)) {
                throw new KeyFormatException("unsupported key derivation in PBES2 (PBKDF2 only)");
            }
            kdf = PBKDF2Params.getInstance(pbes2.getKeyDerivationFunc().getParameters());
        } catch (RuntimeException e) {
            throw new KeyFormatException("not an encrypted PKCS#8 key: " + e.getMessage());
        }
        ASN1ObjectIdentifier cipherOid = pbes2.getEncryptionScheme().getAlgorithm();
        Integer keyLen = CIPHERS.get(cipherOid);
        Supplier<Digest> prf = PRFS.get(kdf.getPrf().getAlgorithm());
        if (keyLen == null || prf == null) {
            throw new KeyFormatException("unsupported key encryption (AES-CBC with PBKDF2-HMAC-SHA* only)");
        }
        char[] pw = password.get();
        if (pw == null) {
            throw new KeyFormatException("the key is password-protected and no password was given");
        }
        byte[] iv = ASN1OctetString.getInstance(pbes2.getEncryptionScheme().getParameters()).getOctets();
        KeyParameter key = pbkdf2(prf.get(), pw, kdf.getSalt(), kdf.getIterationCount().intValueExact(), keyLen);
        try {
            return aesCbc(false, key, iv, info.getEncryptedData());
        } catch (InvalidCipherTextException e) {
            throw new KeyFormatException("wrong password for the key (or the key file is damaged)");
        }
    }

    private static KeyParameter pbkdf2(Digest prf, char[] pw, byte[] salt, int iterations, int keyLen) {
        PKCS5S2ParametersGenerator g = new PKCS5S2ParametersGenerator(prf);
        g.init(PBEParametersGenerator.PKCS5PasswordToUTF8Bytes(pw), salt, iterations);
        return (KeyParameter) g.generateDerivedParameters(keyLen * 8);
    }

    private static byte[] aesCbc(boolean encrypt, KeyParameter key, byte[] iv, byte[] in)
            throws InvalidCipherTextException {
        PaddedBufferedBlockCipher c = new PaddedBufferedBlockCipher(CBCBlockCipher.newInstance(AESEngine.newInstance()));
        c.init(encrypt, new ParametersWithIV(key, iv));
        byte[] out = new byte[c.getOutputSize(in.length)];
        int n = c.processBytes(in, 0, in.length, out, 0);
        n += c.doFinal(out, n);
        return java.util.Arrays.copyOf(out, n);
    }

    /**
     * PEM of a private key as PKCS#8; encrypted (PBES2, PBKDF2-HMAC-SHA256, AES-256-CBC) when a password is given,
     * as imgtool's {@code keygen -p} does.
     */
    public static String writePrivate(ImageSigningKey key, char[] password, SecureRandom random) {
        byte[] der = key.pkcs8();
        if (password == null) {
            return pem("PRIVATE KEY", der);
        }
        byte[] salt = new byte[16];
        byte[] iv = new byte[16];
        random.nextBytes(salt);
        random.nextBytes(iv);
        KeyParameter k = pbkdf2(new SHA256Digest(), password, salt, PBKDF2_ITERATIONS, 32);
        try {
            byte[] enc = aesCbc(true, k, iv, der);
            PBES2Parameters params = new PBES2Parameters(
                    new KeyDerivationFunc(PKCSObjectIdentifiers.id_PBKDF2, new PBKDF2Params(salt, PBKDF2_ITERATIONS,
                            32, new AlgorithmIdentifier(PKCSObjectIdentifiers.id_hmacWithSHA256, DERNull.INSTANCE))),
                    new EncryptionScheme(NISTObjectIdentifiers.id_aes256_CBC, new DEROctetString(iv)));
            EncryptedPrivateKeyInfo info = new EncryptedPrivateKeyInfo(
                    new AlgorithmIdentifier(PKCSObjectIdentifiers.id_PBES2, params), enc);
            return pem("ENCRYPTED PRIVATE KEY", info.getEncoded(ASN1Encoding.DER));
        } catch (InvalidCipherTextException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** PEM of a public key as SubjectPublicKeyInfo ({@code getpub -e pem}). */
    public static String writePublic(ImagePublicKey key) {
        return pem("PUBLIC KEY", key.spki());
    }

    static String pem(String label, byte[] der) {
        String b64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
        return "-----BEGIN " + label + "-----\n" + b64 + "\n-----END " + label + "-----\n";
    }

}
