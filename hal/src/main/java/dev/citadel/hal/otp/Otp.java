package dev.citadel.hal.otp;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The device's one-time-programmable memory, in a file of its own (mode 0600). A field is written once; writing it
 * again is refused, even with the same value. The lifecycle is the exception, as on parts that blow one more fuse
 * per transition: it can only move to a higher value.
 *
 * <p>File: magic "CTOTP002", then per field in {@link OtpField} order a state byte (0 blank, 1 programmed) and the
 * field's bytes, then SHA-256 over all of that. A mismatch makes {@link #open} fail: a corrupt HUK is never used.
 * Each write replaces the file atomically (write, fsync, rename, fsync the directory). Files of the first layout
 * ("CTOTP001": a 32-byte IAK and no IAK type or length) still open, their IAK read as P-256; the next write stores
 * them in the current layout.
 *
 * <p>Not thread-safe: the SPE provisions and reads it from one place.
 */
public final class Otp {
    private static final byte[] MAGIC = "CTOTP002".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final byte[] MAGIC_V1 = "CTOTP001".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final int DIGEST = 32;
    /** The first layout's fields and sizes: the IAK was always a P-256 scalar, with no type or length. */
    private static final List<Map.Entry<OtpField, Integer>> LAYOUT_V1 = List.of(
            Map.entry(OtpField.HUK, 32), Map.entry(OtpField.IAK, 32), Map.entry(OtpField.ROTPK_0, 32),
            Map.entry(OtpField.ROTPK_1, 32), Map.entry(OtpField.ROTPK_2, 32), Map.entry(OtpField.ROTPK_3, 32),
            Map.entry(OtpField.IMPLEMENTATION_ID, 32), Map.entry(OtpField.LIFECYCLE, 4));

    /** The provisioned IAK: its type and its key bytes ({@link IakType#length()} of them). */
    public record Iak(IakType type, byte[] key) {
        public Iak {
            key = key.clone();
        }

        @Override
        public byte[] key() {
            return key.clone();
        }

        @Override
        public String toString() {
            return "Iak[" + type + "]";
        }
    }

    private final Path file;
    private final Map<OtpField, byte[]> fields;

    private Otp(Path file, Map<OtpField, byte[]> fields) {
        this.file = file;
        this.fields = fields;
    }

    /** Opens the OTP in {@code file}; a missing file is a blank OTP (nothing is written until a field is). */
    public static Otp open(Path file) throws OtpException {
        Map<OtpField, byte[]> fields = new EnumMap<>(OtpField.class);
        if (!Files.exists(file)) {
            return new Otp(file, fields);
        }
        byte[] raw;
        try {
            raw = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new OtpException("cannot read OTP " + file + ": " + e.getMessage(), e);
        }
        boolean v1 = raw.length >= MAGIC_V1.length && Arrays.equals(raw, 0, MAGIC_V1.length, MAGIC_V1, 0,
                MAGIC_V1.length);
        List<Map.Entry<OtpField, Integer>> layout = v1 ? LAYOUT_V1 : layout();
        if (raw.length != fileSize(layout)
                || !(v1 || Arrays.equals(raw, 0, MAGIC.length, MAGIC, 0, MAGIC.length))
                || !MessageDigest.isEqual(sha256(raw, raw.length - DIGEST), Arrays.copyOfRange(raw, raw.length - DIGEST,
                        raw.length))) {
            throw new OtpException("OTP " + file + " is corrupt (integrity check failed); it is left as it is");
        }
        int at = MAGIC.length;
        for (Map.Entry<OtpField, Integer> e : layout) {
            OtpField f = e.getKey();
            int size = e.getValue();
            byte state = raw[at++];
            if (state == 1) {
                fields.put(f, Arrays.copyOf(Arrays.copyOfRange(raw, at, at + size), f.size()));
            } else if (state != 0) {
                throw new OtpException("OTP " + file + " is corrupt (field " + f + " state " + state + ")");
            }
            at += size;
        }
        if (v1 && fields.containsKey(OtpField.IAK)) {
            fields.put(OtpField.IAK_LEN, u32(IakType.ECC_P256.length()));
            fields.put(OtpField.IAK_TYPE, u32(IakType.ECC_P256.otpType()));
        }
        if (fields.containsKey(OtpField.IAK) && !(fields.containsKey(OtpField.IAK_LEN)
                && fields.containsKey(OtpField.IAK_TYPE) && iakType(fields).isPresent())) {
            throw new OtpException("OTP " + file + " is corrupt (the IAK's type or length is missing or unknown)");
        }
        return new Otp(file, fields);
    }

    /** Whether {@code field} has been programmed. */
    public boolean isProgrammed(OtpField field) {
        return fields.containsKey(field);
    }

    /** A copy of the field's bytes, or empty if it was never programmed. */
    public Optional<byte[]> read(OtpField field) {
        byte[] v = fields.get(field);
        return v == null ? Optional.empty() : Optional.of(v.clone());
    }

    /**
     * Programs {@code field} durably.
     *
     * @throws OtpException if the field is already programmed or the value has the wrong size; the OTP is unchanged
     */
    public void program(OtpField field, byte[] value) throws OtpException {
        if (field == OtpField.LIFECYCLE) {
            throw new OtpException("the lifecycle is set with advanceLifecycle");
        }
        if (field == OtpField.IAK || field == OtpField.IAK_LEN || field == OtpField.IAK_TYPE) {
            throw new OtpException("the IAK is programmed with its type and length by programIak");
        }
        if (fields.containsKey(field)) {
            throw new OtpException("OTP field " + field + " is already programmed");
        }
        if (value.length != field.size()) {
            throw new OtpException("OTP field " + field + " takes " + field.size() + " bytes, not " + value.length);
        }
        commit(Map.of(field, value.clone()));
    }

