package dev.citadel.pkcs11;

/**
 * The parameter of a {@link CkMechanism}, one record per C structure this token understands. p11-kit's RPC
 * carries the same set.
 */
public sealed interface MechanismParams {

    /** No parameter ({@code pParameter == NULL}). */
    None NONE = new None();

    record None() implements MechanismParams {}

    /** A plain byte string: an IV ({@code CKM_AES_CBC_PAD}), or any parameter passed through as bytes. */
    record Bytes(byte[] value) implements MechanismParams {
        public Bytes {
            value = value.clone();
        }

        @Override
        public byte[] value() {
            return value.clone();
        }
    }

    /** {@code CK_RSA_PKCS_PSS_PARAMS}. */
    record RsaPss(long hashAlg, long mgf, long saltLength) implements MechanismParams {}

    /** {@code CK_RSA_PKCS_OAEP_PARAMS}; {@code sourceData} is the label (empty for none). */
    record RsaOaep(long hashAlg, long mgf, long source, byte[] sourceData) implements MechanismParams {
        public RsaOaep {
            sourceData = sourceData.clone();
        }

        @Override
        public byte[] sourceData() {
            return sourceData.clone();
        }
    }

    /** {@code CK_GCM_PARAMS}. */
    record Gcm(byte[] iv, long ivBits, byte[] aad, long tagBits) implements MechanismParams {
        public Gcm {
            iv = iv.clone();
            aad = aad.clone();
        }

        @Override
        public byte[] iv() {
            return iv.clone();
        }

        @Override
        public byte[] aad() {
            return aad.clone();
        }
    }

    /** {@code CK_ECDH1_DERIVE_PARAMS}. */
    record Ecdh1Derive(long kdf, byte[] sharedData, byte[] publicData) implements MechanismParams {
        public Ecdh1Derive {
            sharedData = sharedData.clone();
            publicData = publicData.clone();
        }

        @Override
        public byte[] sharedData() {
            return sharedData.clone();
        }

        @Override
        public byte[] publicData() {
            return publicData.clone();
        }
    }
}
