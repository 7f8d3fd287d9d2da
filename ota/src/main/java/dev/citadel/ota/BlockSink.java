package dev.citadel.ota;

/** Takes the blocks a download delivers, in any order, checks each and writes it. */
interface BlockSink {
    void accept(DataBlock block) throws OtaException;
}
