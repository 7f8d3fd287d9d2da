/*
 * ECDSA P-256 C_Sign loop over any PKCS#11 module, for docs/benchmarks.md.
 *
 * usage: p11_sign_loop MODULE.so TOKEN-LABEL USER-PIN SECONDS ROUNDS
 *
 * Opens a R/W session on the token with that label, logs in, generates a session (CKA_TOKEN=FALSE) P-256 key
 * pair, then per round: C_SignInit(CKM_ECDSA) + C_Sign(32-byte hash) for SECONDS, and C_GetSessionInfo (one round
 * trip, no crypto) for SECONDS. One line per round:  sign_per_s=N roundtrip_per_s=M
 * The first signature is checked with C_Verify so a broken token cannot report a speed.
 */
#define _POSIX_C_SOURCE 200809L
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <p11-kit/pkcs11.h>

static CK_FUNCTION_LIST_PTR f;

static void check(CK_RV rv, const char *what) {
    if (rv != CKR_OK) {
        fprintf(stderr, "p11_sign_loop: %s failed: CKR 0x%lx\n", what, (unsigned long)rv);
        exit(1);
    }
}

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec / 1e9;
}

static CK_SLOT_ID find_slot(const char *label) {
    CK_ULONG n = 0;
    check(f->C_GetSlotList(CK_TRUE, NULL, &n), "C_GetSlotList");
    CK_SLOT_ID *slots = calloc(n ? n : 1, sizeof *slots);
    check(f->C_GetSlotList(CK_TRUE, slots, &n), "C_GetSlotList");
    size_t len = strlen(label);
    for (CK_ULONG i = 0; i < n; i++) {
        CK_TOKEN_INFO ti;
        check(f->C_GetTokenInfo(slots[i], &ti), "C_GetTokenInfo");
        if (len <= sizeof ti.label && memcmp(ti.label, label, len) == 0
                && (len == sizeof ti.label || ti.label[len] == ' ')) {
            CK_SLOT_ID s = slots[i];
            free(slots);
            return s;
        }
    }
    fprintf(stderr, "p11_sign_loop: no token labelled '%s'\n", label);
    exit(1);
}

int main(int argc, char **argv) {
    if (argc != 6) {
        fprintf(stderr, "usage: p11_sign_loop MODULE.so TOKEN-LABEL USER-PIN SECONDS ROUNDS\n");
        return 2;
    }
    void *lib = dlopen(argv[1], RTLD_NOW);
    if (!lib) {
        fprintf(stderr, "p11_sign_loop: %s\n", dlerror());
        return 1;
    }
    CK_C_GetFunctionList gfl = (CK_C_GetFunctionList)dlsym(lib, "C_GetFunctionList");
    if (!gfl) {
        fprintf(stderr, "p11_sign_loop: no C_GetFunctionList in %s\n", argv[1]);
        return 1;
    }
    check(gfl(&f), "C_GetFunctionList");
    CK_C_INITIALIZE_ARGS init = {0};
    init.flags = CKF_OS_LOCKING_OK;
    check(f->C_Initialize(&init), "C_Initialize");
    double seconds = atof(argv[4]);
    int rounds = atoi(argv[5]);

    CK_SESSION_HANDLE s;
    check(f->C_OpenSession(find_slot(argv[2]), CKF_SERIAL_SESSION | CKF_RW_SESSION, NULL, NULL, &s),
          "C_OpenSession");
    check(f->C_Login(s, CKU_USER, (CK_UTF8CHAR_PTR)argv[3], strlen(argv[3])), "C_Login");

    CK_BBOOL yes = CK_TRUE, no = CK_FALSE;
    CK_BYTE p256[] = {0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07};
    CK_ATTRIBUTE pub[] = {
        {CKA_TOKEN, &no, sizeof no}, {CKA_VERIFY, &yes, sizeof yes}, {CKA_EC_PARAMS, p256, sizeof p256}};
    CK_ATTRIBUTE priv[] = {
        {CKA_TOKEN, &no, sizeof no}, {CKA_SIGN, &yes, sizeof yes}, {CKA_PRIVATE, &yes, sizeof yes},
        {CKA_SENSITIVE, &yes, sizeof yes}};
    CK_MECHANISM gen = {CKM_EC_KEY_PAIR_GEN, NULL, 0};
    CK_OBJECT_HANDLE pubKey, privKey;
    check(f->C_GenerateKeyPair(s, &gen, pub, 3, priv, 4, &pubKey, &privKey), "C_GenerateKeyPair");

    CK_MECHANISM ecdsa = {CKM_ECDSA, NULL, 0};
    CK_BYTE hash[32];
    for (int i = 0; i < 32; i++) {
        hash[i] = (CK_BYTE)(i * 7 + 1);
    }
    CK_BYTE sig[128];
    CK_ULONG sigLen = sizeof sig;
    check(f->C_SignInit(s, &ecdsa, privKey), "C_SignInit");
    check(f->C_Sign(s, hash, sizeof hash, sig, &sigLen), "C_Sign");
    check(f->C_VerifyInit(s, &ecdsa, pubKey), "C_VerifyInit");
    check(f->C_Verify(s, hash, sizeof hash, sig, sigLen), "C_Verify");

    for (int r = 0; r < rounds; r++) {
        long n = 0;
        double t0 = now(), t;
        do {
            sigLen = sizeof sig;
            check(f->C_SignInit(s, &ecdsa, privKey), "C_SignInit");
            check(f->C_Sign(s, hash, sizeof hash, sig, &sigLen), "C_Sign");
            n++;
        } while ((t = now()) - t0 < seconds);
        double signRate = n / (t - t0);
        long m = 0;
        CK_SESSION_INFO info;
        t0 = now();
        do {
            check(f->C_GetSessionInfo(s, &info), "C_GetSessionInfo");
            m++;
        } while ((t = now()) - t0 < seconds);
        printf("sign_per_s=%.0f roundtrip_per_s=%.0f\n", signRate, m / (t - t0));
        fflush(stdout);
    }
    f->C_DestroyObject(s, privKey);
    f->C_DestroyObject(s, pubKey);
    f->C_CloseSession(s);
    f->C_Finalize(NULL);
    return 0;
}
