package dev.citadel.psa;

/**
 * The PSA client API of FF-M 1.1 ({@code psa/client.h}). Every request from the non-secure world to the SPE, and
 * every request from one secure partition to another, goes through this interface.
 *
 * <p>Implementations are thread-safe. Programmer errors that TF-M's NS library and SPM detect are returned as
 * {@link PsaStatus#PROGRAMMER_ERROR}, never thrown, so that callers see exactly what TF-M's callers see.
 */
public interface PsaClient {

    /** {@code psa_framework_version()}: {@link Psa#FRAMEWORK_VERSION}. */
    int frameworkVersion();

    /**
     * {@code psa_version(sid)}: the service's version, or {@link Psa#VERSION_NONE} when the service does not exist or
     * this caller may not reach it.
     */
    int version(int sid);

    /**
     * {@code psa_connect(sid, version)}: a connection handle ({@code > 0}) to a connection-based service, or a negative
     * status: {@code CONNECTION_REFUSED}, {@code CONNECTION_BUSY} or {@code PROGRAMMER_ERROR}.
     */
    int connect(int sid, int version);

    /**
     * {@code psa_call(handle, type, in_vec, in_len, out_vec, out_len)}. At most {@link Psa#MAX_IOVEC} vectors in and
     * out together. On return each {@code out[i].length()} holds the bytes the service wrote, whatever the status.
     *
     * @param in input vectors, or {@code null} for none
     * @param out output vectors, or {@code null} for none
     * @return the service's status, or an SPM status such as {@code PROGRAMMER_ERROR}
     */
    int call(int handle, int type, InVec[] in, OutVec[] out);

    /** {@code psa_close(handle)}: closes a connection handle; {@code PSA_NULL_HANDLE} and invalid handles are ignored. */
    void close(int handle);
}
