/*
 * Socket transport: one request/reply exchange at a time per connection
 * (docs/wire-protocol.md §1), client-side argument checks, lazy reconnects.
 */
#include "citadel/transport.h"
#include "frame.h"

#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

struct citadel_conn {
    pthread_mutex_t lock;   /* held for a whole exchange, like TF-M's NS mutex */
    char *path;             /* NULL (default connection only): $CITADEL_SOCKET */
    int fd;                 /* -1 while disconnected */
    uint32_t seq;
    uint8_t *buf;           /* frame buffer, reused by the exchanges */
    size_t cap;
};

static citadel_conn default_conn = {
    .lock = PTHREAD_MUTEX_INITIALIZER, .path = NULL, .fd = -1,
};

static int connect_path(const char *path)
{
    struct sockaddr_un sa = { .sun_family = AF_UNIX };

    if (path == NULL || *path == '\0') {
        errno = ENOENT;
        return -1;
    }
    if (strlen(path) >= sizeof sa.sun_path) {
        errno = ENAMETOOLONG;
        return -1;
    }
    strcpy(sa.sun_path, path);
    for (;;) {
        int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
        if (fd < 0)
            return -1;
        if (connect(fd, (const struct sockaddr *)&sa, sizeof sa) == 0)
            return fd;
        int err = errno;
        close(fd);
        /* After EINTR the connection may still complete in the background;
         * starting over on a fresh socket is simpler than polling the old
         * one, and the SPE just sees an extra, empty connection. */
        if (err != EINTR) {
            errno = err;
            return -1;
        }
    }
}

static int ensure_connected(citadel_conn *c)
{
    if (c->fd >= 0)
        return 0;
    c->fd = connect_path(c->path ? c->path : getenv(CITADEL_SOCKET_ENV));
    return c->fd >= 0 ? 0 : -1;
}

static void disconnect(citadel_conn *c)
{
    if (c->fd >= 0)
        close(c->fd);
    c->fd = -1;
}

static int reserve(citadel_conn *c, size_t n)
{
    if (n <= c->cap)
        return 0;
    uint8_t *b = realloc(c->buf, n);
    if (b == NULL)
        return -1;
    c->buf = b;
    c->cap = n;
    return 0;
}

static int send_all(int fd, const uint8_t *p, size_t n)
{
    while (n > 0) {
        ssize_t k = send(fd, p, n, MSG_NOSIGNAL);
        if (k < 0 && errno == EINTR)
            continue;
        if (k <= 0)
            return -1;
        p += k;
        n -= (size_t)k;
    }
    return 0;
}

static int recv_all(int fd, uint8_t *p, size_t n)
{
    while (n > 0) {
        ssize_t k = recv(fd, p, n, 0);
        if (k < 0 && errno == EINTR)
            continue;
        if (k <= 0)         /* error, or EOF in the middle of a frame */
            return -1;
        p += k;
        n -= (size_t)k;
    }
    return 0;
}

/*
 * Sends rq over c (NULL: the default connection) and waits for its reply.
 * On PSA_SUCCESS *result holds the reply's result and, for a CALL, the reply's
 * bytes and lengths have been stored in out. Any other return means the SPE
 * gave no usable answer: PSA_ERROR_PROGRAMMER_ERROR if the frame could not
 * be sent at all (nothing was sent), otherwise a transport failure.
 */
static psa_status_t exchange(citadel_conn *c, citadel_request *rq,
                             psa_outvec *out, int32_t *result)
{
    uint64_t body_len = citadel_frame_request_len(rq);
    uint64_t reply_max = citadel_frame_reply_max(rq);
    psa_status_t st = PSA_ERROR_COMMUNICATION_FAILURE;
    citadel_reply rep;
    uint8_t hdr[4];
    uint32_t reply_len;

    /* TF-M's memory check on the vectors, in socket form (§6): neither the
     * request nor the largest reply the out-vectors allow may exceed a frame. */
    if (body_len > CITADEL_MAX_FRAME_LENGTH || reply_max > CITADEL_MAX_FRAME_LENGTH)
        return PSA_ERROR_PROGRAMMER_ERROR;
    if (c == NULL)
        c = &default_conn;

    pthread_mutex_lock(&c->lock);
    if (reserve(c, 4 + (size_t)body_len) != 0) {
        st = PSA_ERROR_INSUFFICIENT_MEMORY;
        goto out;
    }
    if (ensure_connected(c) != 0)
        goto out;
    rq->seq = ++c->seq;
    citadel_frame_encode_request(c->buf, rq, (uint32_t)body_len);
    if (send_all(c->fd, c->buf, 4 + (size_t)body_len) != 0 ||
        recv_all(c->fd, hdr, sizeof hdr) != 0)
        goto broken;
    /* Bound the reply by what this request allows before allocating for it. */
    reply_len = citadel_get_le32(hdr);
    if (reply_len < CITADEL_REP_HEADER || reply_len > reply_max ||
        reserve(c, reply_len) != 0 || recv_all(c->fd, c->buf, reply_len) != 0 ||
        citadel_frame_decode_reply(c->buf, reply_len, rq, &rep) != 0)
        goto broken;

    for (size_t i = 0; i < rep.out_count; i++) {
        if (rep.out_len[i] > 0)
            memcpy(out[i].base, rep.payload[i], rep.out_len[i]);
        out[i].len = rep.out_len[i];
    }
    *result = rep.result;
    st = PSA_SUCCESS;
    goto out;
broken:
    /* Out of step with the SPE: the stream cannot be resynchronised. */
    disconnect(c);
out:
    pthread_mutex_unlock(&c->lock);
    return st;
}

