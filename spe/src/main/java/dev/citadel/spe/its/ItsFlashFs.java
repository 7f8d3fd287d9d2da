package dev.citadel.spe.its;

import dev.citadel.hal.flash.FlashDevice;
import dev.citadel.hal.flash.FlashException;
import dev.citadel.hal.flash.FlashGeometry;
import dev.citadel.hal.flash.PowerCut;
import dev.citadel.psa.PsaStatus;
import java.io.ByteArrayOutputStream;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.zip.CRC32;

/**
 * The ITS flash file system, after TF-M's {@code its_flash_fs}: two metadata blocks used in turn, a file table, and
 * data blocks updated copy-on-write through one scratch block.
 *
 * <p>Every change rewrites one data block, compacted, into the scratch block, then commits a new metadata block
 * (body first, header with an incremented swap count last, then one sync). Until that sync the old metadata and the
 * old data block are untouched, so a power cut at any program or erase, or a host crash that keeps any subset of the
 * unsynced writes, leaves each file entirely old or entirely new. At boot the valid metadata block with the newer
 * swap count wins, unless its files fail their CRCs while the commit before it is whole.
 *
 * <p>Never a silent wipe: only an area whose metadata blocks hold nothing but an interrupted first format is
 * formatted. Otherwise, if no metadata block is valid, every call fails with {@code PSA_ERROR_DATA_CORRUPT}; a
 * flash that cannot be read or written gives {@code PSA_ERROR_STORAGE_FAILURE}. A file whose bytes fail their
 * CRC gives {@code PSA_ERROR_DATA_CORRUPT} on read. Thread-safe.
 */
public final class ItsFlashFs {
    private static final System.Logger LOG = System.getLogger(ItsFlashFs.class.getName());
    // Program in pages like a flash driver does; it also gives power cuts more places to land.
    private static final int PAGE = 256;
    private static final int CONFIRMATION_BYTES = 8;
    // What this instance knows of each sector of its area, so erase-before-use need not read what it just wrote.
    private static final byte UNKNOWN = 0;
    private static final byte ERASED = 1;
    private static final byte WRITTEN = 2;

    private final String name;
    private final FlashDevice flash;
    private final ItsConfig config;
    private final int unit;
    private final int blockSize;
    private Metadata meta;
    private int active;
    private ItsException broken;
    private boolean fellBack;
    private final byte[] sectorState;

    private ItsFlashFs(FlashDevice flash, ItsConfig config, String name) {
        this.name = name;
        this.flash = flash;
        this.config = config;
        FlashGeometry g = flash.geometry();
        this.unit = g.programUnit();
        this.blockSize = g.sectorSize() * config.sectorsPerBlock();
        this.sectorState = new byte[config.areaSectors()];
        if (config.firstSector() + config.areaSectors() > g.sectorCount()) {
            throw new IllegalArgumentException(name + " area runs past the flash's " + g.sectorCount() + " sectors");
        }
        if (config.maxAssetSize() > blockSize) {
            throw new IllegalArgumentException("max asset size exceeds a block of " + blockSize + " bytes");
        }
        int metaSize = Metadata.headerLength(unit) + Metadata.maxBodyLength(config.activeDataBlocks(), config.maxAssets());
        if (metaSize > blockSize - confirmationLength()) { // the block ends with the commit's confirmation
            throw new IllegalArgumentException("metadata of " + metaSize + " bytes does not fit a block");
        }
    }

    /**
     * Mounts the file system in {@code config}'s area of {@code flash}, formatting it only if it was never
     * formatted. A corrupt or unreadable area does not throw here: the failure is logged and every call reports it.
     */
    public static ItsFlashFs mount(FlashDevice flash, ItsConfig config) {
        return mount(flash, config, "ITS");
    }

    /** As {@link #mount(FlashDevice, ItsConfig)}, for a store that logs and reports itself as {@code name}. */
    public static ItsFlashFs mount(FlashDevice flash, ItsConfig config, String name) {
        ItsFlashFs fs = new ItsFlashFs(flash, config, name);
        fs.boot();
        return fs;
    }

