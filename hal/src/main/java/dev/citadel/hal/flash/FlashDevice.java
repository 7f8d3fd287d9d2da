package dev.citadel.hal.flash;

import java.nio.file.Path;

/**
 * A NOR flash. An erase sets a whole sector to 0xFF; a program writes whole, aligned program units and may only
 * clear bits (1 to 0). Any operation that breaks these rules is refused with a {@link FlashException} and changes
 * nothing.
 *
 * <p>Durability: program and erase reach the operating system before they return, so another reader of the backing
 * file sees them at once; only {@link #sync()} makes them survive a host crash. A store calls {@code sync()} at its
 * commit points.
 */
public interface FlashDevice extends AutoCloseable {

    /** The device's shape. */
    FlashGeometry geometry();

    /** Reads {@code length} bytes at {@code offset}; any in-range offset is allowed. */
    byte[] read(long offset, int length) throws FlashException;

    /** Sets every byte of {@code sector} to 0xFF. */
    void erase(int sector) throws FlashException;

    /**
     * Programs {@code data} at {@code offset}. The range must be whole, aligned program units, and {@code data} may
     * not hold a 1 bit where the flash holds a 0 bit.
     */
    void program(long offset, byte[] data) throws FlashException;

    /** Forces every completed program and erase to stable storage. */
    void sync() throws FlashException;

    @Override
    void close() throws FlashException;

    /** A volatile flash in memory, erased (all 0xFF), for tests. */
    static FlashDevice inMemory(FlashGeometry geometry) {
        return new MemoryFlash(geometry);
    }

    /**
     * Opens the flash backed by {@code file}, creating it erased (mode 0600) if it is missing. An existing file must
     * have exactly the geometry's size.
     */
    static FlashDevice openFile(Path file, FlashGeometry geometry) throws FlashException {
        return FileFlash.open(file, geometry);
    }
}
