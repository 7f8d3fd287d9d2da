package dev.citadel.ota;

/** A way to fetch a job's blocks: MQTT streams or HTTP range requests. */
interface BlockSource {
    /** Fetches the blocks {@code bitmap} still needs, each to {@code sink}, until it is complete. */
    void fetch(OtaJob job, BlockBitmap bitmap, BlockSink sink) throws OtaException;
}