    private void boot() {
        try {
            byte[] b0 = readBlock(0);
            byte[] b1 = readBlock(1);
            Optional<Metadata> m0 = Metadata.decode(b0, unit, config, blockSize);
            Optional<Metadata> m1 = Metadata.decode(b1, unit, config, blockSize);
            if (m0.isPresent() && (m1.isEmpty() || !Metadata.newer(m1.get().swapCount(), m0.get().swapCount()))) {
                take(m0.get(), 0, m1);
            } else if (m1.isPresent()) {
                take(m1.get(), 1, m0);
            } else if (onlyInterruptedFormat(b0, b1)) {
                format();
            } else {
                broken = new ItsException(PsaStatus.DATA_CORRUPT,
                        "neither " + name + " metadata block holds a valid commit (bad magic, CRC or table); left as is");
                LOG.log(Level.ERROR, broken.getMessage());
            }
        } catch (FlashException e) {
            broken = new ItsException(PsaStatus.STORAGE_FAILURE, name + " flash unreadable at boot", e);
            LOG.log(Level.ERROR, broken.getMessage(), e);
        }
    }

    /**
     * Makes {@code newest} (in block {@code block}) the mounted state, unless it is a commit cut short by a host
     * crash: some of its files fail their CRCs, all of those lie in the data block it rewrote, and {@code other} is
     * the commit just before it with every file intact. One sync covers a whole commit, so the OS may have kept its
     * header but not all of its data copy; such a commit was never acknowledged, and the previous one is whole
     * because nothing it uses is erased before the newer commit's sync. A confirmed commit (its sync returned, see
     * {@link #commit}) is never passed over, and damage anywhere else is not a crash's work either: the newest commit
     * is kept and the damaged file reads as {@code DATA_CORRUPT}.
     */
    private void take(Metadata newest, int block, Optional<Metadata> other) throws FlashException {
        meta = newest;
        active = block;
        if (confirmed(block, newest.swapCount()) || other.isEmpty() || other.get().swapCount() != newest.swapCount() - 1) {
            return;
        }
        Metadata previous = other.get();
        List<FileEntry> bad = damaged(newest);
        boolean crashShaped = !bad.isEmpty() && bad.stream()
                .allMatch(f -> !newest.phys().get(f.lblock()).equals(previous.phys().get(f.lblock())));
        if (!crashShaped || !damaged(previous).isEmpty()) {
            return;
        }
        LOG.log(Level.WARNING, name + " commit " + newest.swapCount() + " lacks bytes of " + bad.size()
                + " file(s) it copied (host crash before its sync); mounting the previous commit "
                + previous.swapCount());
        meta = previous;
        active = 1 - block;
        fellBack = true;
    }

    /** The files of {@code m} whose bytes fail their CRC. */
    private List<FileEntry> damaged(Metadata m) throws FlashException {
        List<FileEntry> bad = new ArrayList<>();
        for (FileEntry f : m.files()) {
            if (crc(flash.read(blockOffset(m.phys().get(f.lblock())) + f.offset(), f.size())) != f.crc()) {
                bad.add(f);
            }
        }
        return bad;
    }

    /** Whether the mount passed over a newest commit whose files did not all land; for tests. */
    boolean mountedPreviousCommit() {
        return fellBack;
    }

    /** The first metadata an empty area gets. */
    private Metadata blank() {
        List<Integer> phys = new ArrayList<>();
        for (int p = 3; p < config.blocks(); p++) {
            phys.add(p);
        }
        return new Metadata(1, 2, phys, List.of());
    }

    /**
     * True if block 1 is erased and block 0 holds at most the bits of the first format: a format cut short, with
     * nothing of a user's ever committed. Anything else is data and must not be overwritten.
     */
    private boolean onlyInterruptedFormat(byte[] b0, byte[] b1) {
        byte[] image = imageOf(blank());
        for (int i = 0; i < blockSize; i++) {
            if (b1[i] != (byte) 0xFF || (b0[i] & image[i]) != image[i]) {
                return false;
            }
        }
        return true;
    }

