/*
 * crypto_raw SOCKET_PATH
 *
 * Calls the Crypto service as TF-M's NS interface (interface/src/tfm_crypto_api.c)
 * lays its requests out: a 56-byte struct tfm_crypto_pack_iovec in in_vec[0]
 * and the 24-byte client view of psa_key_attributes_t (reference/tfm.md §2.2),
 * built here from C structs, not from the Java encoders. Checks hash, import,
 * export, export_public, sign_hash and verify_hash, prints "ok"/"not ok" lines,
 * the values the Java test verifies independently ("name=hex"), and a final
 * "N passed, M failed"; exits 0 only if nothing failed.
 */
#include <psa/client.h>
#include <citadel/transport.h>

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#define TFM_CRYPTO_HANDLE ((psa_handle_t)0x40000100)

/* TF-M's layout since v2.2.0 (tfm_crypto_defs.h). */
struct tfm_crypto_pack_iovec {
    uint32_t key_id;
    uint32_t alg;
    uint32_t op_handle;
    uint32_t ad_length;
    uint32_t plaintext_length;
    struct {
        uint8_t nonce[16];
        uint32_t nonce_length;
    } aead_in;
    uint16_t function_id;
    uint16_t step;
    union {
        uint32_t capacity;
        uint64_t value;
    };
};
_Static_assert(sizeof(struct tfm_crypto_pack_iovec) == 56, "pack iovec is 56 bytes");
_Static_assert(offsetof(struct tfm_crypto_pack_iovec, function_id) == 40, "function_id at 40");
_Static_assert(offsetof(struct tfm_crypto_pack_iovec, capacity) == 48, "union at 48");

/* The client view of psa_key_attributes_t that TF-M's client sends. */
struct client_key_attributes {
    uint16_t type;
    uint16_t bits;
    uint32_t lifetime;
    uint32_t usage;
    uint32_t alg;
    uint32_t alg2;
    uint32_t id;
};
_Static_assert(sizeof(struct client_key_attributes) == 24, "client attributes are 24 bytes");

enum {
    GET_KEY_ATTRIBUTES = 0x0200, IMPORT_KEY = 0x0203, DESTROY_KEY = 0x0204, EXPORT_KEY = 0x0205,
    EXPORT_PUBLIC_KEY = 0x0206, HASH_COMPUTE = 0x0300, SIGN_HASH = 0x0702, VERIFY_HASH = 0x0703,
};

#define PSA_ALG_SHA_256 0x02000009u
#define PSA_ALG_ECDSA_SHA_256 0x06000609u
#define PSA_KEY_TYPE_AES 0x2400u
#define PSA_KEY_TYPE_ECC_KEY_PAIR_SECP_R1 0x7112u
#define USAGE_EXPORT 0x0001u
#define USAGE_SIGN_HASH 0x1000u
#define USAGE_VERIFY_HASH 0x2000u

static int passed, failed;

static void check(const char *name, long long expected, long long actual)
{
    if (expected == actual) {
        passed++;
        printf("ok - %s\n", name);
    } else {
        failed++;
        printf("not ok - %s: expected %lld, got %lld\n", name, expected, actual);
    }
}

static void print_hex(const char *name, const uint8_t *b, size_t n)
{
    printf("%s=", name);
    for (size_t i = 0; i < n; i++) {
        printf("%02x", b[i]);
    }
    printf("\n");
}

static struct tfm_crypto_pack_iovec iov(uint16_t function, uint32_t key_id, uint32_t alg)
{
    struct tfm_crypto_pack_iovec v;
    memset(&v, 0, sizeof v);
    v.function_id = function;
    v.key_id = key_id;
    v.alg = alg;
    return v;
}

static psa_status_t import_key(const struct client_key_attributes *a, const uint8_t *data, size_t len,
                               uint32_t *key_id)
{
    struct tfm_crypto_pack_iovec v = iov(IMPORT_KEY, 0, 0);
    psa_invec in[] = {{&v, sizeof v}, {a, sizeof *a}, {data, len}};
    psa_outvec out[] = {{key_id, sizeof *key_id}};
    return psa_call(TFM_CRYPTO_HANDLE, PSA_IPC_CALL, in, 3, out, 1);
}

