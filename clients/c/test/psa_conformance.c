/*
 * psa_conformance SOCKET_PATH
 *
 * Runs the FF-M client API, as TF-M implements it for NS callers
 * (tfm.md §1.5), against a test SPE serving the partitions of
 * docs/test-partitions.md with a connection pool of 8. Prints one
 * "ok - ..." / "not ok - ..." line per check and a final "N passed, M failed";
 * exits 0 only if nothing failed.
 *
 * Needs a fresh SPE per run: the last NESTED_TEST check panics that partition
 * for good, and the pool check expects no other client to hold handles.
 */
#include <psa/client.h>
#include <citadel/transport.h>

#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Services (docs/test-partitions.md). */
#define SID_BASIC        0xF080u   /* RELAXED v1 */
#define SID_STRICT       0xF081u   /* STRICT v2 */
#define SID_SECURE_ONLY  0xF082u
#define SID_REFUSE       0xF083u
#define SID_BUSY         0xF084u
#define SID_STATELESS    0xF090u
#define SID_SFN_SECURE   0xF091u
#define SID_SFN_RELAXED  0xF092u   /* v3 */
#define SID_NESTED       0xF0A0u
#define SID_UNKNOWN      0xDEADu

#define H_STATELESS      ((psa_handle_t)0x40000106)
#define H_SFN_SECURE     ((psa_handle_t)0x40000107)
#define H_NESTED         ((psa_handle_t)0x40000109)

enum { ECHO = 0, WHOAMI = 1, FAIL_PROGRAMMER = 2, PARTIAL_ERROR = 3, SLOW = 4, SIZES = 5 };

#define POOL_SIZE        8
#define DEFAULT_CLIENT   (-0x3C000000)           /* NSID -1 through the TZ agent */
#define NESTED_PID       302
#define MAX_FRAME        (1024u * 1024u)

static int passed, failed;
static const char *socket_path;

static void report(int ok, const char *name, const char *fmt, ...)
{
    if (ok) {
        passed++;
        printf("ok - %s\n", name);
        return;
    }
    failed++;
    printf("not ok - %s: ", name);
    va_list ap;
    va_start(ap, fmt);
    vprintf(fmt, ap);
    va_end(ap);
    putchar('\n');
}

static void check(const char *name, long long expected, long long got)
{
    report(expected == got, name, "expected %lld got %lld", expected, got);
}

static void check_handle(const char *name, psa_handle_t h)
{
    report(PSA_HANDLE_IS_VALID(h), name, "expected a handle > 0 got %ld", (long)h);
}

static void check_bytes(const char *name, const void *expected, size_t exp_len,
                        const void *got, size_t got_len)
{
    int ok = exp_len == got_len && memcmp(expected, got, exp_len) == 0;
    report(ok, name, "expected %zu bytes \"%.*s\" got %zu bytes \"%.*s\"",
           exp_len, (int)exp_len, (const char *)expected,
           got_len, (int)(got_len < 64 ? got_len : 64), (const char *)got);
}

static int32_t le32(const uint8_t *p)
{
    return (int32_t)((uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
                     (uint32_t)p[3] << 24);
}

static void sleep_ms(long ms)
{
    struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };
    while (nanosleep(&ts, &ts) != 0)
        ;
}

/* WHOAMI through conn with nsid; returns the client ID or the error status. */
static long long whoami(citadel_conn *conn, int32_t nsid, psa_handle_t h)
{
    uint8_t b[4];
    psa_outvec out = { b, sizeof b };
    psa_status_t st = citadel_conn_call(conn, nsid, h, WHOAMI, NULL, 0, &out, 1);
    if (st != PSA_SUCCESS)
        return st;
    return out.len == 4 ? le32(b) : -1000000LL - (long long)out.len;
}

static psa_status_t echo(psa_handle_t h)
{
    uint8_t b[8];
    psa_invec in = { "ping", 4 };
    psa_outvec out = { b, sizeof b };
    return psa_call(h, ECHO, &in, 1, &out, 1);
}

static void test_versions(void)
{
    check("psa_framework_version is 0x0101", 0x0101, psa_framework_version());
    check("psa_version(0xF080) = 1", 1, psa_version(SID_BASIC));
    check("psa_version(0xF081) = 2", 2, psa_version(SID_STRICT));
    check("psa_version(0xF090) = 1", 1, psa_version(SID_STATELESS));
    check("psa_version(0xF092) = 3", 3, psa_version(SID_SFN_RELAXED));
    check("psa_version(0xF0A0) = 1", 1, psa_version(SID_NESTED));
    check("psa_version(unknown SID) = PSA_VERSION_NONE", 0, psa_version(SID_UNKNOWN));
    check("psa_version(NS-denied 0xF082) = PSA_VERSION_NONE", 0, psa_version(SID_SECURE_ONLY));
    check("psa_version(NS-denied 0xF091) = PSA_VERSION_NONE", 0, psa_version(SID_SFN_SECURE));
}