    /**
     * Programs the IAK, its type and its length durably, in one write.
     *
     * @throws OtpException if an IAK is already programmed or {@code key} is not a key of {@code type} (for ECC a
     *     scalar in 1..n-1); the OTP is unchanged
     */
    public void programIak(IakType type, byte[] key) throws OtpException {
        if (fields.containsKey(OtpField.IAK)) {
            throw new OtpException("OTP field IAK is already programmed");
        }
        if (!type.accepts(key)) {
            throw new OtpException("IAK is not a " + type + " key (" + type.length() + " bytes"
                    + (type.symmetric() ? "" : ", a private scalar in 1..n-1") + ")");
        }
        commit(Map.of(OtpField.IAK, Arrays.copyOf(key, OtpField.IAK.size()),
                OtpField.IAK_LEN, u32(type.length()), OtpField.IAK_TYPE, u32(type.otpType())));
    }

    /** The IAK with its type, or empty if none was programmed. */
    public Optional<Iak> iak() {
        byte[] k = fields.get(OtpField.IAK);
        if (k == null) {
            return Optional.empty();
        }
        IakType t = iakType(fields).orElseThrow();
        byte[] key = Arrays.copyOf(k, t.length());
        try {
            return Optional.of(new Iak(t, key));
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }

    private static Optional<IakType> iakType(Map<OtpField, byte[]> fields) {
        return IakType.of(le32(fields.get(OtpField.IAK_TYPE)), le32(fields.get(OtpField.IAK_LEN)));
    }

    private static int le32(byte[] b) {
        return ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).getInt();
    }

    private static byte[] u32(int v) {
        return ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(v).array();
    }

    /** The lifecycle value, or empty if it was never set (attestation reports that as UNKNOWN). */
    public Optional<Integer> lifecycle() {
        return read(OtpField.LIFECYCLE).map(b -> ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).getInt());
    }

    /**
     * Moves the lifecycle to {@code value} (major state in bits 15..8, minor in 7..0).
     *
     * @throws OtpException if {@code value} is not above the current value or outside 0..0xFFFF
     */
    public void advanceLifecycle(int value) throws OtpException {
        if (value < 0 || value > 0xFFFF) {
            throw new OtpException(String.format("lifecycle 0x%x is outside 0..0xffff", value));
        }
        Optional<Integer> current = lifecycle();
        if (current.isPresent() && value <= current.get()) {
            throw new OtpException(String.format("lifecycle can only move forward: 0x%04x -> 0x%04x refused",
                    current.get(), value));
        }
        commit(Map.of(OtpField.LIFECYCLE, u32(value)));
    }

    /** 32 random bytes for a HUK. */
    public static byte[] randomHuk(SecureRandom random) {
        byte[] huk = new byte[OtpField.HUK.size()];
        random.nextBytes(huk);
        return huk;
    }

    /** A uniformly random P-256 private scalar, big-endian, 32 bytes. */
    public static byte[] randomIak(SecureRandom random) {
        return randomIak(IakType.ECC_P256, random);
    }

    /** A uniformly random key of {@code type}: for ECC a scalar in 1..n-1, by rejection. */
    public static byte[] randomIak(IakType type, SecureRandom random) {
        byte[] k = new byte[type.length()];
        do {
            random.nextBytes(k);
        } while (!type.accepts(k));
        return k;
    }

    static boolean isP256Scalar(byte[] k) {
        return IakType.ECC_P256.accepts(k);
    }

    private void commit(Map<OtpField, byte[]> values) throws OtpException {
        Map<OtpField, byte[]> next = new EnumMap<>(fields);
        next.putAll(values);
        try {
            writeAtomically(encode(next));
        } catch (IOException e) {
            throw new OtpException("cannot write OTP " + file + ": " + e.getMessage(), e);
        }
        fields.putAll(values);
    }

    private static List<Map.Entry<OtpField, Integer>> layout() {
        List<Map.Entry<OtpField, Integer>> l = new ArrayList<>();
        for (OtpField f : OtpField.values()) {
            l.add(Map.entry(f, f.size()));
        }
        return l;
    }

    private static int fileSize(List<Map.Entry<OtpField, Integer>> layout) {
        int n = MAGIC.length + DIGEST;
        for (Map.Entry<OtpField, Integer> e : layout) {
            n += 1 + e.getValue();
        }
        return n;
    }

    private static byte[] encode(Map<OtpField, byte[]> fields) {
        ByteBuffer b = ByteBuffer.allocate(fileSize(layout()));
        b.put(MAGIC);
        for (OtpField f : OtpField.values()) {
            byte[] v = fields.get(f);
            b.put((byte) (v == null ? 0 : 1));
            b.put(v == null ? new byte[f.size()] : v);
        }
        b.put(sha256(b.array(), b.position()));
        return b.array();
    }

    private void writeAtomically(byte[] content) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".new");
        Files.deleteIfExists(tmp);
        Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
            ByteBuffer b = ByteBuffer.wrap(content);
            while (b.hasRemaining()) {
                ch.write(b);
            }
            ch.force(true);
        }
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        Path dir = file.toAbsolutePath().getParent();
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException ignored) {
            // some file systems cannot sync a directory; the rename is still atomic
        }
    }

    private static byte[] sha256(byte[] data, int length) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(data, 0, length);
            return md.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is mandatory in every JDK", e);
        }
    }
}
