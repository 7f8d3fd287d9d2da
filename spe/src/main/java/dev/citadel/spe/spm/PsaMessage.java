package dev.citadel.spe.spm;

import java.nio.ByteBuffer;

/**
 * A message as an RoT service sees it ({@code psa_msg_t} plus {@code psa_read}, {@code psa_skip} and
 * {@code psa_write}). It is valid only until the service function returns.
 */
public interface PsaMessage {

    /** {@code msg->type}: the call type, or {@code PSA_IPC_CONNECT} / {@code PSA_IPC_DISCONNECT}. */
    int type();

    /** {@code msg->handle}. */
    int handle();

    /** {@code msg->client_id}: a partition ID for secure callers, negative for non-secure callers. */
    int clientId();

    /** {@code msg->in_size[i]}; 0 for an absent vector. */
    int inSize(int i);

    /** {@code msg->out_size[i]}; 0 for an absent vector. */
    int outSize(int i);

    /** {@code psa_read}: copies up to {@code len} unread bytes of input vector {@code i}; returns the count. */
    int read(int i, byte[] dst, int off, int len);

    /** The unread bytes of input vector {@code i}. */
    byte[] read(int i);

    /** {@code psa_skip}: skips up to {@code n} unread bytes of input vector {@code i}; returns the count. */
    int skip(int i, int n);

    /**
     * {@code psa_write}: appends to output vector {@code i}. Writing past its capacity is a programmer error of the
     * service: the SPM panics the partition.
     */
    void write(int i, byte[] src, int off, int len);

    default void write(int i, byte[] src) {
        write(i, src, 0, src.length);
    }

    /**
     * {@code psa_map_invec} (FF-M 1.1 MM-IOVEC): the unread bytes of input vector {@code i} in place, without a copy,
     * as a buffer backed by the caller's array ({@code hasArray()} is true, so JCA engines read it directly), and
     * marks them read. The service must not write to it or keep it: it is valid only until the service function
     * returns.
     */
    ByteBuffer mapInvec(int i);

    /**
     * {@code psa_map_outvec}: the unwritten capacity of output vector {@code i} in place, as a buffer backed by the
     * caller's array, for a producer that writes its output directly (a cipher). Nothing counts as written until
     * {@link #unmapOutvec}. Valid only until the service function returns.
     */
    ByteBuffer mapOutvec(int i);

    /**
     * {@code psa_unmap_outvec}: {@code len} bytes were written at the start of the buffer {@link #mapOutvec} gave.
     * More than its capacity is a programmer error of the service: the SPM panics the partition.
     */
    void unmapOutvec(int i, int len);

    /** Bytes written so far to output vector {@code i}. */
    int written(int i);

    /** {@code msg->rhandle}: the service's state for a connection ({@code psa_set_rhandle}). */
    Object rhandle();

    /** {@code psa_set_rhandle}; only meaningful on a connection-based service. */
    void setRhandle(Object rhandle);
}
