package dev.citadel.psa;

/** Constants of the FF-M 1.1 client API ({@code psa/client.h}, {@code psa/service.h}). */
public final class Psa {
    private Psa() {}

    /** {@code PSA_FRAMEWORK_VERSION}: FF-M 1.1 (bits 15:8 major, 7:0 minor). */
    public static final int FRAMEWORK_VERSION = 0x0101;
    /** {@code PSA_VERSION_NONE}: returned by {@code psa_version} for an unknown or inaccessible service. */
    public static final int VERSION_NONE = 0;
    /** {@code PSA_NULL_HANDLE}. */
    public static final int NULL_HANDLE = 0;
    /** {@code PSA_MAX_IOVEC}: the limit on input and output vectors together. */
    public static final int MAX_IOVEC = 4;
    /** {@code PSA_IPC_CALL}: the default call type. */
    public static final int IPC_CALL = 0;
    /** {@code PSA_CALL_TYPE_MAX}: TF-M packs the type into 16 bits. */
    public static final int CALL_TYPE_MAX = Short.MAX_VALUE;
    /** {@code PSA_IPC_CONNECT}: the message type a service sees for {@code psa_connect}. */
    public static final int IPC_CONNECT = -1;
    /** {@code PSA_IPC_DISCONNECT}: the message type a service sees for {@code psa_close}. */
    public static final int IPC_DISCONNECT = -2;

    /** {@code PSA_HANDLE_IS_VALID}. */
    public static boolean isValidHandle(int handle) {
        return handle > 0;
    }
}
