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
import java.security.SecureRandom;

/**
 * TF-M's Crypto partition ({@code TFM_SP_CRYPTO}, {@code secure_fw/partitions/crypto}): the {@code TFM_CRYPTO}
 * service behind stateless handle {@code 0x40000100}. Every call carries a {@code tfm_crypto_pack_iovec} in
 * {@code in_vec[0]} whose {@code function_id} picks the PSA Crypto function ({@code reference/tfm.md} §2.2).
 *
 * <p>This slice serves the Random, Hash, Key Management (volatile keys, see {@link KeyManagementService}), AsymSign
 * and AsymEncrypt groups and raw key agreement; every other function answers {@code PSA_ERROR_NOT_SUPPORTED}, as a
 * TF-M build with those modules disabled does.
 */
public final class CryptoPartition implements SecurePartition {
    // No dependencies yet: persistent keys will depend on the ITS service, as TF-M's crypto manifest does.
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

    private final RandomService random;
    private final HashService hash;
    private final KeyManagementService keyManagement;
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
        // The three things every service shares: the operation table, the key store and one entropy source (Mbed TLS
        // keeps one DRBG). Services that use keys get them only through KeyUse, which applies the key policy.
        OperationTable operations = new OperationTable(concurrentOperations);
        KeyStore keys = new KeyStore(keySlots);
        SecureRandom entropy = new SecureRandom();
        this.hash = new HashService(operations);
        this.random = new RandomService(entropy);
        this.keyManagement = new KeyManagementService(keys, entropy);
        this.keys = keys;
        this.entropy = entropy;
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
        byte[] header = new byte[PackIovec.SIZE];
        message.read(0, header, 0, header.length);
        PackIovec iov = PackIovec.decode(header);
        return dispatch(new CryptoRequest(message, iov, inLen, outLen));
    }

    /** The one dispatch table: by group, then by function within the group's service. */
    private int dispatch(CryptoRequest r) {
        CryptoFunction function = r.iov.function().orElse(null);
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

    /** TF-M trims trailing zero-length vectors, so an empty trailing vector counts as absent. */
    private static int trimmedLength(PsaMessage m, boolean in) {
        int n = Psa.MAX_IOVEC;
        while (n > 0 && (in ? m.inSize(n - 1) : m.outSize(n - 1)) == 0) {
            n--;
        }
        return n;
    }
}
