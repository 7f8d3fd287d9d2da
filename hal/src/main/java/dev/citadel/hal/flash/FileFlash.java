package dev.citadel.hal.flash;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;

/**
 * Flash in a file of exactly the geometry's size. Writes go straight to the channel (no user-space cache, so a
 * cut leaves in the file exactly what the operations wrote); {@link #sync()} calls {@code force}.
 */
final class FileFlash extends NorFlash {
    private final Path file;
    private final FileChannel channel;

    private FileFlash(Path file, FlashGeometry geometry, FileChannel channel) {
        super(geometry);
        this.file = file;
        this.channel = channel;
    }

    static FileFlash open(Path file, FlashGeometry geometry) throws FlashException {
        try {
            if (!Files.exists(file)) {
                createErased(file, geometry);
            }
            long size = Files.size(file);
            if (size != geometry.size()) {
                throw new FlashException(file + " holds " + size + " bytes; the geometry needs " + geometry.size());
            }
            return new FileFlash(file, geometry,
                    FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE));
        } catch (IOException e) {
            throw new FlashException("cannot open flash " + file + ": " + e.getMessage(), e);
        }
    }

    private static void createErased(Path file, FlashGeometry geometry) throws IOException {
        // Built under a temporary name and renamed, so a crash never leaves a short flash file.
        Path tmp = file.resolveSibling(file.getFileName() + ".new");
        Files.deleteIfExists(tmp);
        Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
            byte[] ff = new byte[geometry.sectorSize()];
            Arrays.fill(ff, (byte) 0xFF);
            for (int s = 0; s < geometry.sectorCount(); s++) {
                writeFully(ch, geometry.sectorOffset(s), ff);
            }
            ch.force(true);
        }
        try {
            Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException e) {
            Files.delete(tmp);
        }
    }

    private static void writeFully(FileChannel ch, long offset, byte[] src) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(src);
        while (b.hasRemaining()) {
            ch.write(b, offset + b.position());
        }
    }

    @Override
    void readMedium(long offset, byte[] dst) throws FlashException {
        try {
            ByteBuffer b = ByteBuffer.wrap(dst);
            while (b.hasRemaining()) {
                if (channel.read(b, offset + b.position()) < 0) {
                    throw new FlashException(file + " is shorter than its geometry");
                }
            }
        } catch (IOException e) {
            throw new FlashException("read of " + file + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    void writeMedium(long offset, byte[] src) throws FlashException {
        try {
            writeFully(channel, offset, src);
        } catch (IOException e) {
            throw new FlashException("write to " + file + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void sync() throws FlashException {
        try {
            channel.force(false);
        } catch (IOException e) {
            throw new FlashException("sync of " + file + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() throws FlashException {
        super.close();
        try {
            channel.close();
        } catch (IOException e) {
            throw new FlashException("close of " + file + " failed: " + e.getMessage(), e);
        }
    }
}
