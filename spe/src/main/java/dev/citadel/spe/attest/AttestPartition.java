package dev.citadel.spe.attest;

import dev.citadel.psa.PartitionIds;
import dev.citadel.psa.PsaStatus;
import dev.citadel.psa.TfmService;
import dev.citadel.psa.attest.AttestWire;
import dev.citadel.psa.attest.CoseAlgorithm;
import dev.citadel.spe.spm.BootData;
import dev.citadel.spe.spm.PartitionContext;
import dev.citadel.spe.spm.PartitionManifest;
import dev.citadel.spe.spm.PartitionModel;
import dev.citadel.spe.spm.PartitionType;
import dev.citadel.spe.spm.PsaMessage;
import dev.citadel.spe.spm.SecurePartition;
import dev.citadel.spe.spm.ServiceManifest;
import dev.citadel.spe.spm.VersionPolicy;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * TF-M's Initial Attestation partition ({@code TFM_SP_INITIAL_ATTESTATION}, PID 261,
 * {@code secure_fw/partitions/initial_attestation/}): the stateless {@code TFM_ATTESTATION_SERVICE} (SID
 * {@code 0x20}, handle {@code 0x40000103}) with {@code psa_initial_attest_get_token} and {@code _get_token_size}
 * ({@link AttestWire}), checked in the order of {@code tfm_attest_req_mngr.c} and {@code attest_core.c}:
 * <ol>
 *   <li>get_token: a challenge of 0 or more than 64 bytes, or an empty token buffer: {@code INVALID_ARGUMENT};
 *       get_token_size: vectors other than 4 bytes each: {@code INVALID_ARGUMENT};
 *   <li>a challenge size other than 32, 48 or 64: {@code INVALID_ARGUMENT};
 *   <li>a token buffer smaller than the token: {@code BUFFER_TOO_SMALL}, nothing written;
 *   <li>a claim that cannot be had (no IAK, no software components where the profile needs them):
 *       {@code GENERIC_ERROR}.
 * </ol>
 * An unknown call type is {@code NOT_SUPPORTED}. The token is a COSE_Sign1 signed by the Crypto partition with the
 * built-in IAK (ES256 or ES384 by its curve), or a COSE_Mac0 (HMAC 256/256) when the IAK is symmetric, called as
 * partition 261; the size query gives the exact size of the token the same caller would get.
 */
public final class AttestPartition implements SecurePartition {
    private static final PartitionManifest MANIFEST =
            PartitionManifest.builder("TFM_SP_INITIAL_ATTESTATION", PartitionIds.INITIAL_ATTESTATION)
                    .type(PartitionType.PSA_ROT)
                    .model(PartitionModel.SFN)
                    .service(ServiceManifest.stateless(
                            TfmService.ATTESTATION.serviceName(),
                            TfmService.ATTESTATION.sid(),
                            TfmService.ATTESTATION.version(),
                            VersionPolicy.STRICT,
                            TfmService.ATTESTATION.statelessIndex(),
                            true))
                    .dependency(TfmService.CRYPTO.serviceName())
                    .build();

    /** TF-M's {@code BOOT_SEED_SIZE}: fits every profile (PSA_IOT_PROFILE_1 needs 32). */
    static final int BOOT_SEED_SIZE = 32;

    private final AttestConfig config;
    private final DeviceIdentity device;
    private final List<byte[]> softwareComponents;
    private final byte[] bootSeed;
    private AttestCrypto crypto;
    private CoseAlgorithm algorithm;
    private byte[] instanceId;

    /**
     * @param bootData the measured-boot area BL2 handed over, or empty for an SPE started without BL2
     * @param random draws the boot seed, fresh for each SPE start
     * @throws IllegalArgumentException if a boot record is not a CBOR map
     */
    public AttestPartition(AttestConfig config, DeviceIdentity device, Optional<BootData> bootData,
            SecureRandom random) {
        this.config = Objects.requireNonNull(config, "config");
        this.device = Objects.requireNonNull(device, "device");
        this.softwareComponents = SoftwareComponents.from(bootData);
        this.bootSeed = new byte[BOOT_SEED_SIZE];
        random.nextBytes(bootSeed);
    }

