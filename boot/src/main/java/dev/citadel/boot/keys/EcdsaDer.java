package dev.citadel.boot.keys;

import java.io.IOException;
import java.math.BigInteger;
import java.util.Arrays;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1InputStream;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.DERSequence;

/** ECDSA signatures as MCUboot images carry them: DER {@code SEQUENCE { INTEGER r, INTEGER s }}. */
final class EcdsaDer {
    private EcdsaDer() {}

    static byte[] encode(BigInteger r, BigInteger s) {
        try {
            return new DERSequence(new ASN1Integer[] {new ASN1Integer(r), new ASN1Integer(s)})
                    .getEncoded(ASN1Encoding.DER);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Decodes a signature in canonical DER with positive r and s. Zero bytes after the sequence are allowed
     * (imgtool's legacy {@code --pad-sig}); anything else after it is not. Returns null when malformed.
     */
    static BigInteger[] decode(byte[] sig) {
        try (ASN1InputStream in = new ASN1InputStream(sig)) {
            ASN1Primitive p = in.readObject();
            if (!(p instanceof ASN1Sequence seq) || seq.size() != 2) {
                return null;
            }
            byte[] canonical = p.getEncoded(ASN1Encoding.DER);
            if (canonical.length > sig.length || !Arrays.equals(canonical, 0, canonical.length, sig, 0,
                    canonical.length)) {
                return null;
            }
            for (int i = canonical.length; i < sig.length; i++) {
                if (sig[i] != 0) {
                    return null;
                }
            }
            BigInteger r = ASN1Integer.getInstance(seq.getObjectAt(0)).getValue();
            BigInteger s = ASN1Integer.getInstance(seq.getObjectAt(1)).getValue();
            if (r.signum() <= 0 || s.signum() <= 0) {
                return null;
            }
            return new BigInteger[] {r, s};
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