    private byte[] imageOf(Metadata m) {
        byte[] image = new byte[blockSize];
        Arrays.fill(image, (byte) 0xFF);
        byte[] body = m.body();
        System.arraycopy(m.header(body, unit), 0, image, 0, Metadata.headerLength(unit));
        System.arraycopy(body, 0, image, Metadata.headerLength(unit), body.length);
        // The confirmation may hold any bits.
        Arrays.fill(image, blockSize - confirmationLength(), blockSize, (byte) 0);
        return image;
    }

    private void format() throws FlashException {
        LOG.log(Level.INFO, name + " area never formatted: formatting");
        active = 1; // so the commit goes to block 0
        commit(blank());
    }

    /** The limits in force. */
    public ItsConfig config() {
        return config;
    }

    /** Stat of a file, or empty if it does not exist. */
    public synchronized Optional<ItsFileInfo> info(ItsFileId id) throws ItsException {
        check();
        return find(id).map(f -> new ItsFileInfo(f.size(), f.flags()));
    }

    /**
     * Reads {@code length} bytes of a file from {@code offset}; the caller has checked the range against
     * {@link #info}.
     */
    public synchronized byte[] read(ItsFileId id, int offset, int length) throws ItsException {
        check();
        FileEntry f = find(id).orElseThrow(() -> new ItsException(PsaStatus.DOES_NOT_EXIST, "no such file"));
        try {
            byte[] all = flash.read(blockOffset(meta.phys().get(f.lblock())) + f.offset(), f.size());
            if (crc(all) != f.crc()) {
                LOG.log(Level.ERROR, name + " file of client {0} uid {1} fails its CRC", id.clientId(), id.uid());
                throw new ItsException(PsaStatus.DATA_CORRUPT, "file bytes fail their CRC");
            }
            return Arrays.copyOfRange(all, offset, offset + length);
        } catch (FlashException e) {
            throw failure("read", e);
        }
    }

    /**
     * Creates or replaces a file atomically. {@code INVALID_ARGUMENT} if it exceeds the max asset size,
     * {@code INSUFFICIENT_STORAGE} if no block has room or the file table is full.
     */
    public synchronized void write(ItsFileId id, byte[] data, int flags) throws ItsException {
        check();
        if (data.length > config.maxAssetSize()) {
            throw new ItsException(PsaStatus.INVALID_ARGUMENT, "asset larger than " + config.maxAssetSize());
        }
        Optional<FileEntry> old = find(id);
        if (old.isEmpty() && meta.files().size() >= config.maxAssets()) {
            throw new ItsException(PsaStatus.INSUFFICIENT_STORAGE, "file table full");
        }
        int target = -1;
        if (old.isPresent() && free(old.get().lblock()) + old.get().size() >= data.length) {
            target = old.get().lblock();
        } else {
            for (int l = 0; l < meta.phys().size() && target < 0; l++) {
                if (free(l) >= data.length) {
                    target = l;
                }
            }
        }
        if (target < 0) {
            throw new ItsException(PsaStatus.INSUFFICIENT_STORAGE, "no data block has " + data.length + " bytes free");
        }
        try {
            rewrite(target, id, new FileEntry(id, target, 0, data.length, flags, crc(data)), data);
            if (old.isPresent() && old.get().lblock() != target) {
                // The file moved; its old bytes were dropped from the table in the same commit. Compact that block
                // too, so they are erased; a cut before this leaves only unreferenced bytes.
                rewrite(old.get().lblock(), null, null, null);
            }
        } catch (FlashException e) {
            throw failure("write", e);
        }
    }

    /** Removes a file atomically; its bytes are erased with the block it lived in. */
    public synchronized void remove(ItsFileId id) throws ItsException {
        check();
        FileEntry f = find(id).orElseThrow(() -> new ItsException(PsaStatus.DOES_NOT_EXIST, "no such file"));
        try {
            rewrite(f.lblock(), id, null, null);
        } catch (FlashException e) {
            throw failure("remove", e);
        }
    }

