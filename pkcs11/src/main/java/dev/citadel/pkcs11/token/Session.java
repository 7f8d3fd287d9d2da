package dev.citadel.pkcs11.token;

/** One session of one application: its handle, R/W flag and active operations (guarded by the session). */
final class Session {
    final long handle;
    final boolean readWrite;
    final Application application;
    long[] found;
    int foundNext;
    boolean finding;
    SignOperation sign;
    SignOperation verify;
    DigestOperation digest;
    CryptOperation encrypt;
    CryptOperation decrypt;

    Session(long handle, boolean readWrite, Application application) {
        this.handle = handle;
        this.readWrite = readWrite;
        this.application = application;
    }

    synchronized void closeOperations() {
        if (sign != null) {
            sign.close();
        }
        if (verify != null) {
            verify.close();
        }
        if (digest != null) {
            digest.close();
        }
        if (encrypt != null) {
            encrypt.close();
        }
        if (decrypt != null) {
            decrypt.close();
        }
        sign = null;
        verify = null;
        digest = null;
        encrypt = null;
        decrypt = null;
        finding = false;
        found = null;
    }
}
