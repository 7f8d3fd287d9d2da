package dev.citadel.spe.attest;

import com.upokecenter.cbor.CBOREncodeOptions;
import com.upokecenter.cbor.CBORObject;
import dev.citadel.psa.attest.CoseAlgorithm;

/**
 * A tagged COSE_Sign1 (RFC 9052 §4.2, tag 18) as TF-M's t_cose makes it for a token: protected header
 * {@code {1: alg}}, an empty unprotected header, the payload, and the raw {@code r || s} signature over
 * {@code Sig_structure = ["Signature1", protected, h'', payload]}. Every item is encoded deterministically
 * (RFC 8949 §4.2.1: definite lengths, shortest forms, map keys sorted), so equal claims give equal bytes.
 */
final class CoseSign1 {
    static final int TAG = 18;
    /** RFC 8949 core deterministic encoding; CTAP2's canonical form is it for these items. */
    static final CBOREncodeOptions DETERMINISTIC = new CBOREncodeOptions("ctap2canonical=true");

    private CoseSign1() {}

    /** The encoded protected header {@code {1: alg}} ({@code A1 01 26} for ES256). */
    static byte[] protectedHeader(CoseAlgorithm alg) {
        CBORObject h = CBORObject.NewMap();
        h.Add(CBORObject.FromObject(1), CBORObject.FromObject(alg.id()));
        return h.EncodeToBytes(DETERMINISTIC);
    }

    /** The bytes to sign: the encoded {@code Sig_structure}. */
    static byte[] toBeSigned(byte[] protectedHeader, byte[] payload) {
        CBORObject s = CBORObject.NewArray();
        s.Add(CBORObject.FromObject("Signature1"));
        s.Add(CBORObject.FromObject(protectedHeader));
        s.Add(CBORObject.FromObject(new byte[0]));
        s.Add(CBORObject.FromObject(payload));
        return s.EncodeToBytes(DETERMINISTIC);
    }

    /** The tagged COSE_Sign1. */
    static byte[] encode(byte[] protectedHeader, byte[] payload, byte[] signature) {
        CBORObject a = CBORObject.NewArray();
        a.Add(CBORObject.FromObject(protectedHeader));
        a.Add(CBORObject.NewMap());
        a.Add(CBORObject.FromObject(payload));
        a.Add(CBORObject.FromObject(signature));
        // CTAP2's canonical form has no tags, so the tag's head (major type 6, 18: one byte) is written here.
        byte[] body = a.EncodeToBytes(DETERMINISTIC);
        byte[] out = new byte[1 + body.length];
        out[0] = (byte) (0xC0 | TAG);
        System.arraycopy(body, 0, out, 1, body.length);
        return out;
    }
}