static void test_connect(void)
{
    psa_handle_t h;

    check("connect unknown SID -> CONNECTION_REFUSED",
          PSA_ERROR_CONNECTION_REFUSED, psa_connect(SID_UNKNOWN, 1));
    check("connect stateless service -> PROGRAMMER_ERROR",
          PSA_ERROR_PROGRAMMER_ERROR, psa_connect(SID_STATELESS, 1));
    check("connect NS-denied service -> CONNECTION_REFUSED",
          PSA_ERROR_CONNECTION_REFUSED, psa_connect(SID_SECURE_ONLY, 1));
    check("connect STRICT v2 service with v1 -> CONNECTION_REFUSED",
          PSA_ERROR_CONNECTION_REFUSED, psa_connect(SID_STRICT, 1));
    check_handle("connect STRICT v2 service with v2 -> handle", h = psa_connect(SID_STRICT, 2));
    psa_close(h);
    check("connect RELAXED v1 service with v2 -> CONNECTION_REFUSED",
          PSA_ERROR_CONNECTION_REFUSED, psa_connect(SID_BASIC, 2));
    check_handle("connect RELAXED v1 service with v1 -> handle", h = psa_connect(SID_BASIC, 1));
    psa_close(h);
    check("connect: service refuses -> CONNECTION_REFUSED",
          PSA_ERROR_CONNECTION_REFUSED, psa_connect(SID_REFUSE, 1));
    check("connect: service busy -> CONNECTION_BUSY",
          PSA_ERROR_CONNECTION_BUSY, psa_connect(SID_BUSY, 1));

    /* No handle is open here, so the pool holds exactly POOL_SIZE; refused
     * and busy connects above must not have leaked pool entries. */
    psa_handle_t hs[64];
    int n = 0;
    psa_status_t last = PSA_SUCCESS;
    while (n < 64) {
        last = psa_connect(SID_BASIC, 1);
        if (!PSA_HANDLE_IS_VALID(last))
            break;
        hs[n++] = last;
    }
    check("connect until the pool is exhausted -> CONNECTION_BUSY",
          PSA_ERROR_CONNECTION_BUSY, last);
    check("the pool holds 8 connections", POOL_SIZE, n);
    while (n > 0)
        psa_close(hs[--n]);
    check_handle("connect after closing them all -> handle", h = psa_connect(SID_BASIC, 1));
    psa_close(h);
}

struct slow_call {
    psa_handle_t h;
    psa_status_t st;
};

static void *slow_thread(void *arg)
{
    struct slow_call *s = arg;
    s->st = psa_call(s->h, SLOW, NULL, 0, NULL, 0);
    return NULL;
}

