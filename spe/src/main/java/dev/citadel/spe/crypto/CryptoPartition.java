package dev.citadel.spe.crypto;

import dev.citadel.psa.PartitionIds;
import dev.citadel.psa.Psa;
import dev.citadel.psa.PsaStatus;
import dev.citadel.psa.TfmService;
import dev.citadel.psa.crypto.CryptoFunction;
import dev.citadel.psa.crypto.PackIovec;
import dev.citadel.spe.spm.PartitionManifest;
import dev.citadel.spe.spm.PartitionModel;
import dev.citadel.spe.spm.PartitionType;
import dev.citadel.spe.spm.PsaMessage;
import dev.citadel.spe.spm.SecurePartition;
import dev.citadel.spe.spm.ServiceManifest;
import dev.citadel.spe.spm.VersionPolicy;
import java.security.DrbgParameters;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Objects;

/**
 * TF-M's Crypto partition ({@code TFM_SP_CRYPTO}, {@code secure_fw/partitions/crypto}): the {@code TFM_CRYPTO}
 * service behind stateless handle {@code 0x40000100}. Every call carries a {@code tfm_crypto_pack_iovec} in
 * {@code in_vec[0]} whose {@code function_id} picks the PSA Crypto function ({@code reference/tfm.md} §2.2).
 *
 * <p>It serves every group of TF-M's function table: Random, Hash, Key Management (see {@link KeyManagementService}),
 * MAC (HMAC, AES-CMAC: {@link MacService}), Cipher (AES ECB/CBC/CTR/CFB/OFB, ChaCha20: {@link CipherService}), AEAD
 * (AES-GCM, AES-CCM, ChaCha20-Poly1305: {@link AeadService}), AsymSign and AsymEncrypt (ECDSA, EdDSA, RSA:
 * {@link AsymSignService}, {@link AsymEncryptService}), raw key agreement ({@link AgreementService}) and Key
 * Derivation (HKDF, TLS 1.2 PRF and PSK-to-MS, PBKDF2: {@link KeyDerivationService}). A function TF-M no longer
 * serves ({@code ABANDONED_*}) or does not know answers {@code PSA_ERROR_NOT_SUPPORTED}, as TF-M does.
 */
public final class CryptoPartition implements SecurePartition {
    // No SPM dependency: on a device the key files reach ITS through a KeyStorage that calls ITS's storage directly
    // with this partition's client ID, the effect of TF-M's manifest dependency on the ITS service.
    private static final PartitionManifest MANIFEST = PartitionManifest.builder("TFM_SP_CRYPTO", PartitionIds.CRYPTO)
            .type(PartitionType.PSA_ROT)
            .model(PartitionModel.SFN)
            .service(ServiceManifest.stateless(
                    TfmService.CRYPTO.serviceName(),
                    TfmService.CRYPTO.sid(),
                    TfmService.CRYPTO.version(),
                    VersionPolicy.STRICT,
                    TfmService.CRYPTO.statelessIndex(),
                    true))
            .build();

    private static final int NOT_SUPPORTED = PsaStatus.NOT_SUPPORTED.value();

    private final OperationTable operations;
    private final RandomService random;
    private final HashService hash;
    private final KeyManagementService keyManagement;
    private final AeadService aead;
    private final MacService mac;
    private final CipherService cipher;
    private final KeyDerivationService keyDerivation;
    private final KeyStore keys;
    private final SecureRandom entropy;
    // Created on first use: they pull in Bouncy Castle's classes, which an idle SPE need not load.
    private AsymSignService asymSign;
    private AsymEncryptService asymEncrypt;
    private AgreementService agreement;

    /**
     * A partition with TF-M's 8 concurrent multi-part operations ({@code CRYPTO_CONC_OPER_NUM}) and Mbed TLS's 32 key
     * slots ({@code MBEDTLS_PSA_KEY_SLOT_COUNT}).
     */
    public CryptoPartition() {
        this(OperationTable.DEFAULT_SIZE);
    }

    /**
     * @param concurrentOperations the number of multi-part operation slots shared by all clients
     * @throws IllegalArgumentException if it is below 1
     */
    public CryptoPartition(int concurrentOperations) {
        this(concurrentOperations, KeyStore.DEFAULT_CAPACITY);
    }

    /**
     * @param concurrentOperations the number of multi-part operation slots shared by all clients
     * @param keySlots the number of keys all clients together may hold ({@code MBEDTLS_PSA_KEY_SLOT_COUNT}); the
     *     next import, generate or copy gives {@code PSA_ERROR_INSUFFICIENT_MEMORY}
     * @throws IllegalArgumentException if either is below 1
     */
    public CryptoPartition(int concurrentOperations, int keySlots) {
        this(concurrentOperations, keySlots, new InMemoryKeyStorage(), BuiltinKeys.hukOnly(randomHuk()));
    }

