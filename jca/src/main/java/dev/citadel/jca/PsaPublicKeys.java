package dev.citadel.jca;

import dev.citadel.psa.der.DerIntegers;
import java.math.BigInteger;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Public keys between PSA's export format ({@code psa_export_public_key}: {@code 0x04 || X || Y}, DER
 * {@code RSAPublicKey}, 32 raw bytes for X25519 and Ed25519) and the JDK's own key objects. The JDK's key factories
 * do the parsing and validation; Citadel registers none, so these are always the JDK's (or another installed
 * provider's) keys.
 */
final class PsaPublicKeys {
    /** The SubjectPublicKeyInfo header of a 32-byte X25519 or Ed25519 key, before the key bytes (RFC 8410). */
    private static final Map<JcaNames.Curve, byte[]> SPKI_PREFIX = new EnumMap<>(Map.of(
            JcaNames.Curve.X25519, spkiPrefix(JcaNames.Curve.X25519),
            JcaNames.Curve.ED25519, spkiPrefix(JcaNames.Curve.ED25519)));

    private static final Map<JcaNames.Curve, ECParameterSpec> EC_PARAMS = new EnumMap<>(JcaNames.Curve.class);

    private PsaPublicKeys() {}

    /** The JDK's parameters of a Weierstrass curve. */
    static synchronized ECParameterSpec ecParams(JcaNames.Curve curve) throws GeneralSecurityException {
        ECParameterSpec spec = EC_PARAMS.get(curve);
        if (spec == null) {
            AlgorithmParameters p = AlgorithmParameters.getInstance("EC");
            p.init(curve.jdkSpec());
            spec = p.getParameterSpec(ECParameterSpec.class);
            EC_PARAMS.put(curve, spec);
        }
        return spec;
    }

    /** The JDK public key of a PSA export; {@code curve} is null for RSA. */
    static PublicKey fromPsa(JcaNames.Curve curve, byte[] data) throws InvalidKeyException {
        try {
            if (curve == null) {
                List<BigInteger> ne = DerIntegers.readSequenceOfIntegers(data);
                if (ne.size() != 2) {
                    throw new InvalidKeyException("an RSAPublicKey holds two INTEGERs");
                }
                return KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(ne.get(0), ne.get(1)));
            }
            if (curve.kind == JcaNames.KeyKind.EC) {
                int n = curve.fieldBytes();
                if (data.length != 1 + 2 * n || data[0] != 0x04) {
                    throw new InvalidKeyException("not an uncompressed " + curve.jcaName + " point");
                }
                ECPoint w = new ECPoint(new BigInteger(1, Arrays.copyOfRange(data, 1, 1 + n)),
                        new BigInteger(1, Arrays.copyOfRange(data, 1 + n, data.length)));
                return KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(w, ecParams(curve)));
            }
            byte[] prefix = SPKI_PREFIX.get(curve);
            if (data.length != curve.fieldBytes()) {
                throw new InvalidKeyException(curve.jcaName + " public keys are 32 bytes, not " + data.length);
            }
            byte[] spki = Arrays.copyOf(prefix, prefix.length + data.length);
            System.arraycopy(data, 0, spki, prefix.length, data.length);
            return KeyFactory.getInstance(curve.jcaName).generatePublic(new X509EncodedKeySpec(spki));
        } catch (InvalidKeyException e) {
            throw e;
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new InvalidKeyException("cannot read the SPE's public key: " + e.getMessage(), e);
        }
    }

    /** A peer's public key in PSA's format for {@code psa_raw_key_agreement} on {@code curve}. */
    static byte[] toPsa(JcaNames.Curve curve, PublicKey key) throws InvalidKeyException {
        if (curve.kind == JcaNames.KeyKind.EC) {
            if (!(key instanceof ECPublicKey)) {
                throw new InvalidKeyException("ECDH needs an EC public key, not " + key.getAlgorithm());
            }
            ECPublicKey ec = (ECPublicKey) key;
            if (ec.getParams().getOrder().bitLength() != curve.bits) {
                throw new InvalidKeyException("the peer key is not on " + curve.jcaName);
            }
            int n = curve.fieldBytes();
            byte[] out = new byte[1 + 2 * n];
            out[0] = 0x04;
            putFixed(ec.getW().getAffineX(), out, 1, n);
            putFixed(ec.getW().getAffineY(), out, 1 + n, n);
            return out;
        }
        byte[] prefix = SPKI_PREFIX.get(curve);
        byte[] spki = "X.509".equals(key.getFormat()) ? key.getEncoded() : null;
        if (spki == null || spki.length != prefix.length + curve.fieldBytes()
                || !Arrays.equals(spki, 0, prefix.length, prefix, 0, prefix.length)) {
            throw new InvalidKeyException("the peer key is not an " + curve.jcaName + " public key");
        }
        return Arrays.copyOfRange(spki, prefix.length, spki.length);
    }

    /** {@code SEQUENCE { SEQUENCE { OID }, BIT STRING { 0 unused bits, key } }} up to the key (short lengths). */
    private static byte[] spkiPrefix(JcaNames.Curve curve) {
        byte[] oid = curve.name.derOid();
        int keyLength = curve.fieldBytes();
        byte[] prefix = new byte[2 + 2 + oid.length + 3];
        prefix[0] = 0x30;
        prefix[1] = (byte) (2 + oid.length + 3 + keyLength);
        prefix[2] = 0x30;
        prefix[3] = (byte) oid.length;
        System.arraycopy(oid, 0, prefix, 4, oid.length);
        prefix[4 + oid.length] = 0x03;
        prefix[5 + oid.length] = (byte) (keyLength + 1);
        prefix[6 + oid.length] = 0;
        return prefix;
    }

    private static void putFixed(BigInteger v, byte[] out, int offset, int length) throws InvalidKeyException {
        byte[] b = v.toByteArray();
        int skip = b.length > length ? b.length - length : 0;
        if (b.length - skip > length || (skip > 0 && b[0] != 0)) {
            throw new InvalidKeyException("coordinate too large");
        }
        System.arraycopy(b, skip, out, offset + length - (b.length - skip), b.length - skip);
    }
}