static void test_connection_calls(void)
{
    psa_handle_t h = psa_connect(SID_BASIC, 1);
    check_handle("connect for the call checks", h);

    /* ECHO: in[i] -> out[i], truncated to the capacity. */
    uint8_t o0[16], o1[3];
    psa_invec in[2] = { { "hello", 5 }, { "world!", 6 } };
    psa_outvec out[2] = { { o0, sizeof o0 }, { o1, sizeof o1 } };
    check("ECHO two vectors -> SUCCESS", PSA_SUCCESS, psa_call(h, ECHO, in, 2, out, 2));
    check_bytes("ECHO out[0]", "hello", 5, o0, out[0].len);
    check_bytes("ECHO out[1] truncated to its capacity", "wor", 3, o1, out[1].len);

    /* SIZES, with zero-length vectors counted as vectors. */
    uint8_t sz[32];
    psa_invec zin[2] = { { "abc", 3 }, { NULL, 0 } };
    psa_outvec zout[2] = { { sz, sizeof sz }, { NULL, 0 } };
    check("SIZES -> SUCCESS", PSA_SUCCESS, psa_call(h, SIZES, zin, 2, zout, 2));
    check("SIZES out[0].len", 32, zout[0].len);
    check("SIZES out[1].len (zero-length vector)", 0, zout[1].len);
    static const int32_t expect_sizes[8] = { 3, 0, 0, 0, 32, 0, 0, 0 };
    int sizes_ok = 1;
    for (int i = 0; i < 8; i++)
        sizes_ok &= le32(sz + 4 * i) == expect_sizes[i];
    report(sizes_ok, "SIZES in_size/out_size = 3,0,0,0 / 32,0,0,0",
           "got %d,%d,%d,%d / %d,%d,%d,%d", le32(sz), le32(sz + 4), le32(sz + 8),
           le32(sz + 12), le32(sz + 16), le32(sz + 20), le32(sz + 24), le32(sz + 28));

    check("WHOAMI default client is -0x3C000000", DEFAULT_CLIENT,
          whoami(NULL, citadel_get_nsid(), h));
    check("unknown call type 99 -> NOT_SUPPORTED", PSA_ERROR_NOT_SUPPORTED,
          psa_call(h, 99, NULL, 0, NULL, 0));
    check("connection still usable after NOT_SUPPORTED", PSA_SUCCESS, echo(h));

    /* PARTIAL_ERROR: the written length reaches the caller with the error. */
    uint8_t pb[16];
    memset(pb, 0, sizeof pb);
    psa_invec pin = { "partial", 7 };
    psa_outvec pout = { pb, sizeof pb };
    check("PARTIAL_ERROR -> INVALID_ARGUMENT", PSA_ERROR_INVALID_ARGUMENT,
          psa_call(h, PARTIAL_ERROR, &pin, 1, &pout, 1));
    check_bytes("PARTIAL_ERROR out[0] written despite the error", "partial", 7, pb, pout.len);

    /* NSIDs: a new connection made under NSID -5 sees the translated ID. */
    check("citadel_set_nsid(0) is rejected", -1, citadel_set_nsid(0));
    check("citadel_set_nsid(-65537) is rejected", -1, citadel_set_nsid(-65537));
    check("NSID unchanged after rejected sets", -1, citadel_get_nsid());
    check("citadel_set_nsid(-5)", 0, citadel_set_nsid(-5));
    psa_handle_t h5 = psa_connect(SID_BASIC, 1);
    check_handle("connect under NSID -5", h5);
    check("WHOAMI under NSID -5 is -0x3C000004", -0x3C000004LL, whoami(NULL, -5, h5));
    psa_close(h5);
    citadel_set_nsid(-1);
    check("NSID 0 on the wire: call -> PROGRAMMER_ERROR", PSA_ERROR_PROGRAMMER_ERROR,
          whoami(NULL, 0, H_STATELESS));
    check("NSID 0 on the wire: connect -> PROGRAMMER_ERROR", PSA_ERROR_PROGRAMMER_ERROR,
          citadel_conn_connect(NULL, 0, SID_BASIC, 1));
    check("NSID 0 on the wire: version -> 0", 0, citadel_conn_version(NULL, 0, SID_BASIC));

    /* Handles are bound to the client that opened them. */
    citadel_set_nsid(-2);
    check("call with another NSID's handle -> PROGRAMMER_ERROR",
          PSA_ERROR_PROGRAMMER_ERROR, echo(h));
    citadel_set_nsid(-1);
    check("call with the owner's NSID again -> SUCCESS", PSA_SUCCESS, echo(h));

    /* Invalid handles. */
    check("call PSA_NULL_HANDLE -> PROGRAMMER_ERROR", PSA_ERROR_PROGRAMMER_ERROR,
          echo(PSA_NULL_HANDLE));
    check("call made-up handle 0x1234 -> PROGRAMMER_ERROR", PSA_ERROR_PROGRAMMER_ERROR,
          echo(0x1234));
    psa_handle_t hc = psa_connect(SID_BASIC, 1);
    psa_close(hc);
    check("call closed handle -> PROGRAMMER_ERROR", PSA_ERROR_PROGRAMMER_ERROR, echo(hc));

    /* Busy connection: while SLOW is in flight on h (default socket), a call
     * on h through a second socket of the same client is refused. */
    citadel_conn *c2 = citadel_conn_open(socket_path);
    report(c2 != NULL, "open a second socket", "citadel_conn_open failed");
    if (c2 != NULL) {
        struct slow_call s = { h, PSA_ERROR_GENERIC_ERROR };
        pthread_t t;
        if (pthread_create(&t, NULL, slow_thread, &s) == 0) {
            sleep_ms(80);           /* SLOW lasts 200 ms */
            check("call on a busy connection -> PROGRAMMER_ERROR",
                  PSA_ERROR_PROGRAMMER_ERROR,
                  citadel_conn_call(c2, -1, h, ECHO, NULL, 0, NULL, 0));
            pthread_join(t, NULL);
            check("the SLOW call itself -> SUCCESS", PSA_SUCCESS, s.st);
        }
        check("connection usable once no longer busy", PSA_SUCCESS, echo(h));

        /* Handles belong to the client ID, and die with their socket. */
        psa_handle_t h2 = citadel_conn_connect(c2, -1, SID_BASIC, 1);
        check_handle("connect through the second socket", h2);
        check("its handle is usable through the default socket", PSA_SUCCESS, echo(h2));
        citadel_conn_close(c2);
        psa_status_t st = PSA_SUCCESS;
        for (int i = 0; i < 50 && st == PSA_SUCCESS; i++) {   /* the SPE sees EOF asynchronously */
            st = echo(h2);
            if (st == PSA_SUCCESS)
                sleep_ms(20);
        }
        check("handle closed with its socket -> PROGRAMMER_ERROR",
              PSA_ERROR_PROGRAMMER_ERROR, st);
    }

    /* The service failing with PROGRAMMER_ERROR makes the connection unusable. */
    check("service returns PROGRAMMER_ERROR -> passed back", PSA_ERROR_PROGRAMMER_ERROR,
          psa_call(h, FAIL_PROGRAMMER, NULL, 0, NULL, 0));
    check("connection unusable after PROGRAMMER_ERROR", PSA_ERROR_PROGRAMMER_ERROR, echo(h));
    psa_close(h);
    check("SPE serving after closing the broken connection", PSA_SUCCESS, echo(H_STATELESS));
}

