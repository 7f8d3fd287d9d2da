package dev.citadel.spe.attest;

import dev.citadel.psa.attest.CoseAlgorithm;
import dev.citadel.psa.cbor.CborEncoder;
import dev.citadel.psa.cbor.CborMapBuilder;
import java.util.List;

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
    private CoseToken() {}

    /** The encoded protected header {@code {1: alg}} ({@code A1 01 26} for ES256). */
    static byte[] protectedHeader(CoseAlgorithm alg) {
        return CborMapBuilder.deterministic().put(1, CborEncoder.integer(alg.id())).build();
    }

    /** The bytes to sign or MAC: the encoded {@code Sig_structure} or {@code MAC_structure}. */
    static byte[] toBeSigned(CoseAlgorithm alg, byte[] protectedHeader, byte[] payload) {
        return CborEncoder.array(List.of(CborEncoder.text(alg.kind() == CoseAlgorithm.Kind.HMAC ? "MAC0" : "Signature1"),
                CborEncoder.bytes(protectedHeader), CborEncoder.bytes(new byte[0]), CborEncoder.bytes(payload)));
    }

    /** The tagged COSE_Sign1 or COSE_Mac0. */
    static byte[] encode(CoseAlgorithm alg, byte[] protectedHeader, byte[] payload, byte[] signature) {
        byte[] body = CborEncoder.array(List.of(CborEncoder.bytes(protectedHeader), CborMapBuilder.deterministic().build(),
                CborEncoder.bytes(payload), CborEncoder.bytes(signature)));
        return CborEncoder.tag(alg.kind() == CoseAlgorithm.Kind.HMAC ? MAC0_TAG : SIGN1_TAG, body);
    }
}
