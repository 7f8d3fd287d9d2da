package dev.citadel.hal;

import dev.citadel.hal.flash.FlashGeometry;
import dev.citadel.hal.nv.NvCounters;
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
 * ({@value #DESCRIPTOR}) and an exclusive lock, so that one SPE at a time serves it.
 *
 * <p>Layout 2 adds the storage files, each named in the descriptor: the internal flash (BL2 slots, scratch, ITS)
 * and the external flash (PS) with their geometries, the OTP, and the NV counters' own flash. The files are created
 * by their first use. A layout-1 directory is still read: its descriptor is left as it is and it gets the default
 * storage files.
 */
public final class DeviceDirectory implements AutoCloseable {
    /** The layout descriptor's file name. */
    public static final String DESCRIPTOR = "device.properties";
    /** The layout version this code writes and reads. */
    public static final int LAYOUT_VERSION = 2;
    /** The oldest layout version this code still reads. */
    public static final int OLDEST_LAYOUT_VERSION = 1;

    /** Internal flash by default: 512 sectors of 4 KiB (2 MiB), programmed 16 bytes at a time. */
    public static final FlashGeometry DEFAULT_INTERNAL_FLASH = new FlashGeometry(4096, 512, 16);
    /** External flash by default: 256 sectors of 4 KiB (1 MiB), programmed byte by byte like a QSPI NOR. */
    public static final FlashGeometry DEFAULT_EXTERNAL_FLASH = new FlashGeometry(4096, 256, 1);

    private static final String INTERNAL = "flash.internal";
    private static final String EXTERNAL = "flash.external";
    private static final String OTP = "otp.file";
    private static final String NV = "nvcounters.file";

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
            if (!layout.matches("[0-9]{1,3}") || Integer.parseInt(layout) < OLDEST_LAYOUT_VERSION
                    || Integer.parseInt(layout) > LAYOUT_VERSION) {
                throw new DeviceException(root + " has device layout version '" + layout + "'; this build reads "
                        + OLDEST_LAYOUT_VERSION + " to " + LAYOUT_VERSION);
            }
            checkStorageEntries(root, p);
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
        p.setProperty(INTERNAL + ".file", "internal_flash.bin");
        p.setProperty(INTERNAL + ".geometry", format(DEFAULT_INTERNAL_FLASH));
        p.setProperty(EXTERNAL + ".file", "external_flash.bin");
        p.setProperty(EXTERNAL + ".geometry", format(DEFAULT_EXTERNAL_FLASH));
        p.setProperty(OTP, "otp.bin");
        p.setProperty(NV, "nv_counters.bin");
        Path tmp = root.resolve(DESCRIPTOR + ".tmp");
        try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
            p.store(w, "Citadel virtual device layout");
        }
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
        Files.move(tmp, root.resolve(DESCRIPTOR), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    private static String format(FlashGeometry g) {
        return g.sectorSize() + "," + g.sectorCount() + "," + g.programUnit();
    }

    private static FlashGeometry parseGeometry(String text) {
        String[] parts = text.split(",", -1);
        if (parts.length != 3) {
            throw new IllegalArgumentException("geometry '" + text + "' is not sectorSize,sectorCount,programUnit");
        }
        try {
            return new FlashGeometry(Integer.parseInt(parts[0].trim()), Integer.parseInt(parts[1].trim()),
                    Integer.parseInt(parts[2].trim()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("geometry '" + text + "' is not three integers");
        }
    }

    /** Refuses a descriptor whose storage entries would put files outside the device or have no valid shape. */
    private static void checkStorageEntries(Path root, Properties p) throws DeviceException {
        java.util.Set<String> names = new java.util.HashSet<>();
        for (String key : new String[] {INTERNAL + ".file", EXTERNAL + ".file", OTP, NV}) {
            String name = p.getProperty(key);
            if (name != null && (name.isEmpty() || name.contains("/") || name.startsWith(".")
                    || name.equals(DESCRIPTOR) || name.equals(LOCK))) {
                throw new DeviceException(root + ": " + key + " '" + name + "' is not a plain file name");
            }
            // Two stores on one file would overwrite each other.
            if (name != null && !names.add(name)) {
                throw new DeviceException(root + ": " + key + " '" + name + "' is already used by another entry");
            }
        }
        for (String key : new String[] {INTERNAL + ".geometry", EXTERNAL + ".geometry"}) {
            String g = p.getProperty(key);
            if (g != null) {
                try {
                    parseGeometry(g);
                } catch (IllegalArgumentException e) {
                    throw new DeviceException(root + ": " + key + ": " + e.getMessage());
                }
            }
        }
    }

    private FlashFile flash(String prefix, String defaultName, FlashGeometry defaultGeometry) {
        String g = descriptor.getProperty(prefix + ".geometry");
        return new FlashFile(root.resolve(descriptor.getProperty(prefix + ".file", defaultName)),
                g == null ? defaultGeometry : parseGeometry(g));
    }

    /** The internal flash: BL2 slots, scratch and the ITS area. */
    public FlashFile internalFlash() {
        return flash(INTERNAL, "internal_flash.bin", DEFAULT_INTERNAL_FLASH);
    }

    /** The external flash: the PS area. */
    public FlashFile externalFlash() {
        return flash(EXTERNAL, "external_flash.bin", DEFAULT_EXTERNAL_FLASH);
    }

    /** The NV counters' own flash, apart from the storage areas so restoring those does not roll counters back. */
    public FlashFile nvCounters() {
        return new FlashFile(root.resolve(descriptor.getProperty(NV, "nv_counters.bin")), NvCounters.GEOMETRY);
    }

    /** The OTP file (see {@link dev.citadel.hal.otp.Otp}). */
    public Path otpFile() {
        return root.resolve(descriptor.getProperty(OTP, "otp.bin"));
    }

    /**
     * The file {@code citadel device format --ps} leaves so that the next SPE start accepts an empty PS area although
     * the PS NV counters show a table was saved before (without it, that state reads as an erased or replaced area).
     */
    public Path psFormatRequest() {
        return root.resolve("ps.format-request");
    }

    /** The device's root directory. */
    public Path root() {
        return root;
    }

    /** The layout version in the descriptor; older layouts are read as they are, not rewritten. */
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