static void test_stateless(void)
{
    uint8_t b[8];
    psa_invec in = { "stateless", 9 };
    psa_outvec out = { b, sizeof b };

    check("stateless ECHO -> SUCCESS", PSA_SUCCESS, psa_call(H_STATELESS, ECHO, &in, 1, &out, 1));
    check_bytes("stateless ECHO out[0] truncated", "stateles", 8, b, out.len);
    check("stateless WHOAMI is -0x3C000000", DEFAULT_CLIENT, whoami(NULL, -1, H_STATELESS));
    check("stateless NS-denied handle -> CONNECTION_REFUSED",
          PSA_ERROR_CONNECTION_REFUSED, echo(H_SFN_SECURE));
    check("stateless unpopulated index 0x4000011F -> PROGRAMMER_ERROR",
          PSA_ERROR_PROGRAMMER_ERROR, echo(0x4000011F));
    check("stateless STRICT version mismatch 0x40000206 -> PROGRAMMER_ERROR",
          PSA_ERROR_PROGRAMMER_ERROR, echo(0x40000206));
    check("stateless RELAXED v1 <= 3 (0x40000108) -> SUCCESS", PSA_SUCCESS, echo(0x40000108));
    check("stateless RELAXED v3 <= 3 (0x40000308) -> SUCCESS", PSA_SUCCESS, echo(0x40000308));
    check("stateless RELAXED v4 > 3 (0x40000408) -> PROGRAMMER_ERROR",
          PSA_ERROR_PROGRAMMER_ERROR, echo(0x40000408));
    check("stateless unknown call type -> NOT_SUPPORTED", PSA_ERROR_NOT_SUPPORTED,
          psa_call(H_STATELESS, 99, NULL, 0, NULL, 0));
    check("stateless service returns PROGRAMMER_ERROR -> passed back",
          PSA_ERROR_PROGRAMMER_ERROR, psa_call(H_STATELESS, FAIL_PROGRAMMER, NULL, 0, NULL, 0));
    check("stateless handle still works afterwards", PSA_SUCCESS, echo(H_STATELESS));

    /* psa_close of anything but an open connection handle has no effect. */
    psa_handle_t h = psa_connect(SID_BASIC, 1);
    check_handle("connect for the psa_close checks", h);
    psa_close(PSA_NULL_HANDLE);
    psa_close(H_STATELESS);
    psa_close(0x7777);
    check("after psa_close(NULL/stateless/invalid): stateless call works",
          PSA_SUCCESS, echo(H_STATELESS));
    check("after psa_close(NULL/stateless/invalid): connection works", PSA_SUCCESS, echo(h));
    psa_close(h);
}

