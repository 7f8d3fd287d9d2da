/**
 * The one table of algorithm and curve names: PSA ↔ JCA ↔ OID ↔ COSE ↔ PKCS#11. Every module that turns one name
 * into another looks it up here ({@link dev.citadel.psa.names.HashName}, {@link dev.citadel.psa.names.CurveName},
 * {@link dev.citadel.psa.names.SignatureName}, {@link dev.citadel.psa.names.MacName}); the modules keep only what is
 * their own (a provider's services, a token's {@code CK_MECHANISM_INFO}, a backend's curve arithmetic). PKCS#11 values
 * are plain {@code long}s here, so that this module depends on nothing.
 */
package dev.citadel.psa.names;