/* RFC 6979 A.2.5: the P-256 key pair. */
static const uint8_t P256_PRIVATE[32] = {
    0xC9, 0xAF, 0xA9, 0xD8, 0x45, 0xBA, 0x75, 0x16, 0x6B, 0x5C, 0x21, 0x57, 0x67, 0xB1, 0xD6, 0x93,
    0x4E, 0x50, 0xC3, 0xDB, 0x36, 0xE8, 0x9B, 0x12, 0x7B, 0x8A, 0x62, 0x2B, 0x12, 0x0F, 0x67, 0x21};
static const uint8_t P256_PUBLIC[65] = {
    0x04,
    0x60, 0xFE, 0xD4, 0xBA, 0x25, 0x5A, 0x9D, 0x31, 0xC9, 0x61, 0xEB, 0x74, 0xC6, 0x35, 0x6D, 0x68,
    0xC0, 0x49, 0xB8, 0x92, 0x3B, 0x61, 0xFA, 0x6C, 0xE6, 0x69, 0x62, 0x2E, 0x60, 0xF2, 0x9F, 0xB6,
    0x79, 0x03, 0xFE, 0x10, 0x08, 0xB8, 0xBC, 0x99, 0xA4, 0x1A, 0xE9, 0xE9, 0x56, 0x28, 0xBC, 0x64,
    0xF2, 0xF1, 0xB2, 0x0C, 0x2D, 0x7E, 0x9F, 0x51, 0x77, 0xA3, 0xC2, 0x94, 0xD4, 0x46, 0x22, 0x99};
