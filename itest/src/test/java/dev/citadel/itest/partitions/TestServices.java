package dev.citadel.itest.partitions;

import dev.citadel.psa.PsaStatus;
import dev.citadel.spe.spm.PsaMessage;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** The call types shared by the IPC_TEST and SFN_TEST services ({@code docs/test-partitions.md}). */
public final class TestServices {
    private TestServices() {}

    public static final int ECHO = 0;
    public static final int WHOAMI = 1;
    public static final int PROGRAMMER_ERROR = 2;
    public static final int PARTIAL_ERROR = 3;
    public static final int SLOW = 4;
    public static final int SIZES = 5;

    public static final int IPC_TEST_PID = 300;
    public static final int SFN_TEST_PID = 301;
    public static final int NESTED_TEST_PID = 302;

    public static final int IPC_BASIC_SID = 0xF080;
    public static final int IPC_STRICT_SID = 0xF081;
    public static final int IPC_SECURE_ONLY_SID = 0xF082;
    public static final int IPC_REFUSE_SID = 0xF083;
    public static final int IPC_BUSY_SID = 0xF084;
    public static final int SFN_STATELESS_SID = 0xF090;
    public static final int SFN_SECURE_ONLY_SID = 0xF091;
    public static final int SFN_RELAXED_SID = 0xF092;
    public static final int NESTED_SID = 0xF0A0;

    public static final int SFN_STATELESS_HANDLE = 0x40000106;
    public static final int SFN_SECURE_ONLY_HANDLE = 0x40000107;
    public static final int SFN_RELAXED_HANDLE = 0x40000308;
    public static final int NESTED_HANDLE = 0x40000109;

    static int serveCommon(PsaMessage m) {
        switch (m.type()) {
            case ECHO -> {
                for (int i = 0; i < 4; i++) {
                    if (m.inSize(i) > 0 && m.outSize(i) > 0) {
                        byte[] b = m.read(i);
                        m.write(i, b, 0, Math.min(b.length, m.outSize(i)));
                    }
                }
                return PsaStatus.SUCCESS.value();
            }
            case WHOAMI -> {
                m.write(0, le32(m.clientId()));
                return PsaStatus.SUCCESS.value();
            }
            case PROGRAMMER_ERROR -> {
                return PsaStatus.PROGRAMMER_ERROR.value();
            }
            case PARTIAL_ERROR -> {
                byte[] b = m.read(0);
                m.write(0, b, 0, Math.min(b.length, m.outSize(0)));
                return PsaStatus.INVALID_ARGUMENT.value();
            }
            case SLOW -> {
                try {
                    Thread.sleep(200);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return PsaStatus.SUCCESS.value();
            }
            case SIZES -> {
                ByteBuffer b = ByteBuffer.allocate(32).order(ByteOrder.LITTLE_ENDIAN);
                for (int i = 0; i < 4; i++) {
                    b.putInt(m.inSize(i));
                }
                for (int i = 0; i < 4; i++) {
                    b.putInt(m.outSize(i));
                }
                m.write(0, b.array());
                return PsaStatus.SUCCESS.value();
            }
            default -> {
                return PsaStatus.NOT_SUPPORTED.value();
            }
        }
    }

    public static byte[] le32(int... values) {
        ByteBuffer b = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (int v : values) {
            b.putInt(v);
        }
        return b.array();
    }

    public static int[] ints(byte[] le) {
        ByteBuffer b = ByteBuffer.wrap(le).order(ByteOrder.LITTLE_ENDIAN);
        int[] r = new int[le.length / 4];
        for (int i = 0; i < r.length; i++) {
            r[i] = b.getInt();
        }
        return r;
    }
}
