/*
 * Self-test of the Citadel client that needs no SPE:
 *  1. the encoder and decoder against the example of wire-protocol.md §7 and
 *     against corrupted replies;
 *  2. the client-side argument checks (which must not even try to connect);
 *  3. the socket transport against a small fake SPE on a temporary socket:
 *     round trips, out_len on error replies, protocol violations, reconnects,
 *     concurrent callers on the shared default connection.
 */
#include "citadel/transport.h"
#include "frame.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

static int checks, failures;

#define CHECK(cond)                                                          \
    do {                                                                     \
        checks++;                                                            \
        if (!(cond)) {                                                       \
            failures++;                                                      \
            fprintf(stderr, "FAIL %s:%d: %s\n", __FILE__, __LINE__, #cond); \
        }                                                                    \
    } while (0)

#define MAXF CITADEL_MAX_FRAME_LENGTH
#define PE   PSA_ERROR_PROGRAMMER_ERROR
#define CF   PSA_ERROR_COMMUNICATION_FAILURE

/* wire-protocol.md §7: psa_call(0x40000106, 1, NULL, 0, &out, 1), out.len 4. */
static const uint8_t example_request[] = {
    0x20, 0x00, 0x00, 0x00,
    0x43, 0x54, 0x01, 0x04, 0x07, 0x00, 0x00, 0x00,
    0xff, 0xff, 0xff, 0xff, 0x06, 0x01, 0x00, 0x40,
    0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00,
    0x00, 0x01, 0x00, 0x00, 0x04, 0x00, 0x00, 0x00,
};
static const uint8_t example_reply[] = {
    0x18, 0x00, 0x00, 0x00,
    0x43, 0x54, 0x01, 0x04, 0x07, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00,
    0x04, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xc4,
};

static void test_codec(void)
{
    uint8_t buf[64], frame[64];
    psa_outvec out = { buf, 4 };
    citadel_request rq = { .kind = CITADEL_KIND_CALL, .seq = 7, .nsid = -1,
                           .target = 0x40000106, .type = 1,
                           .out = &out, .out_count = 1 };
    citadel_reply rep;
    const uint8_t *body = example_reply + 4;
    size_t body_len = sizeof example_reply - 4;

    /* §7 request, byte for byte. */
    CHECK(citadel_frame_request_len(&rq) == 32);
    citadel_frame_encode_request(frame, &rq, 32);
    CHECK(memcmp(frame, example_request, sizeof example_request) == 0);

    /* §7 reply. */
    CHECK(citadel_get_le32(example_reply) == body_len);
    CHECK(citadel_frame_reply_max(&rq) == 24);
    CHECK(citadel_frame_decode_reply(body, body_len, &rq, &rep) == 0);
    CHECK(rep.result == PSA_SUCCESS && rep.out_count == 1 && rep.out_len[0] == 4);
    CHECK(citadel_get_le32(rep.payload[0]) == 0xC4000000u);

    /* Any change to magic, version, kind, seq, out_count, reserved or
     * out_len, and any length mismatch, is a protocol error. */
    static const size_t bad_offsets[] = { 0, 1, 2, 3, 4, 7, 12, 13, 15, 16 };
    for (size_t i = 0; i < sizeof bad_offsets / sizeof *bad_offsets; i++) {
        uint8_t copy[sizeof example_reply];
        memcpy(copy, body, body_len);
        copy[bad_offsets[i]] ^= 0x01;
        CHECK(citadel_frame_decode_reply(copy, body_len, &rq, &rep) == -1);
    }
    CHECK(citadel_frame_decode_reply(body, body_len - 1, &rq, &rep) == -1);
    memcpy(buf, body, body_len);
    buf[body_len] = 0;
    CHECK(citadel_frame_decode_reply(buf, body_len + 1, &rq, &rep) == -1);
    out.len = 3;    /* the SPE may not write more than the capacity sent */
    CHECK(citadel_frame_decode_reply(body, body_len, &rq, &rep) == -1);

    /* Request with payloads and a zero-length vector. */
    psa_invec in[2] = { { "abc", 3 }, { NULL, 0 } };
    psa_outvec out2 = { buf, 10 };
    citadel_request rq2 = { .kind = CITADEL_KIND_CALL, .seq = 0x01020304,
                            .nsid = -5, .target = 0x1234, .type = 0x7fff,
                            .in = in, .in_count = 2, .out = &out2, .out_count = 1 };
    static const uint8_t expect2[] = {
        43, 0, 0, 0,
        0x43, 0x54, 1, 4, 0x04, 0x03, 0x02, 0x01,
        0xfb, 0xff, 0xff, 0xff, 0x34, 0x12, 0, 0,
        0, 0, 0, 0, 0xff, 0x7f, 0, 0,
        2, 1, 0, 0, 3, 0, 0, 0, 0, 0, 0, 0, 10, 0, 0, 0,
        'a', 'b', 'c',
    };
    CHECK(citadel_frame_request_len(&rq2) == 43);
    citadel_frame_encode_request(frame, &rq2, 43);
    CHECK(memcmp(frame, expect2, sizeof expect2) == 0);

    /* CONNECT carries SID and version, no vectors. */
    citadel_request rq3 = { .kind = CITADEL_KIND_CONNECT, .seq = 1, .nsid = -1,
                            .target = 0xF081, .version = 2 };
    CHECK(citadel_frame_request_len(&rq3) == 28);
    citadel_frame_encode_request(frame, &rq3, 28);
    CHECK(citadel_get_le32(frame + 16) == 0xF081 && citadel_get_le32(frame + 20) == 2 &&
          frame[7] == CITADEL_KIND_CONNECT && frame[28] == 0 && frame[29] == 0);

    /* Size limits saturate rather than wrap. */
    psa_outvec huge[2] = { { buf, SIZE_MAX }, { buf, SIZE_MAX } };
    rq2.out = huge;
    rq2.out_count = 2;
    CHECK(citadel_frame_reply_max(&rq2) > MAXF);
    in[0].len = SIZE_MAX;
    CHECK(citadel_frame_request_len(&rq2) > MAXF);
}

static void test_client_checks_offline(void)
{
    uint8_t b[8];
    psa_invec in = { b, 1 }, in_null = { NULL, 5 };
    psa_outvec out = { b, sizeof b }, out_null = { NULL, 5 };
    psa_outvec ovs[4] = { { b, 1 }, { b, 1 }, { b, 1 }, { b, 1 } };
    psa_invec ivs[4] = { { b, 1 }, { b, 1 }, { b, 1 }, { b, 1 } };
    psa_outvec big = { b, 0xFFFFFFFFu };
    const psa_handle_t h = 0x40000106;

    /* No socket configured: argument errors are reported without any attempt
     * to reach an SPE, everything else fails in the transport. */
    unsetenv(CITADEL_SOCKET_ENV);
    citadel_transport_close();
    CHECK(psa_call(h, -1, NULL, 0, NULL, 0) == PE);
    CHECK(psa_call(h, 32768, NULL, 0, NULL, 0) == PE);
    CHECK(psa_call(h, 0, ivs, 3, ovs, 2) == PE);
    CHECK(psa_call(h, 0, ivs, 5, NULL, 0) == PE);
    CHECK(psa_call(h, 0, NULL, 0, ovs, 5) == PE);
    CHECK(psa_call(h, 0, &in_null, 1, NULL, 0) == PE);
    CHECK(psa_call(h, 0, NULL, 0, &out_null, 1) == PE);
    CHECK(psa_call(h, 0, NULL, 1, NULL, 0) == PE);
    CHECK(psa_call(h, 0, NULL, 0, NULL, 1) == PE);
    CHECK(psa_call(h, 0, NULL, 0, &big, 1) == PE);
    big.len = SIZE_MAX;
    CHECK(psa_call(h, 0, NULL, 0, &big, 1) == PE);
    big.len = MAXF - 16 - 4 + 1;                 /* reply one byte too big */
    CHECK(psa_call(h, 0, NULL, 0, &big, 1) == PE);
    in.len = MAXF - 28 - 4 + 1;                  /* request one byte too big */
    CHECK(psa_call(h, 0, &in, 1, NULL, 0) == PE);

    /* Valid arguments reach the transport, which has nowhere to go. */
    big.len = MAXF - 16 - 4;
    CHECK(psa_call(h, 0, NULL, 0, &big, 1) == CF);
    in.len = 1;
    CHECK(psa_call(h, 32767, &in, 1, &out, 1) == CF);
    CHECK(out.len == sizeof b);                  /* untouched on failure */
    CHECK(psa_framework_version() == 0);
    CHECK(psa_version(0xF090) == 0);
    CHECK(psa_connect(0xF080, 1) == CF);
    psa_close(5);
    CHECK(citadel_transport_open("/nonexistent/citadel.sock") == CF);
    CHECK(citadel_conn_open("/nonexistent/citadel.sock") == NULL);
    citadel_transport_close();

    /* NSID bounds. */
    CHECK(citadel_get_nsid() == -1);
    CHECK(citadel_set_nsid(0) == -1 && citadel_get_nsid() == -1);
    CHECK(citadel_set_nsid(-65537) == -1 && citadel_get_nsid() == -1);
    CHECK(citadel_set_nsid(-65536) == 0 && citadel_get_nsid() == -65536);
    CHECK(citadel_set_nsid(-1) == 0 && citadel_get_nsid() == -1);
}

/* ---- Fake SPE ------------------------------------------------------------ */

enum { T_WHOAMI = 1, T_PARTIAL = 3, T_BAD_SEQ = 10, T_OVERFLOW = 11,
       T_HANG_UP = 12, T_PROTOCOL_ERROR = 13 };

static pthread_mutex_t last_lock = PTHREAD_MUTEX_INITIALIZER;
static uint8_t last_request[256];

static int io_full(int fd, uint8_t *p, size_t n, int writing)
{
    while (n > 0) {
        ssize_t k = writing ? send(fd, p, n, MSG_NOSIGNAL) : recv(fd, p, n, 0);
        if (k < 0 && errno == EINTR)
            continue;
        if (k <= 0)
            return -1;
        p += k;
        n -= (size_t)k;
    }
    return 0;
}

/* Answers requests on one connection until the peer goes or a test asks the
 * server to misbehave. Only what the tests below send is understood. */
static void *fake_connection(void *arg)
{
    int fd = (int)(intptr_t)arg;
    uint8_t rq[4096], rp[4096];

    while (io_full(fd, rq, 4, 0) == 0) {
        uint32_t len = citadel_get_le32(rq);
        if (len < 28 || len > sizeof rq - 4 || io_full(fd, rq + 4, len, 0) != 0)
            break;
        pthread_mutex_lock(&last_lock);
        memcpy(last_request, rq, len + 4 < sizeof last_request ? len + 4 : sizeof last_request);
        pthread_mutex_unlock(&last_lock);

        const uint8_t *b = rq + 4;
        uint8_t kind = b[3], nin = b[24], nout = kind == CITADEL_KIND_CALL ? b[25] : 0;
        uint32_t seq = citadel_get_le32(b + 4), type = citadel_get_le32(b + 20);
        uint32_t cap0 = nout ? citadel_get_le32(b + 28 + 4 * nin) : 0;
        uint32_t in0 = nin ? citadel_get_le32(b + 28) : 0;
        const uint8_t *in_payload = b + 28 + 4 * (nin + nout);
        uint32_t out_len[4] = { 0 }, result = 0;
        uint8_t *payload = rp + 4 + 16 + 4 * nout;

        if (kind == CITADEL_KIND_FRAMEWORK_VERSION)
            result = 0x0101;
        else if (kind == CITADEL_KIND_VERSION)
            result = 7;
        else if (kind == CITADEL_KIND_CONNECT)
            result = 5;
        else if (kind == CITADEL_KIND_CALL && type == T_WHOAMI && cap0 >= 4) {
            out_len[0] = 4;
            citadel_put_le32(payload, (uint32_t)citadel_get_le32(b + 8) - 0x3C000000u + 1);
        } else if (kind == CITADEL_KIND_CALL && type == T_PARTIAL && nout) {
            out_len[0] = in0 < cap0 ? in0 : cap0;
            memcpy(payload, in_payload, out_len[0]);
            result = (uint32_t)PSA_ERROR_INVALID_ARGUMENT;
        } else if (type == T_BAD_SEQ) {
            seq++;
        } else if (type == T_OVERFLOW && nout) {
            out_len[0] = cap0 + 1;
            memset(payload, 0, out_len[0]);
        } else if (type == T_HANG_UP) {
            break;
        } else if (type == T_PROTOCOL_ERROR) {
            kind = 0;
            nout = 0;
            payload = rp + 4 + 16;
            result = (uint32_t)PSA_ERROR_PROGRAMMER_ERROR;
        } else if (kind == CITADEL_KIND_CALL) {
            result = (uint32_t)PSA_ERROR_NOT_SUPPORTED;
        }

        uint32_t body = 16 + 4 * nout + out_len[0];
        citadel_put_le32(rp, body);
        citadel_put_le16(rp + 4, CITADEL_MAGIC);
        rp[6] = 1;
        rp[7] = kind;
        citadel_put_le32(rp + 8, seq);
        citadel_put_le32(rp + 12, result);
        rp[16] = nout;
        rp[17] = rp[18] = rp[19] = 0;
        for (int i = 0; i < nout; i++)
            citadel_put_le32(rp + 20 + 4 * i, out_len[i]);
        if (io_full(fd, rp, 4 + body, 1) != 0)
            break;
    }
    close(fd);
    return NULL;
}

static void *fake_spe(void *arg)
{
    int lfd = (int)(intptr_t)arg;
    pthread_t t;

    for (;;) {
        int fd = accept(lfd, NULL, NULL);
        if (fd < 0 && errno == EINTR)
            continue;
        if (fd < 0)
            return NULL;
        if (pthread_create(&t, NULL, fake_connection, (void *)(intptr_t)fd) == 0)
            pthread_detach(t);
        else
            close(fd);
    }
}

static void *hammer(void *arg)
{
    (void)arg;
    uint8_t b[4];
    long bad = 0;
    for (int i = 0; i < 200; i++) {
        psa_outvec out = { b, 4 };
        if (psa_call(0x40000106, T_WHOAMI, NULL, 0, &out, 1) != PSA_SUCCESS ||
            out.len != 4 || citadel_get_le32(b) != 0xC4000000u)
            bad++;
    }
    return (void *)bad;
}

static void test_transport(void)
{
    char dir[] = "/tmp/citadel-selftest-XXXXXX", path[64];
    struct sockaddr_un sa = { .sun_family = AF_UNIX };
    uint8_t b[16], req[sizeof example_request];
    pthread_t spe, threads[4];

    if (mkdtemp(dir) == NULL) {
        perror("mkdtemp");
        failures++;
        return;
    }
    snprintf(path, sizeof path, "%s/spe.sock", dir);
    snprintf(sa.sun_path, sizeof sa.sun_path, "%s", path);
    int lfd = socket(AF_UNIX, SOCK_STREAM, 0);
    CHECK(lfd >= 0 && bind(lfd, (struct sockaddr *)&sa, sizeof sa) == 0 &&
          listen(lfd, 8) == 0);
    CHECK(pthread_create(&spe, NULL, fake_spe, (void *)(intptr_t)lfd) == 0);
    pthread_detach(spe);

    CHECK(citadel_transport_open(path) == PSA_SUCCESS);
    CHECK(psa_framework_version() == 0x0101);
    CHECK(psa_version(0xF090) == 7);
    CHECK(psa_connect(0xF080, 1) == 5);
    psa_close(5);

    /* The §7 call over the socket: the bytes sent match except for seq. */
    psa_outvec out = { b, 4 };
    CHECK(psa_call(0x40000106, T_WHOAMI, NULL, 0, &out, 1) == PSA_SUCCESS);
    CHECK(out.len == 4 && citadel_get_le32(b) == 0xC4000000u);
    pthread_mutex_lock(&last_lock);
    memcpy(req, last_request, sizeof req);
    pthread_mutex_unlock(&last_lock);
    CHECK(memcmp(req, example_request, 8) == 0 &&
          memcmp(req + 12, example_request + 12, sizeof req - 12) == 0);

    /* An error status still delivers the bytes written. */
    memset(b, 0xAA, sizeof b);
    psa_invec in = { "hello", 5 };
    out.len = 8;
    CHECK(psa_call(0x40000106, T_PARTIAL, &in, 1, &out, 1) == PSA_ERROR_INVALID_ARGUMENT);
    CHECK(out.len == 5 && memcmp(b, "hello", 5) == 0 && b[5] == 0xAA);

    /* Protocol violations break the connection; the next call reconnects. */
    static const int32_t broken[] = { T_BAD_SEQ, T_OVERFLOW, T_HANG_UP, T_PROTOCOL_ERROR };
    for (size_t i = 0; i < sizeof broken / sizeof *broken; i++) {
        out.len = 4;
        CHECK(psa_call(0x40000106, broken[i], NULL, 0, &out, 1) == CF);
        CHECK(out.len == 4);
        CHECK(psa_call(0x40000106, T_WHOAMI, NULL, 0, &out, 1) == PSA_SUCCESS);
    }

    /* The thread's NSID goes into the request. */
    CHECK(citadel_set_nsid(-5) == 0);
    CHECK(psa_call(0x40000106, T_WHOAMI, NULL, 0, &out, 1) == PSA_SUCCESS);
    CHECK(citadel_get_le32(b) == (uint32_t)(-0x3C000000 + 1 - 5));
    citadel_set_nsid(-1);

    /* A second, explicit connection works alongside the default one. */
    citadel_conn *c2 = citadel_conn_open(path);
    CHECK(c2 != NULL);
    if (c2 != NULL) {
        CHECK(citadel_conn_call(c2, -7, 0x40000106, T_WHOAMI, NULL, 0, &out, 1) == PSA_SUCCESS);
        CHECK(citadel_get_le32(b) == (uint32_t)(-0x3C000000 + 1 - 7));
        CHECK(citadel_conn_version(c2, -1, 1) == 7);
        citadel_conn_close(c2);
    }

    /* Concurrent callers share the default connection without mixing replies. */
    for (int i = 0; i < 4; i++)
        CHECK(pthread_create(&threads[i], NULL, hammer, NULL) == 0);
    for (int i = 0; i < 4; i++) {
        void *bad;
        pthread_join(threads[i], &bad);
        CHECK(bad == NULL);
    }

    /* Without citadel_transport_open, $CITADEL_SOCKET is used. */
    citadel_transport_close();
    setenv(CITADEL_SOCKET_ENV, path, 1);
    CHECK(psa_version(1) == 7);
    citadel_transport_close();
    unsetenv(CITADEL_SOCKET_ENV);
    CHECK(psa_version(1) == 0);

    unlink(path);
    rmdir(dir);
}

int main(void)
{
    test_codec();
    test_client_checks_offline();
    test_transport();
    printf("frame_selftest: %d checks, %d failed\n", checks, failures);
    return failures == 0 ? 0 : 1;
}