static const uint8_t SHA256_ABC[32] = {
    0xba, 0x78, 0x16, 0xbf, 0x8f, 0x01, 0xcf, 0xea, 0x41, 0x41, 0x40, 0xde, 0x5d, 0xae, 0x22, 0x23,
    0xb0, 0x03, 0x61, 0xa3, 0x96, 0x17, 0x7a, 0x9c, 0xb4, 0x10, 0xff, 0x61, 0xf2, 0x00, 0x15, 0xad};

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: crypto_raw SOCKET_PATH\n");
        return 2;
    }
    if (citadel_transport_open(argv[1]) != PSA_SUCCESS) {
        fprintf(stderr, "crypto_raw: cannot connect to %s\n", argv[1]);
        return 1;
    }

    /* hash_compute: in iov{alg}, input; out hash. */
    uint8_t hash[32];
    {
        struct tfm_crypto_pack_iovec v = iov(HASH_COMPUTE, 0, PSA_ALG_SHA_256);
        psa_invec in[] = {{&v, sizeof v}, {"abc", 3}};
        psa_outvec out[] = {{hash, sizeof hash}};
        check("hash_compute SHA-256", PSA_SUCCESS, psa_call(TFM_CRYPTO_HANDLE, PSA_IPC_CALL, in, 2, out, 1));
        check("hash length written back", 32, (long long)out[0].len);
        check("hash is SHA-256(\"abc\")", 0, memcmp(hash, SHA256_ABC, 32));
    }

    /* import_key + export_key of an exportable AES key. */
    {
        const uint8_t aes[16] = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15};
        struct client_key_attributes a = {PSA_KEY_TYPE_AES, 0, 0, USAGE_EXPORT, 0, 0, 0};
        uint32_t key = 0;
        check("import AES-128", PSA_SUCCESS, import_key(&a, aes, sizeof aes, &key));
        uint8_t exported[32];
        struct tfm_crypto_pack_iovec v = iov(EXPORT_KEY, key, 0);
        psa_invec in[] = {{&v, sizeof v}};
        psa_outvec out[] = {{exported, sizeof exported}};
        check("export AES-128", PSA_SUCCESS, psa_call(TFM_CRYPTO_HANDLE, PSA_IPC_CALL, in, 1, out, 1));
        check("exported length", 16, (long long)out[0].len);
        check("exported material", 0, memcmp(exported, aes, 16));

        struct client_key_attributes got;
        struct tfm_crypto_pack_iovec g = iov(GET_KEY_ATTRIBUTES, key, 0);
        psa_invec gin[] = {{&g, sizeof g}};
        psa_outvec gout[] = {{&got, sizeof got}};
        check("get_key_attributes", PSA_SUCCESS, psa_call(TFM_CRYPTO_HANDLE, PSA_IPC_CALL, gin, 1, gout, 1));
        check("attributes: bits", 128, got.bits);
        check("attributes: type", PSA_KEY_TYPE_AES, got.type);
        check("attributes: id", key, got.id);

        /* TF-M's server wants exactly 24 bytes of attributes. */
        uint32_t ignored;
        struct tfm_crypto_pack_iovec imp = iov(IMPORT_KEY, 0, 0);
        psa_invec bad[] = {{&imp, sizeof imp}, {&a, sizeof a - 1}, {aes, sizeof aes}};
        psa_outvec bad_out[] = {{&ignored, sizeof ignored}};
        check("23-byte attributes are a programmer error", PSA_ERROR_PROGRAMMER_ERROR,
              psa_call(TFM_CRYPTO_HANDLE, PSA_IPC_CALL, bad, 3, bad_out, 1));
        psa_invec short_iov[] = {{&v, sizeof v - 1}};
        check("a short pack iovec is a generic error", PSA_ERROR_GENERIC_ERROR,
              psa_call(TFM_CRYPTO_HANDLE, PSA_IPC_CALL, short_iov, 1, out, 1));
    }

    /* An ECC P-256 key pair: export_public_key, sign_hash, verify_hash. */
    {
        struct client_key_attributes a = {PSA_KEY_TYPE_ECC_KEY_PAIR_SECP_R1, 256, 0,
                                          USAGE_SIGN_HASH | USAGE_VERIFY_HASH, PSA_ALG_ECDSA_SHA_256, 0, 0};
        uint32_t key = 0;
        check("import ECC P-256 key pair", PSA_SUCCESS, import_key(&a, P256_PRIVATE, sizeof P256_PRIVATE, &key));

        uint8_t pub[65];
        struct tfm_crypto_pack_iovec p = iov(EXPORT_PUBLIC_KEY, key, 0);
        psa_invec pin[] = {{&p, sizeof p}};
        psa_outvec pout[] = {{pub, sizeof pub}};
        check("export_public_key", PSA_SUCCESS, psa_call(TFM_CRYPTO_HANDLE, PSA_IPC_CALL, pin, 1, pout, 1));
        check("public key length", 65, (long long)pout[0].len);
        check("public key is RFC 6979's", 0, memcmp(pub, P256_PUBLIC, 65));

        uint8_t exported[32];
        struct tfm_crypto_pack_iovec e = iov(EXPORT_KEY, key, 0);
        psa_invec ein[] = {{&e, sizeof e}};
        psa_outvec eout[] = {{exported, sizeof exported}};
        check("a key without EXPORT stays inside", PSA_ERROR_NOT_PERMITTED,
              psa_call(TFM_CRYPTO_HANDLE, PSA_IPC_CALL, ein, 1, eout, 1));

        uint8_t sig[64];
        struct tfm_crypto_pack_iovec s = iov(SIGN_HASH, key, PSA_ALG_ECDSA_SHA_256);
        psa_invec sin[] = {{&s, sizeof s}, {hash, sizeof hash}};
        psa_outvec sout[] = {{sig, sizeof sig}};
        check("sign_hash ECDSA P-256", PSA_SUCCESS, psa_call(TFM_CRYPTO_HANDLE, PSA_IPC_CALL, sin, 2, sout, 1));
        check("signature length", 64, (long long)sout[0].len);
        print_hex("hash", hash, sizeof hash);
        print_hex("public", pub, sizeof pub);
        print_hex("signature", sig, sizeof sig);

        struct tfm_crypto_pack_iovec vr = iov(VERIFY_HASH, key, PSA_ALG_ECDSA_SHA_256);
        psa_invec vin[] = {{&vr, sizeof vr}, {hash, sizeof hash}, {sig, sizeof sig}};
        check("verify_hash of the signature", PSA_SUCCESS, psa_call(TFM_CRYPTO_HANDLE, PSA_IPC_CALL, vin, 3, NULL, 0));
        sig[10] ^= 1;
        check("verify_hash of a changed signature", PSA_ERROR_INVALID_SIGNATURE,
              psa_call(TFM_CRYPTO_HANDLE, PSA_IPC_CALL, vin, 3, NULL, 0));

        struct tfm_crypto_pack_iovec d = iov(DESTROY_KEY, key, 0);
        psa_invec din[] = {{&d, sizeof d}};
        check("destroy_key", PSA_SUCCESS, psa_call(TFM_CRYPTO_HANDLE, PSA_IPC_CALL, din, 1, NULL, 0));
        check("the destroyed key is gone", PSA_ERROR_INVALID_HANDLE,
              psa_call(TFM_CRYPTO_HANDLE, PSA_IPC_CALL, sin, 2, sout, 1));
    }

    citadel_transport_close();
    printf("%d passed, %d failed\n", passed, failed);
    return failed == 0 ? 0 : 1;
}
