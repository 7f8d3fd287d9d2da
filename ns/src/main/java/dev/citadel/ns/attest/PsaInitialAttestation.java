package dev.citadel.ns.attest;

import dev.citadel.psa.InVec;
import dev.citadel.psa.OutVec;
import dev.citadel.psa.PsaClient;
import dev.citadel.psa.PsaException;
import dev.citadel.psa.TfmService;
import dev.citadel.psa.attest.AttestWire;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Objects;

/**
 * The PSA Initial Attestation API ({@code psa/initial_attestation.h}) over a {@link PsaClient}, marshalled as TF-M's
 * {@code interface/src/tfm_attest_api.c}: both calls go to the attestation service's stateless handle
 * ({@code 0x40000103}) with the call types of {@link AttestWire}. Thread-safe, as the client is.
 */
public final class PsaInitialAttestation {
    private final PsaClient client;

    /** @param client the door to the SPE; the token's client ID claim is the NS client it acts as */
    public PsaInitialAttestation(PsaClient client) {
        this.client = Objects.requireNonNull(client, "client");
    }

    /**
     * {@code psa_initial_attest_get_token}: a token for {@code challenge}, signed by the device's IAK, written into
     * {@code tokenBuf}. The token binds the challenge, so a relying party that chose it knows the token is fresh.
     *
     * @return the token's length ({@code *token_size}); {@code tokenBuf} beyond it is untouched
     * @throws PsaException {@code INVALID_ARGUMENT} for a challenge that is not 32, 48 or 64 bytes or an empty
     *     buffer; {@code BUFFER_TOO_SMALL} when the token does not fit; {@code GENERIC_ERROR} when a claim is
     *     unavailable (no IAK, no boot measurements where the device's profile needs them);
     *     {@code SERVICE_FAILURE} when the service is not initialised
     */
    public int getToken(byte[] challenge, byte[] tokenBuf) throws PsaException {
        Objects.requireNonNull(challenge, "challenge");
        Objects.requireNonNull(tokenBuf, "tokenBuf");
        OutVec out = OutVec.of(tokenBuf);
        PsaException.check(client.call(TfmService.ATTESTATION.handle(), AttestWire.GET_TOKEN,
                new InVec[] {InVec.of(challenge)}, new OutVec[] {out}));
        return out.length();
    }

    /**
     * A token for {@code challenge}, in a buffer of the size {@link #getTokenSize} announces.
     *
     * @throws PsaException as {@link #getToken(byte[], byte[])}
     */
    public byte[] getToken(byte[] challenge) throws PsaException {
        byte[] buf = new byte[getTokenSize(challenge.length)];
        return Arrays.copyOf(buf, getToken(challenge, buf));
    }

    /**
     * {@code psa_initial_attest_get_token_size}: the exact size of the token this client gets for a challenge of
     * {@code challengeSize} bytes.
     *
     * @throws PsaException {@code INVALID_ARGUMENT} for a size other than 32, 48 or 64; {@code GENERIC_ERROR} and
     *     {@code SERVICE_FAILURE} as {@link #getToken(byte[], byte[])}
     */
    public int getTokenSize(int challengeSize) throws PsaException {
        byte[] size = new byte[AttestWire.SIZE_FIELD];
        PsaException.check(client.call(TfmService.ATTESTATION.handle(), AttestWire.GET_TOKEN_SIZE,
                new InVec[] {InVec.of(le32(challengeSize))}, new OutVec[] {OutVec.of(size)}));
        return ByteBuffer.wrap(size).order(ByteOrder.LITTLE_ENDIAN).getInt();
    }

    private static byte[] le32(int v) {
        return ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(v).array();
    }
}
