package dev.citadel.hal.otp;

import java.io.IOException;
import java.math.BigInteger;
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
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * The device's one-time-programmable memory, in a file of its own (mode 0600). A field is written once; writing it
 * again is refused, even with the same value. The lifecycle is the exception, as on parts that blow one more fuse
 * per transition: it can only move to a higher value.
 *
 * <p>File: magic "CTOTP001", then per field in {@link OtpField} order a state byte (0 blank, 1 programmed) and the
 * field's bytes, then SHA-256 over all of that. A mismatch makes {@link #open} fail: a corrupt HUK is never used.
 * Each write replaces the file atomically (write, fsync, rename, fsync the directory).
 *
 * <p>Not thread-safe: the SPE provisions and reads it from one place.
 */
public final class Otp {
    private static final byte[] MAGIC = "CTOTP001".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final int DIGEST = 32;
    /** The order of the P-256 group: an IAK scalar lies in 1..n-1. */
    private static final BigInteger P256_N =
            new BigInteger("FFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551", 16);

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
        if (raw.length != fileSize()
                || !Arrays.equals(raw, 0, MAGIC.length, MAGIC, 0, MAGIC.length)
                || !MessageDigest.isEqual(sha256(raw, raw.length - DIGEST), Arrays.copyOfRange(raw, raw.length - DIGEST,
                        raw.length))) {
            throw new OtpException("OTP " + file + " is corrupt (integrity check failed); it is left as it is");
        }
        int at = MAGIC.length;
        for (OtpField f : OtpField.values()) {
            byte state = raw[at++];
            if (state == 1) {
                fields.put(f, Arrays.copyOfRange(raw, at, at + f.size()));
            } else if (state != 0) {
                throw new OtpException("OTP " + file + " is corrupt (field " + f + " state " + state + ")");
            }
            at += f.size();
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
     * @throws OtpException if the field is already programmed, the value has the wrong size, or (for the IAK) is not
     *     a P-256 private scalar; the OTP is unchanged
     */
    public void program(OtpField field, byte[] value) throws OtpException {
        if (field == OtpField.LIFECYCLE) {
            throw new OtpException("the lifecycle is set with advanceLifecycle");
        }
        if (fields.containsKey(field)) {
            throw new OtpException("OTP field " + field + " is already programmed");
        }
        if (value.length != field.size()) {
            throw new OtpException("OTP field " + field + " takes " + field.size() + " bytes, not " + value.length);
        }
        if (field == OtpField.IAK && !isP256Scalar(value)) {
            throw new OtpException("IAK is not a P-256 private scalar (1..n-1)");
        }
        commit(field, value.clone());
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
        commit(OtpField.LIFECYCLE, ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(value).array());
    }

    /** 32 random bytes for a HUK. */
    public static byte[] randomHuk(SecureRandom random) {
        byte[] huk = new byte[OtpField.HUK.size()];
        random.nextBytes(huk);
        return huk;
    }

    /** A uniformly random P-256 private scalar, big-endian, 32 bytes. */
    public static byte[] randomIak(SecureRandom random) {
        byte[] k = new byte[OtpField.IAK.size()];
        do {
            random.nextBytes(k);
        } while (!isP256Scalar(k));
        return k;
    }

    static boolean isP256Scalar(byte[] k) {
        BigInteger s = new BigInteger(1, k);
        return s.signum() > 0 && s.compareTo(P256_N) < 0;
    }

    private void commit(OtpField field, byte[] value) throws OtpException {
        Map<OtpField, byte[]> next = new EnumMap<>(fields);
        next.put(field, value);
        try {
            writeAtomically(encode(next));
        } catch (IOException e) {
            throw new OtpException("cannot write OTP " + file + ": " + e.getMessage(), e);
        }
        fields.put(field, value);
    }

    private static int fileSize() {
        int n = MAGIC.length + DIGEST;
        for (OtpField f : OtpField.values()) {
            n += 1 + f.size();
        }
        return n;
    }

    private static byte[] encode(Map<OtpField, byte[]> fields) {
        ByteBuffer b = ByteBuffer.allocate(fileSize());
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
