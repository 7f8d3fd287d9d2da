package dev.citadel.spe.spm;

import dev.citadel.psa.InVec;
import dev.citadel.psa.OutVec;
import dev.citadel.psa.Psa;
import java.nio.ByteBuffer;
import java.util.Objects;

/** The SPM's message: reads come straight from the caller's vectors, writes go straight into them. */
final class Message implements PsaMessage {
    private static final InVec[] NO_IN = new InVec[0];
    private static final OutVec[] NO_OUT = new OutVec[0];

    private final int type;
    private final int handle;
    private final int clientId;
    private final InVec[] in;
    private final OutVec[] out;
    private final Connection connection;
    private final int[] readPos = new int[Psa.MAX_IOVEC];
    private final int[] written = new int[Psa.MAX_IOVEC];
    private boolean replied;

    Message(int type, int handle, int clientId, InVec[] in, OutVec[] out, Connection connection) {
        this.type = type;
        this.handle = handle;
        this.clientId = clientId;
        this.in = in == null ? NO_IN : in;
        this.out = out == null ? NO_OUT : out;
        this.connection = connection;
    }

    @Override
    public int type() {
        return type;
    }

    @Override
    public int handle() {
        return handle;
    }

    @Override
    public int clientId() {
        return clientId;
    }

    @Override
    public int inSize(int i) {
        checkIndex(i);
        return i < in.length ? in[i].length() : 0;
    }

    @Override
    public int outSize(int i) {
        checkIndex(i);
        return i < out.length ? out[i].capacity() : 0;
    }

    @Override
    public int read(int i, byte[] dst, int off, int len) {
        checkIndex(i);
        Objects.checkFromIndexSize(off, len, dst.length);
        if (i >= in.length) {
            return 0;
        }
        InVec v = in[i];
        int n = Math.min(len, v.length() - readPos[i]);
        System.arraycopy(v.array(), v.offset() + readPos[i], dst, off, n);
        readPos[i] += n;
        return n;
    }

    @Override
    public byte[] read(int i) {
        checkIndex(i);
        if (i >= in.length) {
            return new byte[0];
        }
        byte[] b = new byte[in[i].length() - readPos[i]];
        read(i, b, 0, b.length);
        return b;
    }

    @Override
    public int skip(int i, int n) {
        checkIndex(i);
        if (i >= in.length || n <= 0) {
            return 0;
        }
        int k = Math.min(n, in[i].length() - readPos[i]);
        readPos[i] += k;
        return k;
    }

    @Override
    public void write(int i, byte[] src, int off, int len) {
        checkIndex(i);
        Objects.checkFromIndexSize(off, len, src.length);
        if (len == 0) {
            return; // as TF-M: writing nothing is never past the end, even of an absent vector
        }
        if (i >= out.length || len > out[i].capacity() - written[i]) {
            throw new PartitionPanic("psa_write of " + len + " bytes past the end of output vector " + i);
        }
        OutVec v = out[i];
        System.arraycopy(src, off, v.array(), v.offset() + written[i], len);
        written[i] += len;
    }

    @Override
    public ByteBuffer mapInvec(int i) {
        checkIndex(i);
        if (i >= in.length) {
            return ByteBuffer.allocate(0);
        }
        InVec v = in[i];
        int start = readPos[i];
        readPos[i] = v.length();
        return ByteBuffer.wrap(v.array(), v.offset() + start, v.length() - start).slice();
    }

    @Override
    public ByteBuffer mapOutvec(int i) {
        checkIndex(i);
        if (i >= out.length) {
            return ByteBuffer.allocate(0);
        }
        OutVec v = out[i];
        return ByteBuffer.wrap(v.array(), v.offset() + written[i], v.capacity() - written[i]).slice();
    }

    @Override
    public void unmapOutvec(int i, int len) {
        checkIndex(i);
        if (len == 0) {
            return;
        }
        if (len < 0 || i >= out.length || len > out[i].capacity() - written[i]) {
            throw new PartitionPanic("psa_unmap_outvec of " + len + " bytes past the end of output vector " + i);
        }
        written[i] += len;
    }

    @Override
    public int written(int i) {
        checkIndex(i);
        return written[i];
    }

    @Override
    public Object rhandle() {
        return connection == null ? null : connection.rhandle;
    }

    @Override
    public void setRhandle(Object rhandle) {
        checkLive();
        if (connection == null) {
            throw new PartitionPanic("psa_set_rhandle on a stateless service");
        }
        connection.rhandle = rhandle;
    }

    /** Ends the message and reports the written lengths to the caller's vectors. */
    void reply() {
        replied = true;
        for (int i = 0; i < out.length; i++) {
            out[i].setLength(written[i]);
        }
    }

    private void checkIndex(int i) {
        checkLive();
        if (i < 0 || i >= Psa.MAX_IOVEC) {
            throw new PartitionPanic("vector index " + i + " is out of range");
        }
    }

    private void checkLive() {
        if (replied) {
            throw new PartitionPanic("message used after its reply");
        }
    }
}
