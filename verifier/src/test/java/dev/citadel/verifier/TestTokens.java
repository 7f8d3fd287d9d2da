package dev.citadel.verifier;

import com.upokecenter.cbor.CBORObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Builds tokens for tests with the JDK alone: the Sig_structure / MAC_structure bytes are written out by hand here,
 * not taken from the code under test.
 */
final class TestTokens {
    static final byte[] NONCE = filled(32, 0x5A);
    static final byte[] PROTECTED_ES256 = {(byte) 0xA1, 0x01, 0x26};
    static final byte[] PROTECTED_HMAC256 = {(byte) 0xA1, 0x01, 0x05};

    private TestTokens() {}

    static byte[] resource(String path) {
        try (InputStream in = TestTokens.class.getResourceAsStream("/psa-attestation/" + path)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource " + path);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static VerificationKey.Ec pemKey(String path) {
        return VerificationKey.fromPem(new String(resource(path), StandardCharsets.US_ASCII));
    }

    static byte[] filled(int n, int v) {
        byte[] b = new byte[n];
        Arrays.fill(b, (byte) v);
        return b;
    }

    static KeyPair p256() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"));
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] sha256(byte[]... parts) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            for (byte[] p : parts) {
                md.update(p);
            }
            return md.digest();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** 0x01 || SHA-256(0x04 || X || Y) of a P-256 key. */
    static byte[] rawPointUeid(ECPublicKey k) {
        byte[] point = new byte[65];
        point[0] = 0x04;
        System.arraycopy(fixed(k.getW().getAffineX().toByteArray()), 0, point, 1, 32);
        System.arraycopy(fixed(k.getW().getAffineY().toByteArray()), 0, point, 33, 32);
        return concat(new byte[] {0x01}, sha256(point));
    }

    private static byte[] fixed(byte[] v) {
        byte[] out = new byte[32];
        int n = Math.min(32, v.length);
        System.arraycopy(v, v.length - n, out, 32 - n, n);
        return out;
    }

    /** Valid RFC 9783 claims for a key's instance ID. */
    static CBORObject claims(byte[] instanceId) {
        CBORObject sw = CBORObject.NewMap()
                .Add(1, "SPE")
                .Add(2, filled(32, 0x11))
                .Add(4, "1.0.0")
                .Add(5, filled(32, 0x22))
                .Add(6, "sha-256");
        CBORObject ns = CBORObject.NewMap()
                .Add(1, "NSPE")
                .Add(2, filled(32, 0x33))
                .Add(4, "0.1.0")
                .Add(5, filled(32, 0x44));
        return CBORObject.NewMap()
                .Add(10, NONCE)
                .Add(268, filled(32, 0xA0))
                .Add(256, instanceId)
                .Add(2396, filled(32, 0xAA))
                .Add(2394, -0x3C000000)
                .Add(2395, 0x3000)
                .Add(2399, CBORObject.NewArray().Add(sw).Add(ns))
                .Add(265, "tag:psacertified.org,2023:psa#tfm")
                .Add(2400, "https://verifier.example")
                .Add(2398, "0604565272829-10010");
    }

    /** A tagged COSE_Sign1 (ES256) over the payload. */
    static byte[] sign1(byte[] payload, KeyPair key) {
        try {
            Signature s = Signature.getInstance("SHA256withECDSAinP1363Format");
            s.initSign(key.getPrivate());
            s.update(toBeAuthenticated("Signature1", PROTECTED_ES256, payload));
            return envelope(0xD2, PROTECTED_ES256, payload, s.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A tagged COSE_Mac0 (HMAC 256/256) over the payload. */
    static byte[] mac0(byte[] payload, byte[] key) {
        try {
            Mac m = Mac.getInstance("HmacSHA256");
            m.init(new SecretKeySpec(key, "HmacSHA256"));
            return envelope(0xD1, PROTECTED_HMAC256, payload,
                    m.doFinal(toBeAuthenticated("MAC0", PROTECTED_HMAC256, payload)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** ["Signature1" / "MAC0", protected, h'', payload] in definite-length CBOR, written byte by byte. */
    static byte[] toBeAuthenticated(String context, byte[] prot, byte[] payload) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.write(0x84);
        byte[] ctx = context.getBytes(StandardCharsets.US_ASCII);
        b.write(0x60 + ctx.length);
        b.writeBytes(ctx);
        bstr(b, prot);
        b.write(0x40);
        bstr(b, payload);
        return b.toByteArray();
    }

    static byte[] envelope(int tag, byte[] prot, byte[] payload, byte[] sig) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.write(tag);
        b.write(0x84);
        bstr(b, prot);
        b.write(0xA0);
        bstr(b, payload);
        bstr(b, sig);
        return b.toByteArray();
    }

    static void bstr(ByteArrayOutputStream b, byte[] v) {
        int n = v.length;
        if (n < 24) {
            b.write(0x40 + n);
        } else if (n < 256) {
            b.write(0x58);
            b.write(n);
        } else {
            b.write(0x59);
            b.write(n >> 8);
            b.write(n & 0xFF);
        }
        b.writeBytes(v);
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
