package dev.citadel.cli;

import dev.citadel.pkcs11.CkAttribute;
import dev.citadel.pkcs11.CkMechanism;
import dev.citadel.pkcs11.Cka;
import dev.citadel.pkcs11.Ckm;
import dev.citadel.psa.crypto.EccFamily;
import dev.citadel.psa.names.CurveName;
import dev.citadel.psa.names.SignatureName;
import java.security.interfaces.ECKey;
import java.security.interfaces.RSAKey;
import java.security.Key;
import java.util.List;

/** The one table of {@code --type} names: the PKCS#11 generation mechanism and its public template;
 * and the CSR signature of a key. */
enum ProvisionKeyType {
    EC_P256("ec-p256", Ckm.EC_KEY_PAIR_GEN, CkAttribute.ofBytes(Cka.EC_PARAMS, CurveName.SECP256R1.derOid())),
    EC_P384("ec-p384", Ckm.EC_KEY_PAIR_GEN, CkAttribute.ofBytes(Cka.EC_PARAMS, CurveName.SECP384R1.derOid())),
    RSA_2048("rsa-2048", Ckm.RSA_PKCS_KEY_PAIR_GEN,
            CkAttribute.ofLong(Cka.MODULUS_BITS, 2048),
            CkAttribute.ofBytes(Cka.PUBLIC_EXPONENT, new byte[] {1, 0, 1}));

    final String cliName;
    final long mechanism;
    private final List<CkAttribute> publicParameters;

    ProvisionKeyType(String cliName, long mechanism, CkAttribute... publicParameters) {
        this.cliName = cliName;
        this.mechanism = mechanism;
        this.publicParameters = List.of(publicParameters);
    }

    CkMechanism mechanism() {
        return CkMechanism.of(mechanism);
    }

    List<CkAttribute> publicParameters() {
        return publicParameters;
    }

    static ProvisionKeyType byName(String name) {
        for (ProvisionKeyType t : values()) {
            if (t.cliName.equals(name)) {
                return t;
            }
        }
        throw new UserException("unknown --type " + name + " (ec-p256, ec-p384 or rsa-2048)", Main.USAGE);
    }

    /** The CSR signature for an existing key: SHA-384 for P-384, SHA-512 for P-521, SHA-256 otherwise. */
    static String csrSignature(Key key) {
        if (key instanceof ECKey) {
            int bits = ((ECKey) key).getParams().getCurve().getField().getFieldSize();
            return CurveName.of(EccFamily.SECP_R1, bits).flatMap(SignatureName::ecdsaFor)
                    .orElse(SignatureName.ECDSA_SHA256).jcaName();
        }
        if (key instanceof RSAKey) {
            return SignatureName.RSA_PKCS1V15_SHA256.jcaName();
        }
        throw new UserException("CSRs are signed with EC or RSA keys, not " + key.getAlgorithm());
    }
}
