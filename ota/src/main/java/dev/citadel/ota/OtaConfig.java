package dev.citadel.ota;

import java.time.Duration;
import java.util.Objects;

/**
 * How the agent downloads and verifies.
 *
 * @param thing the thing name in the job and stream topics (and the MQTT client id the broker knows)
 * @param blockSize bytes per block (FreeRTOS's {@code 1 << otaconfigLOG2_FILE_BLOCK_SIZE}, 4096 by default)
 * @param blocksPerRequest blocks one GetStream request asks for ({@code otaconfigMAX_NUM_BLOCKS_REQUEST})
 * @param requestTimeout how long to wait for the blocks of a request before asking again
 * @param maxRetries requests in a row without a new block before the download fails
 * @param maxReconnects reconnects of a lost MQTT connection during one job
 * @param codeVerifyKey the PSA key id of the code-verify public key in the SPE
 */
public record OtaConfig(String thing, int blockSize, int blocksPerRequest, Duration requestTimeout, int maxRetries,
        int maxReconnects, int codeVerifyKey) {
    /** The FreeRTOS PKCS#11 PSA shim's id for "Code Verify Key" ({@code PSA_CODE_VERIFICATION_KEY_ID}). */
    public static final int CODE_VERIFY_KEY_ID = 0x11;

    public OtaConfig {
        new JobTopics(thing);
        if (blockSize < 256 || blockSize > GetStreamRequest.MAX_BLOCK_SIZE || Integer.bitCount(blockSize) != 1) {
            throw new IllegalArgumentException("block size must be a power of two in 256.."
                    + GetStreamRequest.MAX_BLOCK_SIZE + ": " + blockSize);
        }
        if (blocksPerRequest < 1 || blocksPerRequest > 1024) {
            throw new IllegalArgumentException("blocks per request must be in 1..1024: " + blocksPerRequest);
        }
        Objects.requireNonNull(requestTimeout, "requestTimeout");
        if (requestTimeout.isNegative() || requestTimeout.isZero()) {
            throw new IllegalArgumentException("request time-out must be positive");
        }
        if (maxRetries < 0 || maxReconnects < 0) {
            throw new IllegalArgumentException("retries and reconnects must not be negative");
        }
    }

    /** 4 KiB blocks, 8 per request, 5 s per request, 5 retries, 5 reconnects, key 0x11. */
    public static OtaConfig defaults(String thing) {
        return new OtaConfig(thing, 4096, 8, Duration.ofSeconds(5), 5, 5, CODE_VERIFY_KEY_ID);
    }

    public OtaConfig withBlockSize(int size) {
        return new OtaConfig(thing, size, blocksPerRequest, requestTimeout, maxRetries, maxReconnects, codeVerifyKey);
    }

    public OtaConfig withBlocksPerRequest(int n) {
        return new OtaConfig(thing, blockSize, n, requestTimeout, maxRetries, maxReconnects, codeVerifyKey);
    }

    public OtaConfig withRequestTimeout(Duration t) {
        return new OtaConfig(thing, blockSize, blocksPerRequest, t, maxRetries, maxReconnects, codeVerifyKey);
    }

    public OtaConfig withCodeVerifyKey(int keyId) {
        return new OtaConfig(thing, blockSize, blocksPerRequest, requestTimeout, maxRetries, maxReconnects, keyId);
    }
}