static void test_nested(void)
{
    uint8_t b[8];
    psa_outvec out = { b, sizeof b };

    check("nested 0: inner WHOAMI -> SUCCESS", PSA_SUCCESS,
          psa_call(H_NESTED, 0, NULL, 0, &out, 1));
    check("nested 0: out length", 8, out.len);
    check("nested 0: caller seen by NESTED_TEST", DEFAULT_CLIENT, le32(b));
    check("nested 0: caller seen by SFN_TEST is 302", NESTED_PID, le32(b + 4));

    out.len = sizeof b;
    check("nested 1 -> SUCCESS", PSA_SUCCESS, psa_call(H_NESTED, 1, NULL, 0, &out, 1));
    check("nested 1: psa_version of an undeclared dependency = 0", 0, le32(b));
    check("nested 1: psa_version of a declared dependency = 1", 1, le32(b + 4));

    out.len = sizeof b;
    check("nested 3: secure caller reaches an NS-denied service", PSA_SUCCESS,
          psa_call(H_NESTED, 3, NULL, 0, &out, 1));
    check("nested 3: it sees 302", NESTED_PID, out.len >= 4 ? le32(b) : -1);

    /* Last: this panics NESTED_TEST. */
    out.len = sizeof b;
    check("nested 2: undeclared connect panics the partition -> SERVICE_FAILURE",
          PSA_ERROR_SERVICE_FAILURE, psa_call(H_NESTED, 2, NULL, 0, &out, 1));
    check("other partitions still served after the panic", DEFAULT_CLIENT,
          whoami(NULL, -1, H_STATELESS));
}

static void test_client_side_checks(void)
{
    uint8_t b[8];
    psa_invec ivs[3] = { { b, 1 }, { b, 1 }, { b, 1 } };
    psa_outvec ovs[2] = { { b, 1 }, { b, 1 } };
    psa_invec in_null = { NULL, 5 };
    psa_outvec out_null = { NULL, 5 }, big = { b, 0xFFFFFFFFu };
    const psa_status_t pe = PSA_ERROR_PROGRAMMER_ERROR;

    check("type -1 -> PROGRAMMER_ERROR", pe, psa_call(H_STATELESS, -1, NULL, 0, NULL, 0));
    check("type 32768 -> PROGRAMMER_ERROR", pe, psa_call(H_STATELESS, 32768, NULL, 0, NULL, 0));
    check("in_len 3 + out_len 2 -> PROGRAMMER_ERROR", pe,
          psa_call(H_STATELESS, ECHO, ivs, 3, ovs, 2));
    check("in vector {NULL, 5} -> PROGRAMMER_ERROR", pe,
          psa_call(H_STATELESS, ECHO, &in_null, 1, NULL, 0));
    check("out vector {NULL, 5} -> PROGRAMMER_ERROR", pe,
          psa_call(H_STATELESS, ECHO, NULL, 0, &out_null, 1));
    check("out capacity 0xFFFFFFFF -> PROGRAMMER_ERROR", pe,
          psa_call(H_STATELESS, ECHO, NULL, 0, &big, 1));
    big.len = SIZE_MAX;
    check("out capacity SIZE_MAX -> PROGRAMMER_ERROR", pe,
          psa_call(H_STATELESS, ECHO, NULL, 0, &big, 1));
    check("in_vec NULL with in_len 1 -> PROGRAMMER_ERROR", pe,
          psa_call(H_STATELESS, ECHO, NULL, 1, NULL, 0));

    /* Frame-size boundaries: a reply of exactly MAX_FRAME bytes is allowed. */
    uint8_t *large = calloc(1, MAX_FRAME);
    if (large != NULL) {
        psa_invec lin = { large, MAX_FRAME - 28 - 4 + 1 };
        check("request frame 1 byte over the limit -> PROGRAMMER_ERROR", pe,
              psa_call(H_STATELESS, ECHO, &lin, 1, NULL, 0));
        psa_outvec lout = { large, MAX_FRAME - 16 - 4 + 1 };
        check("reply capacity 1 byte over the limit -> PROGRAMMER_ERROR", pe,
              psa_call(H_STATELESS, ECHO, NULL, 0, &lout, 1));
        lout.len = MAX_FRAME - 16 - 4;
        psa_invec small = { "x", 1 };
        check("reply capacity exactly at the limit -> SUCCESS", PSA_SUCCESS,
              psa_call(H_STATELESS, ECHO, &small, 1, &lout, 1));
        check("... and out[0].len is the bytes written", 1, lout.len);
        free(large);
    }
    check("SPE still serving after the client-side checks", DEFAULT_CLIENT,
          whoami(NULL, -1, H_STATELESS));
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: %s SOCKET_PATH\n", argv[0]);
        return 2;
    }
    socket_path = argv[1];
    setvbuf(stdout, NULL, _IOLBF, 0);

    psa_status_t st = citadel_transport_open(socket_path);
    check("connect to the SPE socket", PSA_SUCCESS, st);
    if (st == PSA_SUCCESS) {
        test_versions();
        test_connect();
        test_connection_calls();
        test_stateless();
        test_nested();
        test_client_side_checks();
    }
    citadel_transport_close();
    printf("%d passed, %d failed\n", passed, failed);
    return failed == 0 ? 0 : 1;
}
