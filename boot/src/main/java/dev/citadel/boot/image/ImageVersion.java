package dev.citadel.boot.image;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * MCUboot's {@code struct image_version}: u8 major, u8 minor, u16 revision, u32 build number, little endian.
 *
 * @param buildNum unsigned 32-bit, held in a long
 */
public record ImageVersion(int major, int minor, int revision, long buildNum) {
    /** Encoded size in the header and in a DEPENDENCY TLV. */
    public static final int SIZE = 8;

    /** imgtool's grammar: {@code maj[.min[.rev[+build]]]}, decimal, no leading zeros. */
    private static final Pattern TEXT = Pattern.compile(
            "([1-9]\\d*|0)(\\.([1-9]\\d*|0)(\\.([1-9]\\d*|0)(\\+([1-9]\\d*|0))?)?)?");

    public ImageVersion {
        check(major, 0xFF, "major");
        check(minor, 0xFF, "minor");
        check(revision, 0xFFFF, "revision");
        if (buildNum < 0 || buildNum > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("build number must be 0..4294967295, got " + buildNum);
        }
    }

    private static void check(int v, int max, String what) {
        if (v < 0 || v > max) {
            throw new IllegalArgumentException("version " + what + " must be 0.." + max + ", got " + v);
        }
    }

    /** Parses imgtool's version text; missing parts are 0. */
    public static ImageVersion parse(String text) {
        Matcher m = TEXT.matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException("invalid version '" + text
                    + "', should be maj.min.rev+build with later parts optional");
        }
        try {
            return new ImageVersion(Integer.parseInt(m.group(1)),
                    m.group(3) == null ? 0 : Integer.parseInt(m.group(3)),
                    m.group(5) == null ? 0 : Integer.parseInt(m.group(5)),
                    m.group(7) == null ? 0 : Long.parseLong(m.group(7)));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("invalid version '" + text + "': a part is too large");
        }
    }

    static ImageVersion decode(ByteBuffer le) {
        return new ImageVersion(Byte.toUnsignedInt(le.get()), Byte.toUnsignedInt(le.get()),
                Short.toUnsignedInt(le.getShort()), Integer.toUnsignedLong(le.getInt()));
    }

    void encode(ByteBuffer le) {
        le.put((byte) major).put((byte) minor).putShort((short) revision).putInt((int) buildNum);
    }

    byte[] encode() {
        ByteBuffer b = ByteBuffer.allocate(SIZE).order(ByteOrder.LITTLE_ENDIAN);
        encode(b);
        return b.array();
    }

    /**
     * MCUboot's {@code boot_compare_version}: major, then minor, then revision. The build number does not count
     * (MCUboot counts it only when built with {@code MCUBOOT_VERSION_CMP_USE_BUILD_NUMBER}).
     */
    public int compareIgnoringBuild(ImageVersion other) {
        int c = Integer.compare(major, other.major);
        if (c == 0) {
            c = Integer.compare(minor, other.minor);
        }
        return c != 0 ? c : Integer.compare(revision, other.revision);
    }

    /** imgtool's automatic security counter: {@code (major << 24) + (minor << 16) + revision}. */
    public long autoSecurityCounter() {
        return ((long) major << 24) + ((long) minor << 16) + revision;
    }

    /** {@code maj.min.rev}, the form a BOOT_RECORD carries. */
    public String toShortString() {
        return major + "." + minor + "." + revision;
    }

    /** {@code maj.min.rev+build}, as imgtool prints it. */
    @Override
    public String toString() {
        return toShortString() + "+" + buildNum;
    }
}
