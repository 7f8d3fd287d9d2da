/*
 * Encoding and decoding of Citadel wire-protocol frames (docs/wire-protocol.md
 * §2-§4). Pure functions, no I/O; internal to libcitadel-psa and its tests.
 */
#ifndef CITADEL_FRAME_H
#define CITADEL_FRAME_H

#include <stddef.h>
#include <stdint.h>

#include "psa/client.h"

#define CITADEL_MAGIC            0x5443u        /* 'C' 'T' little-endian */
#define CITADEL_PROTOCOL_VERSION 1u
#define CITADEL_MAX_FRAME_LENGTH (1024u * 1024u)
#define CITADEL_REQ_HEADER       28u
#define CITADEL_REP_HEADER       16u

enum citadel_kind {
    CITADEL_KIND_PROTOCOL_ERROR    = 0,   /* replies only */
    CITADEL_KIND_FRAMEWORK_VERSION = 1,
    CITADEL_KIND_VERSION           = 2,
    CITADEL_KIND_CONNECT           = 3,
    CITADEL_KIND_CALL              = 4,
    CITADEL_KIND_CLOSE             = 5,
};

typedef struct {
    uint8_t kind;
    uint32_t seq;
    int32_t nsid;
    uint32_t target;            /* SID or handle */
    uint32_t version;
    int32_t type;
    const psa_invec *in;        /* CALL only; counts are at most PSA_MAX_IOVEC */
    size_t in_count;
    const psa_outvec *out;      /* out[i].len is the capacity sent */
    size_t out_count;
} citadel_request;

typedef struct {
    int32_t result;
    size_t out_count;
    uint32_t out_len[PSA_MAX_IOVEC];
    const uint8_t *payload[PSA_MAX_IOVEC];   /* point into the decoded body */
} citadel_reply;

/* Body length of the request; larger than CITADEL_MAX_FRAME_LENGTH (but never
 * wrapped round) when the vectors cannot be sent. */
uint64_t citadel_frame_request_len(const citadel_request *rq);

/* Largest reply body the request allows (16 + 4·out_count + Σ out_cap),
 * saturating in the same way. */
uint64_t citadel_frame_reply_max(const citadel_request *rq);

/* Writes the whole frame (4 + body_len bytes, body_len from
 * citadel_frame_request_len and within the limit) to frame. */
void citadel_frame_encode_request(uint8_t *frame, const citadel_request *rq,
                                  uint32_t body_len);

/* Decodes and validates a reply body against its request. 0 on success, -1 if
 * the reply breaks the protocol (the connection must then be dropped). */
int citadel_frame_decode_reply(const uint8_t *body, size_t len,
                               const citadel_request *rq, citadel_reply *rep);

static inline void citadel_put_le16(uint8_t *p, uint16_t v)
{
    p[0] = (uint8_t)v;
    p[1] = (uint8_t)(v >> 8);
}

static inline void citadel_put_le32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)v;
    p[1] = (uint8_t)(v >> 8);
    p[2] = (uint8_t)(v >> 16);
    p[3] = (uint8_t)(v >> 24);
}

static inline uint16_t citadel_get_le16(const uint8_t *p)
{
    return (uint16_t)(p[0] | p[1] << 8);
}

static inline uint32_t citadel_get_le32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
           (uint32_t)p[3] << 24;
}

#endif /* CITADEL_FRAME_H */
