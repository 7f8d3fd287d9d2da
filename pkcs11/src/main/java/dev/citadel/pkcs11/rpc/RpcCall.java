package dev.citadel.pkcs11.rpc;

/**
 * The calls of p11-kit's RPC protocol version 0 (p11-kit 0.24.1, {@code p11_rpc_calls[]}): the one table of call ids,
 * names, and the request and reply signatures that both sides compare byte for byte. {@link #ERROR} is the reply
 * that carries a {@code CK_RV} in place of a call's own reply.
 */
public enum RpcCall {
    ERROR(0, "ERROR", "", "u"),
    C_INITIALIZE(1, "C_Initialize", "ayyay", ""),
    C_FINALIZE(2, "C_Finalize", "", ""),
    C_GET_INFO(3, "C_GetInfo", "", "vsusv"),
    C_GET_SLOT_LIST(4, "C_GetSlotList", "yfu", "au"),
    C_GET_SLOT_INFO(5, "C_GetSlotInfo", "u", "ssuvv"),
    C_GET_TOKEN_INFO(6, "C_GetTokenInfo", "u", "ssssuuuuuuuuuuuvvs"),
    C_GET_MECHANISM_LIST(7, "C_GetMechanismList", "ufu", "au"),
    C_GET_MECHANISM_INFO(8, "C_GetMechanismInfo", "uu", "uuu"),
    C_INIT_TOKEN(9, "C_InitToken", "uayz", ""),
    C_OPEN_SESSION(10, "C_OpenSession", "uu", "u"),
    C_CLOSE_SESSION(11, "C_CloseSession", "u", ""),
    C_CLOSE_ALL_SESSIONS(12, "C_CloseAllSessions", "u", ""),
    C_GET_SESSION_INFO(13, "C_GetSessionInfo", "u", "uuuu"),
    C_INIT_PIN(14, "C_InitPIN", "uay", ""),
    C_SET_PIN(15, "C_SetPIN", "uayay", ""),
    C_GET_OPERATION_STATE(16, "C_GetOperationState", "ufy", "ay"),
    C_SET_OPERATION_STATE(17, "C_SetOperationState", "uayuu", ""),
    C_LOGIN(18, "C_Login", "uuay", ""),
    C_LOGOUT(19, "C_Logout", "u", ""),
    C_CREATE_OBJECT(20, "C_CreateObject", "uaA", "u"),
    C_COPY_OBJECT(21, "C_CopyObject", "uuaA", "u"),
    C_DESTROY_OBJECT(22, "C_DestroyObject", "uu", ""),
    C_GET_OBJECT_SIZE(23, "C_GetObjectSize", "uu", "u"),
    C_GET_ATTRIBUTE_VALUE(24, "C_GetAttributeValue", "uufA", "aAu"),
    C_SET_ATTRIBUTE_VALUE(25, "C_SetAttributeValue", "uuaA", ""),
    C_FIND_OBJECTS_INIT(26, "C_FindObjectsInit", "uaA", ""),
    C_FIND_OBJECTS(27, "C_FindObjects", "ufu", "au"),
    C_FIND_OBJECTS_FINAL(28, "C_FindObjectsFinal", "u", ""),
    C_ENCRYPT_INIT(29, "C_EncryptInit", "uMu", ""),
    C_ENCRYPT(30, "C_Encrypt", "uayfy", "ay"),
    C_ENCRYPT_UPDATE(31, "C_EncryptUpdate", "uayfy", "ay"),
    C_ENCRYPT_FINAL(32, "C_EncryptFinal", "ufy", "ay"),
    C_DECRYPT_INIT(33, "C_DecryptInit", "uMu", ""),
    C_DECRYPT(34, "C_Decrypt", "uayfy", "ay"),
    C_DECRYPT_UPDATE(35, "C_DecryptUpdate", "uayfy", "ay"),
    C_DECRYPT_FINAL(36, "C_DecryptFinal", "ufy", "ay"),
    C_DIGEST_INIT(37, "C_DigestInit", "uM", ""),
    C_DIGEST(38, "C_Digest", "uayfy", "ay"),
    C_DIGEST_UPDATE(39, "C_DigestUpdate", "uay", ""),
    C_DIGEST_KEY(40, "C_DigestKey", "uu", ""),
    C_DIGEST_FINAL(41, "C_DigestFinal", "ufy", "ay"),
    C_SIGN_INIT(42, "C_SignInit", "uMu", ""),
    C_SIGN(43, "C_Sign", "uayfy", "ay"),
    C_SIGN_UPDATE(44, "C_SignUpdate", "uay", ""),
    C_SIGN_FINAL(45, "C_SignFinal", "ufy", "ay"),
    C_SIGN_RECOVER_INIT(46, "C_SignRecoverInit", "uMu", ""),
    C_SIGN_RECOVER(47, "C_SignRecover", "uayfy", "ay"),
    C_VERIFY_INIT(48, "C_VerifyInit", "uMu", ""),
    C_VERIFY(49, "C_Verify", "uayay", ""),
    C_VERIFY_UPDATE(50, "C_VerifyUpdate", "uay", ""),
    C_VERIFY_FINAL(51, "C_VerifyFinal", "uay", ""),
    C_VERIFY_RECOVER_INIT(52, "C_VerifyRecoverInit", "uMu", ""),
    C_VERIFY_RECOVER(53, "C_VerifyRecover", "uayfy", "ay"),
    C_DIGEST_ENCRYPT_UPDATE(54, "C_DigestEncryptUpdate", "uayfy", "ay"),
    C_DECRYPT_DIGEST_UPDATE(55, "C_DecryptDigestUpdate", "uayfy", "ay"),
    C_SIGN_ENCRYPT_UPDATE(56, "C_SignEncryptUpdate", "uayfy", "ay"),
    C_DECRYPT_VERIFY_UPDATE(57, "C_DecryptVerifyUpdate", "uayfy", "ay"),
    C_GENERATE_KEY(58, "C_GenerateKey", "uMaA", "u"),
    C_GENERATE_KEY_PAIR(59, "C_GenerateKeyPair", "uMaAaA", "uu"),
    C_WRAP_KEY(60, "C_WrapKey", "uMuufy", "ay"),
    C_UNWRAP_KEY(61, "C_UnwrapKey", "uMuayaA", "u"),
    C_DERIVE_KEY(62, "C_DeriveKey", "uMuaA", "u"),
    C_SEED_RANDOM(63, "C_SeedRandom", "uay", ""),
    C_GENERATE_RANDOM(64, "C_GenerateRandom", "ufy", "ay"),
    C_WAIT_FOR_SLOT_EVENT(65, "C_WaitForSlotEvent", "u", "u");

    private static final RpcCall[] BY_ID = values();

    private final int id;
    private final String functionName;
    private final String request;
    private final String response;

    RpcCall(int id, String functionName, String request, String response) {
        this.id = id;
        this.functionName = functionName;
        this.request = request;
        this.response = response;
    }

    /** The call id on the wire. */
    public int id() {
        return id;
    }

    /** The PKCS#11 function's name, e.g. {@code C_Sign}. */
    public String functionName() {
        return functionName;
    }

    /** The request's signature, e.g. {@code "uayfy"}. */
    public String request() {
        return request;
    }

    /** The reply's signature. */
    public String response() {
        return response;
    }

    /** The call with this id, or {@code null} for an id outside the version 0 set. */
    public static RpcCall byId(long id) {
        return id >= 0 && id < BY_ID.length ? BY_ID[(int) id] : null;
    }
}