psa_status_t citadel_transport_open(const char *socket_path)
{
    citadel_conn *c = &default_conn;
    psa_status_t st = PSA_SUCCESS;

    pthread_mutex_lock(&c->lock);
    disconnect(c);
    free(c->path);
    c->path = NULL;
    if (socket_path != NULL && (c->path = strdup(socket_path)) == NULL)
        st = PSA_ERROR_INSUFFICIENT_MEMORY;
    else if (ensure_connected(c) != 0)
        st = PSA_ERROR_COMMUNICATION_FAILURE;
    pthread_mutex_unlock(&c->lock);
    return st;
}

void citadel_transport_close(void)
{
    citadel_conn *c = &default_conn;

    pthread_mutex_lock(&c->lock);
    disconnect(c);
    free(c->path);
    free(c->buf);
    c->path = NULL;
    c->buf = NULL;
    c->cap = 0;
    pthread_mutex_unlock(&c->lock);
}

citadel_conn *citadel_conn_open(const char *socket_path)
{
    citadel_conn *c = calloc(1, sizeof *c);
    int err;

    if (socket_path == NULL)
        socket_path = getenv(CITADEL_SOCKET_ENV);
    if (c == NULL)
        return NULL;
    if (socket_path == NULL) {
        err = ENOENT;
        goto fail;
    }
    c->path = strdup(socket_path);
    c->fd = c->path ? connect_path(c->path) : -1;
    if (c->fd < 0) {
        err = c->path ? errno : ENOMEM;
        goto fail;
    }
    pthread_mutex_init(&c->lock, NULL);
    return c;
fail:
    free(c->path);
    free(c);
    errno = err;
    return NULL;
}

void citadel_conn_close(citadel_conn *c)
{
    if (c == NULL || c == &default_conn)
        return;
    disconnect(c);
    pthread_mutex_destroy(&c->lock);
    free(c->path);
    free(c->buf);
    free(c);
}

uint32_t citadel_conn_framework_version(citadel_conn *c, int32_t nsid)
{
    citadel_request rq = { .kind = CITADEL_KIND_FRAMEWORK_VERSION, .nsid = nsid };
    int32_t result;

    return exchange(c, &rq, NULL, &result) == PSA_SUCCESS ? (uint32_t)result : 0;
}

uint32_t citadel_conn_version(citadel_conn *c, int32_t nsid, uint32_t sid)
{
    citadel_request rq = { .kind = CITADEL_KIND_VERSION, .nsid = nsid, .target = sid };
    int32_t result;

    return exchange(c, &rq, NULL, &result) == PSA_SUCCESS ? (uint32_t)result : 0;
}

psa_handle_t citadel_conn_connect(citadel_conn *c, int32_t nsid, uint32_t sid,
                                  uint32_t version)
{
    citadel_request rq = { .kind = CITADEL_KIND_CONNECT, .nsid = nsid,
                           .target = sid, .version = version };
    int32_t result;
    psa_status_t st = exchange(c, &rq, NULL, &result);

    return st == PSA_SUCCESS ? result : st;
}

psa_status_t citadel_conn_call(citadel_conn *c, int32_t nsid, psa_handle_t handle,
                               int32_t type, const psa_invec *in_vec, size_t in_len,
                               psa_outvec *out_vec, size_t out_len)
{
    /* TF-M's NS-side and SPM checks that need no SPE: the caller gets
     * PSA_ERROR_PROGRAMMER_ERROR and nothing is sent. */
    if (type < PSA_CALL_TYPE_MIN || type > PSA_CALL_TYPE_MAX ||
        in_len > PSA_MAX_IOVEC || out_len > PSA_MAX_IOVEC ||
        in_len + out_len > PSA_MAX_IOVEC ||
        (in_vec == NULL && in_len > 0) || (out_vec == NULL && out_len > 0))
        return PSA_ERROR_PROGRAMMER_ERROR;
    for (size_t i = 0; i < in_len; i++)
        if (in_vec[i].base == NULL && in_vec[i].len > 0)
            return PSA_ERROR_PROGRAMMER_ERROR;
    for (size_t i = 0; i < out_len; i++)
        if (out_vec[i].base == NULL && out_vec[i].len > 0)
            return PSA_ERROR_PROGRAMMER_ERROR;

    citadel_request rq = { .kind = CITADEL_KIND_CALL, .nsid = nsid,
                           .target = (uint32_t)handle, .type = type,
                           .in = in_vec, .in_count = in_len,
                           .out = out_vec, .out_count = out_len };
    int32_t result;
    psa_status_t st = exchange(c, &rq, out_vec, &result);

    return st == PSA_SUCCESS ? result : st;
}

psa_status_t citadel_conn_close_handle(citadel_conn *c, int32_t nsid,
                                       psa_handle_t handle)
{
    citadel_request rq = { .kind = CITADEL_KIND_CLOSE, .nsid = nsid,
                           .target = (uint32_t)handle };
    int32_t result;

    return exchange(c, &rq, NULL, &result);
}
