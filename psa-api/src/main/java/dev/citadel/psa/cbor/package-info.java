/**
 * The project's one CBOR codec (RFC 8949), small enough for the SPE to carry: {@link dev.citadel.psa.cbor.CborEncoder}
 * and {@link dev.citadel.psa.cbor.CborMapBuilder} write items in the preferred, deterministic form;
 * {@link dev.citadel.psa.cbor.CborReader} reads definite-length items strictly. Used by BL2's boot records, the
 * attestation token and the OTA stream messages; each keeps its own domain types and uses only these mechanics.
 */
package dev.citadel.psa.cbor;
