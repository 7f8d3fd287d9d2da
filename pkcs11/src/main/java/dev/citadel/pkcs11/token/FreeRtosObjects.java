package dev.citadel.pkcs11.token;

import dev.citadel.pkcs11.Cko;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The FreeRTOS PKCS#11-over-PSA objects: a token object created with one of these labels and classes takes the
 * shim's fixed PSA key id or PS uid (when free), so that a device's FreeRTOS code finds the same key or certificate.
 * The label is matched exactly, like any other label.
 */
enum FreeRtosObjects {
    DEVICE_PRIVATE_KEY("Device Priv TLS Key", Cko.PRIVATE_KEY, 0x01, 0),
    DEVICE_PUBLIC_KEY("Device Pub TLS Key", Cko.PUBLIC_KEY, 0x10, 0),
    CODE_VERIFY_KEY("Code Verify Key", Cko.PUBLIC_KEY, 0x11, 0),
    DEVICE_CERTIFICATE("Device Cert", Cko.CERTIFICATE, 0, 5),
    JITP_CERTIFICATE("JITP Cert", Cko.CERTIFICATE, 0, 6),
    ROOT_CERTIFICATE("Root Cert", Cko.CERTIFICATE, 0, 7);

    private final byte[] label;
    private final long objectClass;
    final int keyId;
    final long psUid;

    FreeRtosObjects(String label, long objectClass, int keyId, long psUid) {
        this.label = label.getBytes(StandardCharsets.UTF_8);
        this.objectClass = objectClass;
        this.keyId = keyId;
        this.psUid = psUid;
    }

    /** The fixed PSA key id for a token object of this class and label, or 0. */
    static int keyId(long objectClass, byte[] label) {
        return Arrays.stream(values()).filter(o -> o.objectClass == objectClass && Arrays.equals(o.label, label))
                .mapToInt(o -> o.keyId).findFirst().orElse(0);
    }

    /** The fixed PS uid for a token certificate of this label, or 0. */
    static long psUid(long objectClass, byte[] label) {
        return Arrays.stream(values()).filter(o -> o.objectClass == objectClass && Arrays.equals(o.label, label))
                .mapToLong(o -> o.psUid).findFirst().orElse(0);
    }
}
