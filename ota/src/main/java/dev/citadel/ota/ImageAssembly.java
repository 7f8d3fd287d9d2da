package dev.citadel.ota;

import dev.citadel.psa.fwu.FwuImageVersion;

/**
 * Checks each block against the job and writes it through FWU at its offset: the file id, the block's place and
 * length; block 0's image header against the running version (downgrade) and the job's file size. A block received
 * before is ignored. Times the SPE writes.
 */
final class ImageAssembly implements BlockSink {
    private final OtaFile file;
    private final int blockSize;
    private final BlockBitmap bitmap;
    private final FwuTarget target;
    private final FwuImageVersion running;
    private long writeNanos;
    private int duplicates;
    private ImageHeader header;

    ImageAssembly(OtaFile file, int blockSize, BlockBitmap bitmap, FwuTarget target, FwuImageVersion running) {
        this.file = file;
        this.blockSize = blockSize;
        this.bitmap = bitmap;
        this.target = target;
        this.running = running;
    }

    @Override
    public void accept(DataBlock b) throws OtaException {
        if (b.fileId() != file.fileId()) {
            throw new OtaException(Refusal.CORRUPT_BLOCK, "block " + b.blockId() + " is of file " + b.fileId()
                    + "; the job's file is " + file.fileId());
        }
        int i = b.blockId();
        if (i >= bitmap.blocks()) {
            throw new OtaException(Refusal.CORRUPT_BLOCK, "block " + i + " lies beyond the file's "
                    + bitmap.blocks() + " blocks of " + blockSize + " bytes");
        }
        long offset = (long) i * blockSize;
        int expected = (int) Math.min(blockSize, file.fileSize() - offset);
        byte[] payload = b.payload();
        if (b.length() != expected || payload.length != expected) {
            throw new OtaException(Refusal.CORRUPT_BLOCK, "block " + i + " has " + payload.length
                    + " bytes (declared " + b.length() + "); a block at offset " + offset + " has " + expected);
        }
        if (!bitmap.needs(i)) {
            duplicates++;
            return;
        }
        if (i == 0) {
            checkHeader(payload);
        }
        long t = System.nanoTime();
        target.write(offset, payload);
        writeNanos += System.nanoTime() - t;
        bitmap.received(i);
    }

    private void checkHeader(byte[] first) throws OtaException {
        try {
            header = ImageHeader.parse(first);
        } catch (IllegalArgumentException e) {
            throw new OtaException(Refusal.NOT_AN_IMAGE, e.getMessage());
        }
        if (ImageHeader.compare(header.version(), running) <= 0) {
            throw new OtaException(Refusal.DOWNGRADE, "image version " + header.version()
                    + " is not newer than the running " + running);
        }
        if (header.declaredSize() > file.fileSize()) {
            throw new OtaException(Refusal.OVERSIZED, "the image header declares " + header.declaredSize()
                    + " bytes, more than the job's file of " + file.fileSize());
        }
    }

    long writeNanos() {
        return writeNanos;
    }

    int duplicates() {
        return duplicates;
    }

    /** The new image's header, once block 0 arrived. */
    ImageHeader header() {
        return header;
    }
}
