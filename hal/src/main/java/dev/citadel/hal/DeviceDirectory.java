package dev.citadel.hal;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Properties;

/**
 * A virtual device: a directory owned by the SPE (mode 0700) with a versioned layout descriptor
 * ({@value #DESCRIPTOR}) and an exclusive lock, so that one SPE at a time serves it. The flash and OTP files of later
 * layouts live here too.
 */
public final class DeviceDirectory implements AutoCloseable {
    /** The layout descriptor's file name. */
    public static final String DESCRIPTOR = "device.properties";
    /** The layout version this code writes and reads. */
    public static final int LAYOUT_VERSION = 1;

    private static final String LOCK = "spe.lock";
    /**
     * Devices this JVM holds. File locks belong to the process, and closing any channel of the lock file would release
     * them, so a second open in this JVM must be refused before it touches the file.
     */
    private static final java.util.Set<Path> HELD = java.util.concurrent.ConcurrentHashMap.newKeySet();

    private final Path root;
    private final Properties descriptor;
    private final FileChannel lockChannel;
    private final FileLock lock;

    private final Path key;

    private DeviceDirectory(Path root, Path key, Properties descriptor, FileChannel lockChannel, FileLock lock) {
        this.root = root;
        this.key = key;
        this.descriptor = descriptor;
        this.lockChannel = lockChannel;
        this.lock = lock;
    }

    /**
     * Opens the device at {@code dir}, creating a new one if the directory is missing or empty, and locks it.
     *
     * @throws DeviceException if the directory holds something that is not a device of a known layout, or another SPE
     *     has it locked
     */
    public static DeviceDirectory openOrCreate(Path dir) throws DeviceException {
        try {
            Path root = dir.toAbsolutePath().normalize();
            if (!Files.exists(root) || isEmptyDirectory(root)) {
                create(root);
            }
            if (!Files.isDirectory(root)) {
                throw new DeviceException(root + " is not a directory");
            }
            Path desc = root.resolve(DESCRIPTOR);
            if (!Files.isRegularFile(desc)) {
                throw new DeviceException(root + " is not a Citadel device (no " + DESCRIPTOR + ")");
            }
            Properties p = new Properties();
            try (Reader r = Files.newBufferedReader(desc, StandardCharsets.UTF_8)) {
                p.load(r);
            }
            String layout = p.getProperty("layout.version", "");
            if (!layout.equals(Integer.toString(LAYOUT_VERSION))) {
                throw new DeviceException(root + " has device layout version '" + layout + "'; this build reads "
                        + LAYOUT_VERSION);
            }
            Path key = root.toRealPath();
            if (!HELD.add(key)) {
                throw new DeviceException("device " + root + " is in use by another SPE");
            }
            try {
                FileChannel ch = FileChannel.open(
                        root.resolve(LOCK), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                FileLock lock;
                try {
                    lock = ch.tryLock();
                } catch (OverlappingFileLockException e) {
                    lock = null;
                }
                if (lock == null) {
                    ch.close();
                    throw new DeviceException("device " + root + " is in use by another SPE");
                }
                return new DeviceDirectory(root, key, p, ch, lock);
            } catch (IOException | DeviceException | RuntimeException e) {
                HELD.remove(key);
                throw e;
            }
        } catch (IOException e) {
            throw new DeviceException("cannot open device " + dir + ": " + e.getMessage(), e);
        }
    }

    private static boolean isEmptyDirectory(Path p) throws IOException {
        if (!Files.isDirectory(p)) {
            return false;
        }
        try (var s = Files.list(p)) {
            return s.findAny().isEmpty();
        }
    }

    private static void create(Path root) throws IOException {
        if (!Files.exists(root)) {
            Files.createDirectories(root.getParent());
            try {
                Files.createDirectory(root, PosixFilePermissions.asFileAttribute(
                        PosixFilePermissions.fromString("rwx------")));
            } catch (FileAlreadyExistsException e) {
                // created concurrently: fall through to the checks
            }
        }
        Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwx------"));
        Properties p = new Properties();
        p.setProperty("layout.version", Integer.toString(LAYOUT_VERSION));
        p.setProperty("created", Instant.now().toString());
        Path tmp = root.resolve(DESCRIPTOR + ".tmp");
        try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
            p.store(w, "Citadel virtual device layout");
        }
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
        Files.move(tmp, root.resolve(DESCRIPTOR), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    public Path root() {
        return root;
    }

    public int layoutVersion() {
        return Integer.parseInt(descriptor.getProperty("layout.version"));
    }

    /** When the device was created, as written in its descriptor. */
    public String created() {
        return descriptor.getProperty("created", "unknown");
    }

    @Override
    public void close() {
        try {
            lock.release();
            lockChannel.close();
        } catch (IOException ignored) {
            // the lock dies with the channel or the process
        } finally {
            HELD.remove(key);
        }
    }
}
