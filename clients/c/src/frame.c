#include "frame.h"

#include <string.h>

/* Clamp a size_t length to just above the frame limit, so that sums of up to
 * a few of them fit in 64 bits and stay above the limit if any is too big. */
static uint64_t clamp(size_t len)
{
    return len > CITADEL_MAX_FRAME_LENGTH ? (uint64_t)CITADEL_MAX_FRAME_LENGTH + 1
                                          : (uint64_t)len;
}

uint64_t citadel_frame_request_len(const citadel_request *rq)
{
    uint64_t n = CITADEL_REQ_HEADER + 4u * (rq->in_count + rq->out_count);
    for (size_t i = 0; i < rq->in_count; i++)
        n += clamp(rq->in[i].len);
    return n;
}

uint64_t citadel_frame_reply_max(const citadel_request *rq)
{
    uint64_t n = CITADEL_REP_HEADER + 4u * rq->out_count;
    for (size_t i = 0; i < rq->out_count; i++)
        n += clamp(rq->out[i].len);
    return n;
}

void citadel_frame_encode_request(uint8_t *frame, const citadel_request *rq,
                                  uint32_t body_len)
{
    uint8_t *p = frame;

    citadel_put_le32(p, body_len);
    citadel_put_le16(p + 4, CITADEL_MAGIC);
    p[6] = CITADEL_PROTOCOL_VERSION;
    p[7] = rq->kind;
    citadel_put_le32(p + 8, rq->seq);
    citadel_put_le32(p + 12, (uint32_t)rq->nsid);
    citadel_put_le32(p + 16, rq->target);
    citadel_put_le32(p + 20, rq->version);
    citadel_put_le32(p + 24, (uint32_t)rq->type);
    p[28] = (uint8_t)rq->in_count;
    p[29] = (uint8_t)rq->out_count;
    p[30] = p[31] = 0;
    p += 4 + CITADEL_REQ_HEADER;

    for (size_t i = 0; i < rq->in_count; i++, p += 4)
        citadel_put_le32(p, (uint32_t)rq->in[i].len);
    for (size_t i = 0; i < rq->out_count; i++, p += 4)
        citadel_put_le32(p, (uint32_t)rq->out[i].len);
    for (size_t i = 0; i < rq->in_count; i++) {
        if (rq->in[i].len > 0)
            memcpy(p, rq->in[i].base, rq->in[i].len);
        p += rq->in[i].len;
    }
}

int citadel_frame_decode_reply(const uint8_t *body, size_t len,
                               const citadel_request *rq, citadel_reply *rep)
{
    size_t expect_out = rq->kind == CITADEL_KIND_CALL ? rq->out_count : 0;

    /* A protocol-error reply (kind 0) also fails the kind check: the client
     * never sends anything the SPE should refuse, so it is treated as a broken
     * connection like any other surprise. */
    if (len < CITADEL_REP_HEADER || len > CITADEL_MAX_FRAME_LENGTH ||
        citadel_get_le16(body) != CITADEL_MAGIC ||
        body[2] != CITADEL_PROTOCOL_VERSION || body[3] != rq->kind ||
        citadel_get_le32(body + 4) != rq->seq || body[12] != expect_out ||
        body[13] != 0 || body[14] != 0 || body[15] != 0)
        return -1;

    rep->result = (int32_t)citadel_get_le32(body + 8);
    rep->out_count = expect_out;
    /* A connect yields a handle > 0 or an error < 0, never the null handle. */
    if (rq->kind == CITADEL_KIND_CONNECT && rep->result == 0)
        return -1;

    size_t pos = CITADEL_REP_HEADER + 4 * expect_out;
    if (len < pos)
        return -1;
    for (size_t i = 0; i < expect_out; i++) {
        uint32_t n = citadel_get_le32(body + CITADEL_REP_HEADER + 4 * i);
        if (n > rq->out[i].len || n > len - pos)
            return -1;
        rep->out_len[i] = n;
        rep->payload[i] = body + pos;
        pos += n;
    }
    return pos == len ? 0 : -1;
}
