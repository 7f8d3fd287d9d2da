package dev.citadel.verifier;

import dev.citadel.psa.attest.CoseAlgorithm;
import com.upokecenter.cbor.CBORException;
import com.upokecenter.cbor.CBORObject;
import com.upokecenter.cbor.CBORType;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.Signature;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A decoded COSE_Sign1 (RFC 9052 §4.2) or COSE_Mac0 (§6.2): the bytes as they were received, so that the
 * Sig_structure / MAC_structure is rebuilt over exactly the signed protected header and payload.
 */
record CoseMessage(boolean mac, CoseAlgorithm algorithm, byte[] protectedHeader, Optional<byte[]> kid,
        byte[] payload, byte[] signature) {

    static final int TAG_SIGN1 = 18;
    static final int TAG_MAC0 = 17;
    private static final int HEADER_ALG = 1;
    private static final int HEADER_CRIT = 2;
    private static final int HEADER_KID = 4;

    /**
     * Decodes a tagged COSE_Sign1 or COSE_Mac0, or an untagged message whose kind the caller expects.
     *
     * @param untaggedIsMac what an untagged array is taken for
     */
    static CoseMessage decode(byte[] token, boolean untaggedIsMac) throws Rejection {
        CBORObject root;
        try {
            root = CBORObject.DecodeFromBytes(token);
        } catch (CBORException | IllegalArgumentException e) {
            throw new Rejection(Check.MALFORMED, "not one well-formed CBOR item: " + e.getMessage());
        }
        boolean mac = untaggedIsMac;
        if (root.isTagged()) {
            if (root.getMostOuterTag().equals(root.getMostInnerTag()) && root.HasMostOuterTag(TAG_SIGN1)) {
                mac = false;
            } else if (root.getMostOuterTag().equals(root.getMostInnerTag()) && root.HasMostOuterTag(TAG_MAC0)) {
                mac = true;
            } else {
                throw new Rejection(Check.MALFORMED, "tag " + root.getMostOuterTag()
                        + " is neither COSE_Sign1 (18) nor COSE_Mac0 (17)");
            }
            root = root.UntagOne();
            if (root.isTagged()) {
                throw new Rejection(Check.MALFORMED, "the COSE message carries more than one tag");
            }
        }
        String what = mac ? "COSE_Mac0" : "COSE_Sign1";
        if (root.getType() != CBORType.Array || root.size() != 4) {
            throw new Rejection(Check.MALFORMED, what + " must be an array of 4 items");
        }
        byte[] prot = bstr(root.get(0), what + " protected header");
        CBORObject unprot = root.get(1);
        if (unprot.isTagged() || unprot.getType() != CBORType.Map) {
            throw new Rejection(Check.MALFORMED, what + " unprotected header must be a map");
        }
        if (root.get(2).isNull()) {
            throw new Rejection(Check.MALFORMED, "detached payloads are not supported");
        }
        byte[] payload = bstr(root.get(2), what + " payload");
        byte[] sig = bstr(root.get(3), what + (mac ? " tag" : " signature"));

        CBORObject protMap;
        if (prot.length == 0) {
            protMap = CBORObject.NewMap();
        } else {
            try {
                protMap = CBORObject.DecodeFromBytes(prot);
            } catch (CBORException | IllegalArgumentException e) {
                throw new Rejection(Check.COSE_HEADER, "protected header is not well-formed CBOR");
            }
            if (protMap.isTagged() || protMap.getType() != CBORType.Map) {
                throw new Rejection(Check.COSE_HEADER, "protected header is not a map");
            }
        }
        for (CBORObject label : protMap.getKeys()) {
            if (unprot.ContainsKey(label)) {
                throw new Rejection(Check.COSE_HEADER, "header label " + label + " is both protected and unprotected");
            }
        }
        if (protMap.ContainsKey(key(HEADER_CRIT)) || unprot.ContainsKey(key(HEADER_CRIT))) {
            throw new Rejection(Check.COSE_HEADER, "critical headers are not understood");
        }
        if (unprot.ContainsKey(key(HEADER_ALG))) {
            throw new Rejection(Check.COSE_HEADER, "alg must be in the protected header");
        }
        CBORObject alg = protMap.get(key(HEADER_ALG));
        if (alg == null) {
            throw new Rejection(Check.COSE_HEADER, "protected header has no alg");
        }
        if (alg.isTagged() || alg.getType() != CBORType.Integer || !alg.CanValueFitInInt64()) {
            throw new Rejection(Check.COSE_HEADER, "alg " + alg + " is not a supported algorithm");
        }
        CoseAlgorithm a = CoseAlgorithm.forId(alg.AsInt64Value()).orElseThrow(
                () -> new Rejection(Check.COSE_HEADER, "alg " + alg + " is not a supported algorithm"));
        if ((a.kind() == CoseAlgorithm.Kind.HMAC) != mac) {
            throw new Rejection(Check.COSE_HEADER, "alg " + a + " does not belong in a " + what);
        }
        CBORObject kid = protMap.ContainsKey(key(HEADER_KID)) ? protMap.get(key(HEADER_KID)) : unprot.get(key(HEADER_KID));
        Optional<byte[]> kidBytes = Optional.empty();
        if (kid != null) {
            kidBytes = Optional.of(bstr(kid, "kid"));
        }
        return new CoseMessage(mac, a, prot, kidBytes, payload, sig);
    }

    private static CBORObject key(int label) {
        return CBORObject.FromObject(label);
    }

    private static byte[] bstr(CBORObject o, String what) throws Rejection {
        if (o.isTagged() || o.getType() != CBORType.ByteString) {
            throw new Rejection(Check.MALFORMED, what + " must be a byte string");
        }
        return o.GetByteString();
    }

    /** Sig_structure (RFC 9052 §4.4) or MAC_structure (§6.3), with empty external AAD. */
    byte[] toBeAuthenticated() {
        CBORObject s = CBORObject.NewArray();
        s.Add(CBORObject.FromObject(mac ? "MAC0" : "Signature1"));
        s.Add(CBORObject.FromObject(protectedHeader));
        s.Add(CBORObject.FromObject(new byte[0]));
        s.Add(CBORObject.FromObject(payload));
        return s.EncodeToBytes();
    }

    /** Checks the signature or tag with the key; the key must suit the algorithm. */
    void authenticate(VerificationKey key) throws Rejection {
        byte[] tbs = toBeAuthenticated();
        if (signature.length != algorithm.signatureSize()) {
            throw new Rejection(Check.SIGNATURE, (mac ? "tag" : "signature") + " is " + signature.length
                    + " bytes; " + algorithm + " gives " + algorithm.signatureSize());
        }
        try {
            if (key instanceof VerificationKey.Ec ec) {
                if (mac) {
                    throw new Rejection(Check.KEY_MISMATCH, "a COSE_Mac0 token needs an HMAC key, not a public key");
                }
                if (ec.fieldBits() != algorithm.curveBits()) {
                    throw new Rejection(Check.KEY_MISMATCH, algorithm + " needs a " + algorithm.curveBits()
                            + "-bit curve; the key's is " + ec.fieldBits() + " bits");
                }
                Signature v = Signature.getInstance(algorithm.jcaName());
                v.initVerify(ec.publicKey());
                v.update(tbs);
                if (!v.verify(signature)) {
                    throw new Rejection(Check.SIGNATURE, "the signature does not verify with the key");
                }
            } else if (key instanceof VerificationKey.Hmac h) {
                if (!mac) {
                    throw new Rejection(Check.KEY_MISMATCH, "a COSE_Sign1 token needs a public key, not an HMAC key");
                }
                Mac m = Mac.getInstance(algorithm.jcaName());
                byte[] k = h.bytes();
                try {
                    m.init(new SecretKeySpec(k, algorithm.jcaName()));
                } finally {
                    java.util.Arrays.fill(k, (byte) 0);
                }
                // MessageDigest.isEqual takes time independent of where the tags differ.
                if (!MessageDigest.isEqual(m.doFinal(tbs), signature)) {
                    throw new Rejection(Check.SIGNATURE, "the MAC tag does not verify with the key");
                }
            }
        } catch (GeneralSecurityException e) {
            throw new Rejection(Check.SIGNATURE, "the signature cannot be checked: " + e.getMessage());
        }
    }
}
