/*
 * attest_raw SOCKET_PATH
 *
 * Calls the Initial Attestation service as TF-M's NS interface
 * (interface/src/tfm_attest_api.c) lays its requests out: type 1001
 * (get_token: in_vec challenge, out_vec token buffer) and type 1002
 * (get_token_size: in_vec a 4-byte challenge size, out_vec a 4-byte size).
 * Checks the server's rules of reference/tfm.md §2.5, prints "ok"/"not ok"
 * lines, the challenge and token the Java test verifies independently
 * ("name=hex"), and a final "N passed, M failed"; exits 0 only if nothing
 * failed.
 */
#include <psa/client.h>
#include <citadel/transport.h>

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#define TFM_ATTESTATION_HANDLE ((psa_handle_t)0x40000103)
#define TFM_ATTEST_GET_TOKEN 1001
#define TFM_ATTEST_GET_TOKEN_SIZE 1002
#define MAX_TOKEN_SIZE 0x250

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

static psa_status_t get_token(const uint8_t *challenge, size_t challenge_size, uint8_t *buf, size_t buf_size,
                              size_t *token_size)
{
    psa_invec in[] = {{challenge, challenge_size}};
    psa_outvec out[] = {{buf, buf_size}};
    psa_status_t s = psa_call(TFM_ATTESTATION_HANDLE, TFM_ATTEST_GET_TOKEN, in, 1, out, 1);
    if (s == PSA_SUCCESS) {
        *token_size = out[0].len;
    }
    return s;
}

static psa_status_t get_token_size(uint32_t challenge_size, uint32_t *token_size)
{
    psa_invec in[] = {{&challenge_size, sizeof challenge_size}};
    psa_outvec out[] = {{token_size, sizeof *token_size}};
    return psa_call(TFM_ATTESTATION_HANDLE, TFM_ATTEST_GET_TOKEN_SIZE, in, 1, out, 1);
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: attest_raw SOCKET_PATH\n");
        return 2;
    }
    if (citadel_transport_open(argv[1]) != PSA_SUCCESS) {
        fprintf(stderr, "attest_raw: cannot connect to %s\n", argv[1]);
        return 1;
    }

    uint8_t challenge[64];
    for (size_t i = 0; i < sizeof challenge; i++) {
        challenge[i] = (uint8_t)(0xA0 + i);
    }
    static uint8_t token[MAX_TOKEN_SIZE * 2];
    size_t token_size = 0;

    /* Size queries for the three supported challenge sizes, then a valid call of each. */
    static const uint32_t sizes[] = {32, 48, 64};
    for (size_t i = 0; i < 3; i++) {
        char name[96];
        uint32_t expected = 0;
        snprintf(name, sizeof name, "get_token_size(%u)", (unsigned)sizes[i]);
        check(name, PSA_SUCCESS, get_token_size(sizes[i], &expected));
        snprintf(name, sizeof name, "get_token_size(%u) is a size within the buffer", (unsigned)sizes[i]);
        check(name, 1, expected > 0 && expected <= sizeof token);

        memset(token, 0, sizeof token);
        token_size = 0;
        snprintf(name, sizeof name, "get_token with a %u-byte challenge", (unsigned)sizes[i]);
        check(name, PSA_SUCCESS, get_token(challenge, sizes[i], token, sizeof token, &token_size));
        snprintf(name, sizeof name, "token length equals the size query (%u)", (unsigned)sizes[i]);
        check(name, expected, (long long)token_size);
        if (sizes[i] == 32) {
            print_hex("challenge", challenge, 32);
            print_hex("token", token, token_size);
        }

        /* A buffer one byte short of the size query is too small, and nothing is written. */
        if (expected > 0 && expected <= sizeof token) {
            memset(token, 0x5A, sizeof token);
            size_t untouched = 12345;
            snprintf(name, sizeof name, "a %u-byte buffer is too small (%u)", (unsigned)(expected - 1),
                     (unsigned)sizes[i]);
            check(name, PSA_ERROR_BUFFER_TOO_SMALL,
                  get_token(challenge, sizes[i], token, expected - 1, &untouched));
            int written = 0;
            for (size_t j = 0; j < sizeof token; j++) {
                written |= token[j] != 0x5A;
            }
            snprintf(name, sizeof name, "nothing written to the short buffer (%u)", (unsigned)sizes[i]);
            check(name, 0, written);
        }
    }

    /* Challenge sizes the core does not accept. */
    static const uint32_t bad[] = {31, 33, 47, 63, 1};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char name[96];
        snprintf(name, sizeof name, "get_token with a %u-byte challenge is invalid", (unsigned)bad[i]);
        check(name, PSA_ERROR_INVALID_ARGUMENT, get_token(challenge, bad[i], token, sizeof token, &token_size));
        uint32_t ignored = 0;
        snprintf(name, sizeof name, "get_token_size(%u) is invalid", (unsigned)bad[i]);
        check(name, PSA_ERROR_INVALID_ARGUMENT, get_token_size(bad[i], &ignored));
    }
    {
        uint8_t big[65] = {0};
        check("get_token with a 65-byte challenge is invalid", PSA_ERROR_INVALID_ARGUMENT,
              get_token(big, sizeof big, token, sizeof token, &token_size));
        check("get_token with an empty token buffer is invalid", PSA_ERROR_INVALID_ARGUMENT,
              get_token(challenge, 32, token, 0, &token_size));
        check("a 16-byte buffer is too small", PSA_ERROR_BUFFER_TOO_SMALL,
              get_token(challenge, 32, token, 16, &token_size));
    }

    /* get_token_size wants exactly 4-byte vectors. */
    {
        uint8_t size8[8] = {32, 0, 0, 0, 0, 0, 0, 0};
        uint32_t out4 = 0;
        uint8_t out8[8];
        psa_invec in8[] = {{size8, 8}};
        psa_outvec o4[] = {{&out4, 4}};
        check("get_token_size with an 8-byte in_vec is invalid", PSA_ERROR_INVALID_ARGUMENT,
              psa_call(TFM_ATTESTATION_HANDLE, TFM_ATTEST_GET_TOKEN_SIZE, in8, 1, o4, 1));
        psa_invec in4[] = {{size8, 4}};
        psa_outvec o8[] = {{out8, 8}};
        check("get_token_size with an 8-byte out_vec is invalid", PSA_ERROR_INVALID_ARGUMENT,
              psa_call(TFM_ATTESTATION_HANDLE, TFM_ATTEST_GET_TOKEN_SIZE, in4, 1, o8, 1));
        check("an unknown type is not supported", PSA_ERROR_NOT_SUPPORTED,
              psa_call(TFM_ATTESTATION_HANDLE, 1003, in4, 1, o4, 1));
    }

    citadel_transport_close();
    printf("%d passed, %d failed\n", passed, failed);
    return failed == 0 ? 0 : 1;
}
