/*
 * The FF-M client API (psa/client.h) over the default connection, with the
 * calling thread's NSID (the socket form of TF-M's NS client extension).
 */
#include "citadel/transport.h"

/* Each thread is its own NS client context, as an RTOS task is under NSCE. */
static _Thread_local int32_t thread_nsid = CITADEL_NSID_DEFAULT;

int32_t citadel_set_nsid(int32_t nsid)
{
    if (nsid < CITADEL_NSID_MIN || nsid > -1)
        return -1;
    thread_nsid = nsid;
    return 0;
}

int32_t citadel_get_nsid(void)
{
    return thread_nsid;
}

uint32_t psa_framework_version(void)
{
    return citadel_conn_framework_version(NULL, thread_nsid);
}

uint32_t psa_version(uint32_t sid)
{
    return citadel_conn_version(NULL, thread_nsid, sid);
}

psa_handle_t psa_connect(uint32_t sid, uint32_t version)
{
    return citadel_conn_connect(NULL, thread_nsid, sid, version);
}

psa_status_t psa_call(psa_handle_t handle, int32_t type,
                      const psa_invec *in_vec, size_t in_len,
                      psa_outvec *out_vec, size_t out_len)
{
    return citadel_conn_call(NULL, thread_nsid, handle, type,
                             in_vec, in_len, out_vec, out_len);
}

void psa_close(psa_handle_t handle)
{
    /* psa_close() returns nothing, so a transport failure is dropped too. */
    (void)citadel_conn_close_handle(NULL, thread_nsid, handle);
}
