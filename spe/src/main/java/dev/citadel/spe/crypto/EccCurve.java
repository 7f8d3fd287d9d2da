package dev.citadel.spe.crypto;

import dev.citadel.psa.crypto.EccFamily;
import dev.citadel.psa.names.CurveName;
import java.util.Optional;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.params.ECDomainParameters;

/**
 * The elliptic curves this partition supports (rows of the name table, {@link CurveName}), with Bouncy Castle's
 * optimised curve arithmetic ({@code CustomNamedCurves}) for the Weierstrass ones. Any other (family, bits) is
 * {@code PSA_ERROR_NOT_SUPPORTED}.
 */
enum EccCurve {
    SECP256R1(CurveName.SECP256R1),
    SECP384R1(CurveName.SECP384R1),
    SECP521R1(CurveName.SECP521R1),
    /** X25519 (RFC 7748). */
    CURVE25519(CurveName.X25519),
    /** Ed25519 (RFC 8032). */
    EDWARDS25519(CurveName.ED25519);

    final EccFamily family;
    final int bits;
    /** The domain for Weierstrass curves; null for the 25519 curves, which BC serves with fixed-size code. */
    final ECDomainParameters domain;

    EccCurve(CurveName name) {
        this.family = name.family();
        this.bits = name.bits();
        if (name.isWeierstrass()) {
            X9ECParameters x9 = CustomNamedCurves.getByName(name.jcaName());
            this.domain = new ECDomainParameters(x9.getCurve(), x9.getG(), x9.getN(), x9.getH(), x9.getSeed());
        } else {
            this.domain = null;
        }
    }

    /** {@code PSA_BITS_TO_BYTES(bits)}: the length of a private key, and of each coordinate. */
    int bytes() {
        return (bits + 7) / 8;
    }

    boolean isWeierstrass() {
        return family.shape() == EccFamily.Shape.WEIERSTRASS;
    }

    /** The curve of {@code family} with exactly {@code bits} bits. */
    static Optional<EccCurve> of(EccFamily family, int bits) {
        for (EccCurve c : values()) {
            if (c.family == family && c.bits == bits) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }

    /** The curve of {@code family} whose size rounds up to {@code bytes} bytes (how Mbed TLS infers the size). */
    static Optional<EccCurve> ofBytes(EccFamily family, int bytes) {
        for (EccCurve c : values()) {
            if (c.family == family && c.bytes() == bytes) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }
}
