package dev.citadel.spe.attest;

import com.upokecenter.cbor.CBOREncodeOptions;
import com.upokecenter.cbor.CBORObject;
import dev.citadel.psa.attest.CoseAlgorithm;

/**
 * A tagged COSE_Sign1 (RFC 9052 §4.2, tag 18) or COSE_Mac0 (§6.2, tag 17) as TF-M's t_cose makes it for a token:
 * protected header {@code {1: alg}}, an empty unprotected header, the payload, and the raw {@code r || s} signature
 * over {@code Sig_structure = ["Signature1", protected, h'', payload]} or the HMAC tag over
 * {@code MAC_structure = ["MAC0", protected, h'', payload]}. Every item is encoded deterministically
 * (RFC 8949 §4.2.1: definite lengths, shortest forms, map keys sorted), so equal claims give equal bytes.
 */
final class CoseToken {
    static final int SIGN1_TAG = 18;
    static final int MAC0_TAG = 17;
    /** RFC 8949 core deterministic encoding; CTAP2's canonical form is it for these items. */
    static final CBOREncodeOptions DETERMINISTIC = new CBOREncodeOptions("ctap2canonical=true");

    private CoseToken() {}

    /** The encoded protected header {@code {1: alg}} ({@code A1 01 26} for ES256). */
    static byte[] protectedHeader(CoseAlgorithm alg) {
        CBORObject h = CBORObject.NewMap();
        h.Add(CBORObject.FromObject(1), CBORObject.FromObject(alg.id()));
        return h.EncodeToBytes(DETERMINISTIC);
    }

    /** The bytes to sign or MAC: the encoded {@code Sig_structure} or {@code MAC_structure}. */
    static byte[] toBeSigned(CoseAlgorithm alg, byte[] protectedHeader, byte[] payload) {
        CBORObject s = CBORObject.NewArray();
        s.Add(CBORObject.FromObject(alg.kind() == CoseAlgorithm.Kind.HMAC ? "MAC0" : "Signature1"));
        s.Add(CBORObject.FromObject(protectedHeader));
        s.Add(CBORObject.FromObject(new byte[0]));
        s.Add(CBORObject.FromObject(payload));
        return s.EncodeToBytes(DETERMINISTIC);
    }

    /** The tagged COSE_Sign1 or COSE_Mac0. */
    static byte[] encode(CoseAlgorithm alg, byte[] protectedHeader, byte[] payload, byte[] signature) {
        CBORObject a = CBORObject.NewArray();
        a.Add(CBORObject.FromObject(protectedHeader));
        a.Add(CBORObject.NewMap());
        a.Add(CBORObject.FromObject(payload));
        a.Add(CBORObject.FromObject(signature));
        // CTAP2's canonical form has no tags, so the tag's head (major type 6, 18: one byte) is written here.
        byte[] body = a.EncodeToBytes(DETERMINISTIC);
        byte[] out = new byte[1 + body.length];
        out[0] = (byte) (0xC0 | (alg.kind() == CoseAlgorithm.Kind.HMAC ? MAC0_TAG : SIGN1_TAG));
        System.arraycopy(body, 0, out, 1, body.length);
        return out;
    }
}