    /**
     * One change of an atomic {@link #update}: write {@code data} (with {@code flags}) as file {@code id}, replacing
     * any file of that ID, or drop file {@code id} when {@code data} is null.
     */
    public record Change(ItsFileId id, byte[] data, int flags) {
        /** Creates or replaces {@code id}. */
        public static Change write(ItsFileId id, byte[] data, int flags) {
            return new Change(id, java.util.Objects.requireNonNull(data, "data"), flags);
        }

        /** Drops {@code id} if it exists. */
        public static Change remove(ItsFileId id) {
            return new Change(id, null, 0);
        }
    }

    /**
     * Applies every change in ONE commit: all of them or none survive a power cut. The written files go together
     * into one data block (rewritten through the scratch block); files dropped from other blocks leave only their
     * table entries, and their bytes stay unreferenced in their block until that block is next rewritten. Meant for
     * stores whose bytes are ciphertext (PS); ITS's {@link #write} and {@link #remove} erase removed bytes at once.
     * Dropping a file that does not exist is not an error.
     *
     * @throws ItsException {@code INVALID_ARGUMENT} if a file exceeds the max asset size or an ID appears twice;
     *     {@code INSUFFICIENT_STORAGE} if the file table would overflow or no data block has room for all written
     *     files; {@code STORAGE_FAILURE} if the flash fails; {@code DATA_CORRUPT} if the area is corrupt
     */
    public synchronized void update(List<Change> changes) throws ItsException {
        check();
        java.util.Set<ItsFileId> touched = new java.util.HashSet<>();
        List<FileEntry> added = new ArrayList<>();
        ByteArrayOutputStream addedBytes = new ByteArrayOutputStream();
        for (Change c : changes) {
            if (!touched.add(c.id())) {
                throw new ItsException(PsaStatus.INVALID_ARGUMENT, "file changed twice in one update");
            }
            if (c.data() != null) {
                if (c.data().length > config.maxAssetSize()) {
                    throw new ItsException(PsaStatus.INVALID_ARGUMENT, "file larger than " + config.maxAssetSize());
                }
                added.add(new FileEntry(c.id(), -1, addedBytes.size(), c.data().length, c.flags(), crc(c.data())));
                addedBytes.writeBytes(c.data());
            }
        }
        List<FileEntry> kept = meta.files().stream().filter(f -> !touched.contains(f.id())).toList();
        if (kept.size() + added.size() > config.maxAssets()) {
            throw new ItsException(PsaStatus.INSUFFICIENT_STORAGE, "file table full");
        }
        int need = addedBytes.size();
        int target = -1;
        int bestFreed = -1;
        for (int l = 0; l < meta.phys().size(); l++) {
            final int lb = l;
            int used = kept.stream().filter(f -> f.lblock() == lb).mapToInt(FileEntry::size).sum();
            int freed = blockSize - used - free(l);
            // Prefer the block that frees the most dropped bytes, so they are compacted away now.
            if (blockSize - used >= need && freed > bestFreed) {
                target = l;
                bestFreed = freed;
            }
        }
        if (target < 0) {
            throw new ItsException(PsaStatus.INSUFFICIENT_STORAGE, "no data block has " + need + " bytes free");
        }
        try {
            rewriteAll(target, kept, added, addedBytes.toByteArray());
        } catch (FlashException e) {
            throw failure("update", e);
        }
    }

    /**
     * Copies the files of {@code kept} that live in {@code lblock} into the scratch block, compacted, appends
     * {@code added} (offsets relative to {@code addedBytes}), and commits the table {@code kept + added}.
     */
    private void rewriteAll(int lblock, List<FileEntry> kept, List<FileEntry> added, byte[] addedBytes)
            throws FlashException {
        int oldPhy = meta.phys().get(lblock);
        int newPhy = meta.scratch();
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        List<FileEntry> files = new ArrayList<>();
        for (FileEntry f : kept) {
            if (f.lblock() != lblock) {
                files.add(f);
                continue;
            }
            byte[] bytes = flash.read(blockOffset(oldPhy) + f.offset(), f.size());
            files.add(new FileEntry(f.id(), lblock, content.size(), f.size(), f.flags(), f.crc()));
            content.writeBytes(bytes);
        }
        int base = content.size();
        content.writeBytes(addedBytes);
        for (FileEntry a : added) {
            files.add(new FileEntry(a.id(), lblock, base + a.offset(), a.size(), a.flags(), a.crc()));
        }
        eraseIfNeeded(newPhy);
        programPaged(blockOffset(newPhy), content.toByteArray());
        List<Integer> phys = new ArrayList<>(meta.phys());
        phys.set(lblock, newPhy);
        commit(new Metadata(meta.swapCount() + 1, oldPhy, phys, files));
        eraseIfNeeded(oldPhy);
    }

