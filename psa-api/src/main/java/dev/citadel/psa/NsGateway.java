package dev.citadel.psa;

/**
 * The SPE's entry for one non-secure agent: TF-M's NS veneers, with the caller's NSID made explicit so that one NS
 * process can act as several NS clients (TF-M's NS client extension).
 *
 * <p>The SPE translates each {@code nsid} in {@code [-65536, -1]} to a negative client ID of its NS agent; a request
 * with any other {@code nsid} is refused as a programmer error. The function-call dispatcher is built on this
 * interface; the socket server uses the same SPE entry.
 */
public interface NsGateway extends AutoCloseable {

    int frameworkVersion();

    int version(int nsid, int sid);

    int connect(int nsid, int sid, int version);

    int call(int nsid, int handle, int type, InVec[] in, OutVec[] out);

    void close(int nsid, int handle);

    /** Ends the session: connection handles opened through it are closed. */
    @Override
    void close();
}
