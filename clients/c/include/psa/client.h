/*
 * FF-M 1.1 client API, as TF-M's interface/include/psa/client.h presents it
 * to non-secure callers. The functions are implemented by libcitadel-psa,
 * which forwards each call to a Citadel SPE over a Unix domain socket
 * (docs/wire-protocol.md; see citadel/transport.h to choose the socket).
 *
 * This header declares the same types as TF-M's client.h, so the two cannot
 * both be compiled into one translation unit; whichever is included first
 * wins (this one also defines TF-M's include guard).
 */
#if !defined(CITADEL_PSA_CLIENT_H) && !defined(__PSA_CLIENT_H__)
#define CITADEL_PSA_CLIENT_H
#define __PSA_CLIENT_H__

#include <stddef.h>
#include <stdint.h>

#include "psa/error.h"

#ifdef __cplusplus
extern "C" {
#endif

#define PSA_FRAMEWORK_VERSION   (0x0101u)   /* FF-M 1.1: bits 15:8 major, 7:0 minor */
#define PSA_VERSION_NONE        (0u)

#define PSA_NULL_HANDLE         ((psa_handle_t)0)
#define PSA_HANDLE_IS_VALID(handle)  ((psa_handle_t)(handle) > 0)
#define PSA_HANDLE_TO_ERROR(handle)  ((psa_status_t)(handle))

#define PSA_MAX_IOVEC           (4u)

#define PSA_IPC_CALL            (0)
#define PSA_CALL_TYPE_MIN       (0)
#define PSA_CALL_TYPE_MAX       (INT16_MAX)   /* TF-M packs the type into 16 bits */

typedef int32_t psa_handle_t;

typedef struct psa_invec {
    const void *base;
    size_t len;
} psa_invec;

typedef struct psa_outvec {
    void *base;
    size_t len;
} psa_outvec;

/* The FF-M version implemented by the SPE, or 0 if it cannot be reached. */
uint32_t psa_framework_version(void);

/* The version of the RoT Service sid, or PSA_VERSION_NONE. */
uint32_t psa_version(uint32_t sid);

/* A connection handle (> 0) or a negative psa_status_t. */
psa_handle_t psa_connect(uint32_t sid, uint32_t version);

/*
 * Calls the service behind handle (a connection or stateless handle).
 * out_vec[i].len is set to the bytes written by the service whenever the SPE
 * replied, whatever the status.
 */
psa_status_t psa_call(psa_handle_t handle, int32_t type,
                      const psa_invec *in_vec, size_t in_len,
                      psa_outvec *out_vec, size_t out_len);

/* Closes a connection handle; invalid handles are ignored. */
void psa_close(psa_handle_t handle);

#ifdef __cplusplus
}
#endif

#endif /* CITADEL_PSA_CLIENT_H */