    /** Files of every client, for tests and tools. */
    public synchronized List<ItsFileId> list() throws ItsException {
        check();
        return meta.files().stream().map(FileEntry::id).toList();
    }

    /**
     * Copies logical block {@code lblock} into the scratch block without file {@code drop} (if not null) and with
     * {@code added} (if not null), compacted, then commits metadata that points {@code lblock} at the copy. The
     * table entry of {@code drop} goes wherever it was.
     */
    private void rewrite(int lblock, ItsFileId drop, FileEntry added, byte[] addedData) throws FlashException {
        int oldPhy = meta.phys().get(lblock);
        int newPhy = meta.scratch();
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        List<FileEntry> files = new ArrayList<>();
        for (FileEntry f : meta.files()) {
            if (f.id().equals(drop)) {
                continue;
            }
            if (f.lblock() != lblock) {
                files.add(f);
                continue;
            }
            byte[] bytes = flash.read(blockOffset(oldPhy) + f.offset(), f.size());
            // The CRC is carried over, not recomputed, so earlier bit rot stays detectable.
            files.add(new FileEntry(f.id(), lblock, content.size(), f.size(), f.flags(), f.crc()));
            content.writeBytes(bytes);
        }
        if (added != null) {
            files.add(new FileEntry(added.id(), lblock, content.size(), added.size(), added.flags(), added.crc()));
            content.writeBytes(addedData);
        }
        eraseIfNeeded(newPhy);
        programPaged(blockOffset(newPhy), content.toByteArray());
        List<Integer> phys = new ArrayList<>(meta.phys());
        phys.set(lblock, newPhy);
        commit(new Metadata(meta.swapCount() + 1, oldPhy, phys, files));
        // Erase what was replaced now, so removed bytes do not linger; a cut here is harmless.
        eraseIfNeeded(oldPhy);
    }

    /**
     * Writes {@code next} to the inactive metadata block, header last, syncs once, and makes it active. The caller
     * has programmed the data copy it points to; nothing the current commit uses has been erased.
     */
    private void commit(Metadata next) throws FlashException {
        int target = 1 - active;
        eraseIfNeeded(target);
        byte[] body = next.body();
        long base = blockOffset(target);
        int headerLength = Metadata.headerLength(unit);
        programPaged(base + headerLength, body);
        markWritten(base, headerLength);
        flash.program(base, next.header(body, unit));
        // One sync covers the data copy, the body and the header. A host crash before it may keep any subset of
        // them; boot() tells a header whose body or files did not all land from a whole commit.
        flash.sync();
        meta = next;
        active = target;
        // After the sync, so it can only reach the medium after the whole commit did: from now on a file of this
        // commit that fails its CRC is damage to report, never a crash to roll back (see take()).
        long confirmation = confirmationOffset(target);
        markWritten(confirmation, confirmationLength());
        flash.program(confirmation, confirmationOf(next.swapCount()));
    }

    /**
     * Where metadata block {@code block} ends with its commit's confirmation: the swap count and its complement,
     * programmed once the commit's sync has returned. Naming the commit matters: a host crash may keep a new header
     * and lose the erase before it, leaving an older commit's confirmation in place.
     */
    private long confirmationOffset(int block) {
        return blockOffset(block) + blockSize - confirmationLength();
    }

    private int confirmationLength() {
        return (CONFIRMATION_BYTES + unit - 1) / unit * unit;
    }

