/*
 * Citadel socket transport for the PSA client API (docs/wire-protocol.md).
 *
 * The psa_* functions of psa/client.h use one default connection, shared by
 * all threads of the process and serialised by a mutex around each
 * request/reply exchange (as TF-M serialises NS calls with one NS mutex).
 * Programs that need calls in parallel open further connections with
 * citadel_conn_open() and call through them explicitly.
 *
 * A connection that breaks (EOF, I/O error, malformed reply) is closed and the
 * call returns PSA_ERROR_COMMUNICATION_FAILURE; the next call reconnects.
 * Connection handles opened through the old socket are gone: the SPE closes
 * them when the socket closes.
 */
#ifndef CITADEL_TRANSPORT_H
#define CITADEL_TRANSPORT_H

#include <stddef.h>
#include <stdint.h>

#include "psa/client.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Environment variable naming the SPE socket when citadel_transport_open()
 * was not called. */
#define CITADEL_SOCKET_ENV      "CITADEL_SOCKET"

/* NS client IDs (NSIDs) a request may carry, as TF-M's NSCE accepts them. */
#define CITADEL_NSID_DEFAULT    (-1)
#define CITADEL_NSID_MIN        (-65536)

/*
 * Points the default connection at socket_path (NULL: $CITADEL_SOCKET) and
 * connects now, closing any previous default connection. Returns PSA_SUCCESS,
 * or PSA_ERROR_COMMUNICATION_FAILURE if the connect failed (the path is kept
 * and later calls retry).
 */
psa_status_t citadel_transport_open(const char *socket_path);

/* Closes the default connection and forgets its path; a later PSA call falls
 * back to $CITADEL_SOCKET. */
void citadel_transport_close(void);

/*
 * Sets the NSID sent with the calling thread's following psa_* requests
 * (thread-local, initially -1), like tfm_nsce_load_ctx(). Returns 0, or -1
 * without changing anything if nsid is outside [-65536, -1].
 */
int32_t citadel_set_nsid(int32_t nsid);
int32_t citadel_get_nsid(void);

/* ---- Explicit connections ---------------------------------------------- */

typedef struct citadel_conn citadel_conn;

/* Connects to socket_path (NULL: $CITADEL_SOCKET). NULL on failure, errno set. */
citadel_conn *citadel_conn_open(const char *socket_path);

/* Closes the socket (the SPE closes the handles opened through it) and frees
 * conn. Must not race with calls on conn. NULL is ignored. */
void citadel_conn_close(citadel_conn *conn);

/*
 * The PSA client API over conn (NULL: the default connection), for the NS
 * client nsid. nsid is sent as given: the SPE answers an NSID outside
 * [-65536, -1] with PSA_ERROR_PROGRAMMER_ERROR (or 0 for version queries).
 */
uint32_t citadel_conn_framework_version(citadel_conn *conn, int32_t nsid);
uint32_t citadel_conn_version(citadel_conn *conn, int32_t nsid, uint32_t sid);
psa_handle_t citadel_conn_connect(citadel_conn *conn, int32_t nsid,
                                  uint32_t sid, uint32_t version);
psa_status_t citadel_conn_call(citadel_conn *conn, int32_t nsid,
                               psa_handle_t handle, int32_t type,
                               const psa_invec *in_vec, size_t in_len,
                               psa_outvec *out_vec, size_t out_len);
/* psa_close(); returns PSA_SUCCESS once the SPE acknowledged the request,
 * whether or not handle was valid, or the transport failure. */
psa_status_t citadel_conn_close_handle(citadel_conn *conn, int32_t nsid,
                                       psa_handle_t handle);

#ifdef __cplusplus
}
#endif

#endif /* CITADEL_TRANSPORT_H */
