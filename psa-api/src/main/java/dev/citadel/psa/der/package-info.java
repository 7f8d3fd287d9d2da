/**
 * The project's own DER: a SEQUENCE of INTEGERs and the ECDSA signature conversions between PSA's {@code r || s} and
 * DER, shared by the NS side (the JCA provider, the OTA agent). Certificates, CSRs and key files are left to the JDK
 * and Bouncy Castle.
 */
package dev.citadel.psa.der;