    private byte[] confirmationOf(int swapCount) {
        byte[] c = new byte[confirmationLength()];
        java.nio.ByteBuffer.wrap(c).order(java.nio.ByteOrder.LITTLE_ENDIAN).putInt(swapCount).putInt(~swapCount);
        return c;
    }

    /** Whether the commit in metadata block {@code block} (swap count {@code swapCount}) was confirmed. */
    private boolean confirmed(int block, int swapCount) throws FlashException {
        return Arrays.equals(flash.read(confirmationOffset(block), confirmationLength()), confirmationOf(swapCount));
    }

    private void programPaged(long offset, byte[] data) throws FlashException {
        markWritten(offset, data.length);
        int padded = (data.length + unit - 1) / unit * unit;
        byte[] all = Arrays.copyOf(data, padded);
        Arrays.fill(all, data.length, padded, (byte) 0xFF);
        int page = Math.max(PAGE, unit);
        for (int at = 0; at < padded; at += page) {
            flash.program(offset + at, Arrays.copyOfRange(all, at, Math.min(padded, at + page)));
        }
    }

    /**
     * Erases the sectors of block {@code phy} that are not erased. Per sector, so a commit leaves as few dirty pages
     * for its sync as it can (a small file or table touches only a block's first sector). A sector this instance
     * erased or programmed is not read again to find out.
     */
    private void eraseIfNeeded(int phy) throws FlashException {
        int first = config.firstSector() + phy * config.sectorsPerBlock();
        for (int s = first; s < first + config.sectorsPerBlock(); s++) {
            int i = s - config.firstSector();
            if (sectorState[i] == ERASED || (sectorState[i] == UNKNOWN && erased(s))) {
                sectorState[i] = ERASED;
                continue;
            }
            sectorState[i] = UNKNOWN; // until the erase is known to have completed
            flash.erase(s);
            sectorState[i] = ERASED;
        }
    }

    private boolean erased(int sector) throws FlashException {
        for (byte b : flash.read(flash.geometry().sectorOffset(sector), flash.geometry().sectorSize())) {
            if (b != (byte) 0xFF) {
                return false;
            }
        }
        return true;
    }

    /** Marks the sectors under {@code [offset, offset + length)} as no longer known to be erased. */
    private void markWritten(long offset, int length) {
        int sectorSize = flash.geometry().sectorSize();
        int from = (int) (offset / sectorSize) - config.firstSector();
        int to = (int) ((offset + Math.max(length, 1) - 1) / sectorSize) - config.firstSector();
        for (int i = from; i <= to; i++) {
            sectorState[i] = WRITTEN;
        }
    }

    private int free(int lblock) {
        int used = meta.files().stream().filter(f -> f.lblock() == lblock).mapToInt(FileEntry::size).sum();
        return blockSize - used;
    }

    private Optional<FileEntry> find(ItsFileId id) {
        return meta.files().stream().filter(f -> f.id().equals(id)).findFirst();
    }

    private byte[] readBlock(int phy) throws FlashException {
        return flash.read(blockOffset(phy), blockSize);
    }

    private long blockOffset(int phy) {
        return (long) flash.geometry().sectorOffset(config.firstSector() + phy * config.sectorsPerBlock());
    }

    private void check() throws ItsException {
        if (broken != null) {
            throw broken;
        }
    }

    private ItsException failure(String what, FlashException e) {
        if (e instanceof PowerCut) {
            // The device is off: the in-memory view may be ahead of flash, so nothing more is served.
            broken = new ItsException(PsaStatus.STORAGE_FAILURE, "power lost during " + what, e);
            return broken;
        }
        // The in-memory state is only updated after a commit, so a failed program or erase leaves it consistent.
        LOG.log(Level.ERROR, name + " flash failed during " + what, e);
        return new ItsException(PsaStatus.STORAGE_FAILURE, "flash failed during " + what, e);
    }

    private static int crc(byte[] data) {
        CRC32 c = new CRC32();
        c.update(data);
        return (int) c.getValue();
    }
}