    /**
     * @param concurrentOperations the number of multi-part operation slots shared by all clients
     * @param keySlots the number of keys all clients together may hold, volatile keys and cached copies of persistent
     *     and built-in keys together
     * @param storage where persistent keys are kept
     * @param builtins the device's built-in keys (HUK, IAK)
     * @throws IllegalArgumentException if either number is below 1
     */
    public CryptoPartition(int concurrentOperations, int keySlots, KeyStorage storage, BuiltinKeys builtins) {
        // The three things every service shares: the operation table, the key store and one entropy source (Mbed TLS
        // keeps one DRBG). Services that use keys get them only through KeyUse, which applies the key policy.
        OperationTable operations = new OperationTable(concurrentOperations);
        this.operations = operations;
        KeyStore keys = new KeyStore(keySlots, Objects.requireNonNull(storage, "storage"),
                Objects.requireNonNull(builtins, "builtins"));
        SecureRandom entropy = drbg();
        this.hash = new HashService(operations);
        this.random = new RandomService(entropy);
        this.keyManagement = new KeyManagementService(keys, entropy);
        this.keyDerivation = new KeyDerivationService(keys, operations, keyManagement, this::agreement);
        this.mac = new MacService(keys, operations);
        this.cipher = new CipherService(keys, operations, entropy);
        this.aead = new AeadService(keys, operations, entropy);
        this.keys = keys;
        this.entropy = entropy;
    }

    /**
     * The partition's random generator: a NIST SP 800-90A DRBG (the JDK's {@code DRBG}, 256-bit strength) seeded and
     * reseeded from the system's entropy, as Mbed TLS runs a CTR_DRBG over its entropy sources. Unlike the platform
     * default ({@code NativePRNG}), it does not read {@code /dev/urandom} on every call, which showed in every ECDSA
     * signature's nonce.
     */
    private static SecureRandom drbg() {
        try {
            return SecureRandom.getInstance("DRBG",
                    DrbgParameters.instantiation(256, DrbgParameters.Capability.RESEED_ONLY, null));
        } catch (NoSuchAlgorithmException e) {
            return new SecureRandom(); // a JDK without DRBG (none that runs Citadel): the platform default
        }
    }

    /**
     * A HUK for a partition built without a device (tests, benchmarks): fresh for each instance. A device's SPE gets
     * its HUK from the OTP instead ({@code SpePartitions.forDevice}).
     */
    private static byte[] randomHuk() {
        byte[] huk = new byte[BuiltinKeys.HUK_BYTES];
        new SecureRandom().nextBytes(huk);
        return huk;
    }

    @Override
    public PartitionManifest manifest() {
        return MANIFEST;
    }

    @Override
    public int serve(ServiceManifest service, PsaMessage message) {
        if (message.type() != Psa.IPC_CALL) {
            return NOT_SUPPORTED; // tfm_crypto_sfn judges the type before it looks at any vector
        }
        int inLen = trimmedLength(message, true);
        int outLen = trimmedLength(message, false);
        if (inLen == 0 || message.inSize(0) < PackIovec.SIZE) {
            return PsaStatus.GENERIC_ERROR.value();
        }
        PackIovec iov = PackIovec.decode(message.mapInvec(0)); // in place; TF-M reads exactly 56 bytes
        try {
            return dispatch(new CryptoRequest(message, iov, inLen, outLen));
        } catch (KeyStoreException e) {
            return e.status(); // a stored key that exists but cannot be had, reached outside KeyUse
        }
    }

    /** The one dispatch table: by group, then by function within the group's service. */
    private int dispatch(CryptoRequest r) {
        CryptoFunction function = CryptoFunction.byValue(r.iov.functionId());
        if (function == null) {
            return NOT_SUPPORTED;
        }
        if (function == CryptoFunction.RAW_KEY_AGREEMENT) {
            return agreement().rawKeyAgreement(r); // the one KeyDerivation function served outside its group
        }
        switch (function.group()) {
            case RANDOM:
                return function == CryptoFunction.GENERATE_RANDOM ? random.generateRandom(r) : NOT_SUPPORTED;
            case KEY_MANAGEMENT:
                return keyManagement.serve(function, r);
            case HASH:
                return hash.serve(function, r);
            case AEAD:
                return aead.serve(function, r);
            case MAC:
                return mac.serve(function, r);
            case CIPHER:
                return cipher.serve(function, r);
            case KEY_DERIVATION:
                return keyDerivation.serve(function, r);
            case ASYMMETRIC_SIGN:
                return asymSign().serve(function, r);
            case ASYMMETRIC_ENCRYPT:
                return asymEncrypt().serve(function, r);
            default:
                return NOT_SUPPORTED;
        }
    }

    private synchronized AsymSignService asymSign() {
        if (asymSign == null) {
            asymSign = new AsymSignService(keys, entropy);
        }
        return asymSign;
    }

    private synchronized AsymEncryptService asymEncrypt() {
        if (asymEncrypt == null) {
            asymEncrypt = new AsymEncryptService(keys, entropy);
        }
        return asymEncrypt;
    }

    private synchronized AgreementService agreement() {
        if (agreement == null) {
            agreement = new AgreementService(keys);
        }
        return agreement;
    }

    /**
     * An NS client's last session ended: its multi-part operations are freed, as TF-M has no way to do (there the NS
     * world never goes away) but a device shared by many processes needs, or one crashed client would hold slots of
     * the table forever. Keys are not session state and stay.
     */
    @Override
    public void clientGone(int clientId) {
        operations.releaseAll(clientId);
    }

    /** TF-M trims trailing zero-length vectors, so an empty trailing vector counts as absent. */
    private static int trimmedLength(PsaMessage m, boolean in) {
        int n = Psa.MAX_IOVEC;
        while (n > 0 && (in ? m.inSize(n - 1) : m.outSize(n - 1)) == 0) {
            n--;
        }
        return n;
    }
}