    @Override
    public PartitionManifest manifest() {
        return MANIFEST;
    }

    @Override
    public void init(PartitionContext context) {
        crypto = new AttestCrypto(context.client());
    }

    @Override
    public int serve(ServiceManifest service, PsaMessage m) {
        try {
            return switch (m.type()) {
                case AttestWire.GET_TOKEN -> getToken(m);
                case AttestWire.GET_TOKEN_SIZE -> getTokenSize(m);
                default -> PsaStatus.NOT_SUPPORTED.value();
            };
        } catch (AttestException e) {
            return e.status().value();
        } catch (IllegalArgumentException e) {
            return PsaStatus.GENERIC_ERROR.value();
        }
    }

    private int getToken(PsaMessage m) throws AttestException {
        int challengeSize = m.inSize(0);
        int bufferSize = m.outSize(0);
        if (challengeSize == 0 || challengeSize > AttestWire.CHALLENGE_SIZE_64 || bufferSize == 0) {
            return PsaStatus.INVALID_ARGUMENT.value();
        }
        if (!AttestWire.isChallengeSize(challengeSize)) {
            return PsaStatus.INVALID_ARGUMENT.value();
        }
        byte[] challenge = m.read(0);
        byte[] payload = payload(challenge, m.clientId());
        byte[] protectedHeader = CoseToken.protectedHeader(algorithm);
        // The size is known before signing, so a short buffer costs no signature.
        if (CoseToken.encode(algorithm, protectedHeader, payload, new byte[algorithm.signatureSize()]).length
                > bufferSize) {
            return PsaStatus.BUFFER_TOO_SMALL.value();
        }
        byte[] toBeSigned = CoseToken.toBeSigned(algorithm, protectedHeader, payload);
        byte[] signature = algorithm.kind() == CoseAlgorithm.Kind.HMAC
                ? crypto.macCompute(algorithm, toBeSigned)
                : crypto.signHash(algorithm, hash(toBeSigned));
        m.write(0, CoseToken.encode(algorithm, protectedHeader, payload, signature));
        return PsaStatus.SUCCESS.value();
    }

    private int getTokenSize(PsaMessage m) throws AttestException {
        if (m.inSize(0) != AttestWire.SIZE_FIELD || m.outSize(0) != AttestWire.SIZE_FIELD) {
            return PsaStatus.INVALID_ARGUMENT.value();
        }
        long challengeSize = Integer.toUnsignedLong(le(m.read(0)).getInt());
        if (!AttestWire.isChallengeSize(challengeSize)) {
            return PsaStatus.INVALID_ARGUMENT.value();
        }
        byte[] payload = payload(new byte[(int) challengeSize], m.clientId());
        int size = CoseToken.encode(algorithm, CoseToken.protectedHeader(algorithm), payload,
                new byte[algorithm.signatureSize()]).length;
        m.write(0, ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(size).array());
        return PsaStatus.SUCCESS.value();
    }

    private byte[] payload(byte[] challenge, int clientId) throws AttestException {
        loadIak();
        return new TokenClaims(challenge, bootSeed, instanceId, device, clientId, softwareComponents, config)
                .toMap();
    }

    /** The IAK's algorithm and Instance ID, asked of the Crypto partition once and kept, as TF-M caches them. */
    private void loadIak() throws AttestException {
        if (instanceId == null) {
            CoseAlgorithm alg = crypto.algorithm();
            if (alg.kind() == CoseAlgorithm.Kind.HMAC) {
                byte[] key = crypto.exportSymmetricKey(alg);
                instanceId = InstanceId.ofSymmetric(key);
                java.util.Arrays.fill(key, (byte) 0);
            } else {
                instanceId = InstanceId.of(alg, crypto.publicKey(alg));
            }
            algorithm = alg;
        }
    }

    private byte[] hash(byte[] data) {
        try {
            return MessageDigest.getInstance(algorithm.jdkHash()).digest(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has " + algorithm.jdkHash(), e);
        }
    }

    private static ByteBuffer le(byte[] b) {
        return ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
    }
}
