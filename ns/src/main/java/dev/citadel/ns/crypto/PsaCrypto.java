package dev.citadel.ns.crypto;

import static dev.citadel.ns.crypto.CryptoCalls.call;
import static dev.citadel.ns.crypto.CryptoCalls.ins;

import dev.citadel.psa.InVec;
import dev.citadel.psa.OutVec;
import dev.citadel.psa.PsaClient;
import dev.citadel.psa.PsaException;
import dev.citadel.psa.crypto.Algorithm;
import dev.citadel.psa.crypto.CryptoFunction;
import dev.citadel.psa.crypto.CryptoSizes;
import dev.citadel.psa.crypto.PackIovec;
import java.util.Arrays;
import java.util.Objects;

/**
 * The PSA Crypto API over a {@link PsaClient}, marshalled exactly as TF-M's {@code interface/src/tfm_crypto_api.c}
 * does: every call goes to the Crypto service's stateless handle with type {@code PSA_IPC_CALL}, a
 * {@code tfm_crypto_pack_iovec} in {@code in_vec[0]} and the per-call vectors of {@code reference/tfm.md} §2.2.
 *
 * <p>Every method throws {@link PsaException} with the service's status when the call fails; besides the statuses
 * listed per method, any call can fail with the SPM's {@code PSA_ERROR_PROGRAMMER_ERROR} (for example when no Crypto
 * partition serves the handle) or a transport status. Thread-safe, as the client is.
 */
public final class PsaCrypto {
    private final PsaClient client;

    /** @param client the door to the SPE, acting as the NS client whose operations these will be */
    public PsaCrypto(PsaClient client) {
        this.client = Objects.requireNonNull(client, "client");
    }

    /**
     * {@code psa_generate_random}: {@code length} random bytes from the SPE's generator. A length of 0 returns an empty
     * array without calling the SPE, as TF-M's client does.
     *
     * @throws PsaException {@code INSUFFICIENT_ENTROPY}, {@code INSUFFICIENT_MEMORY}
     * @throws IllegalArgumentException if {@code length} is negative
     */
    public byte[] generateRandom(int length) throws PsaException {
        if (length < 0) {
            throw new IllegalArgumentException("negative length " + length);
        }
        byte[] out = new byte[length];
        generateRandom(out);
        return out;
    }

    /**
     * {@code psa_generate_random}: fills {@code out} with random bytes; an empty array is returned at once.
     *
     * @throws PsaException {@code INSUFFICIENT_ENTROPY}, {@code INSUFFICIENT_MEMORY}
     */
    public void generateRandom(byte[] out) throws PsaException {
        if (out.length == 0) {
            return;
        }
        call(client, PackIovec.builder(CryptoFunction.GENERATE_RANDOM).build(), ins(), OutVec.of(out));
    }

    /**
     * {@code psa_can_do_hash}: whether the SPE can compute {@code alg}. Unlike the C function, which answers 0 when
     * the call itself fails, a failed call throws, so that a missing Crypto service is not mistaken for a missing
     * algorithm.
     *
     * @throws PsaException if the call fails
     */
    public boolean canDoHash(Algorithm alg) throws PsaException {
        OutVec result = OutVec.allocate(4);
        call(client, PackIovec.builder(CryptoFunction.CAN_DO_HASH).alg(alg).build(), ins(), result);
        return CryptoCalls.u32Written(result, 0) != 0;
    }

    /**
     * {@code psa_hash_compute}: the hash of {@code input}.
     *
     * @throws PsaException {@code INVALID_ARGUMENT} if {@code alg} is not a hash algorithm; {@code NOT_SUPPORTED} if
     *     the SPE lacks it
     */
    public byte[] hashCompute(Algorithm alg, byte[] input) throws PsaException {
        byte[] out = new byte[CryptoSizes.hashLength(alg)];
        int n = hashCompute(alg, input, out);
        return Arrays.copyOf(out, n);
    }

    /**
     * {@code psa_hash_compute} into a caller's buffer; the whole of {@code hash} is offered as the output.
     *
     * @return {@code hash_length}, the bytes written at the start of {@code hash}
     * @throws PsaException {@code BUFFER_TOO_SMALL} if {@code hash} is shorter than the digest;
     *     {@code INVALID_ARGUMENT} if {@code alg} is not a hash algorithm; {@code NOT_SUPPORTED} if the SPE lacks it
     */
    public int hashCompute(Algorithm alg, byte[] input, byte[] hash) throws PsaException {
        OutVec out = OutVec.of(hash);
        call(client, PackIovec.builder(CryptoFunction.HASH_COMPUTE).alg(alg).build(), ins(InVec.of(input)), out);
        return out.length();
    }

    /**
     * {@code psa_hash_compare}: checks that {@code hash} is the hash of {@code input}. The SPE compares in constant
     * time.
     *
     * @throws PsaException {@code INVALID_SIGNATURE} if it is not; {@code INVALID_ARGUMENT} if {@code alg} is not a
     *     hash algorithm; {@code NOT_SUPPORTED} if the SPE lacks it
     */
    public void hashCompare(Algorithm alg, byte[] input, byte[] hash) throws PsaException {
        call(client, PackIovec.builder(CryptoFunction.HASH_COMPARE).alg(alg).build(),
                ins(InVec.of(input), InVec.of(hash)));
    }

    /**
     * {@code psa_hash_setup}: starts a multi-part hash, held in one of the SPE's operation slots, which only this
     * client may use. Close it (or finish, verify or abort it) to free the slot.
     *
     * @throws PsaException {@code INVALID_ARGUMENT} if {@code alg} is not a hash algorithm; {@code NOT_SUPPORTED} if
     *     the SPE lacks it; {@code NOT_PERMITTED} if every operation slot of the SPE is taken (TF-M's status)
     */
    public HashOperation hashSetup(Algorithm alg) throws PsaException {
        HashOperation op = new HashOperation(client, alg);
        op.setup();
        return op;
    }
}
