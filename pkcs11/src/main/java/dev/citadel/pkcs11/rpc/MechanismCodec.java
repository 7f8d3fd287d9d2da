package dev.citadel.pkcs11.rpc;

import dev.citadel.pkcs11.CkMechanism;
import dev.citadel.pkcs11.Ckm;
import dev.citadel.pkcs11.MechanismParams;
import java.nio.ByteBuffer;
import java.util.Set;

/**
 * {@code CK_MECHANISM} on p11-kit's wire ({@code M}), in its two forms. The form follows the version the client
 * <em>offered</em>: p11-kit 0.25.6+ clients (version 2) write the new form whatever the server answered.
 * <ul>
 * <li>v0 (p11-kit 0.24.1 to 0.25.5): u32 type, then for {@code CKM_RSA_PKCS_PSS} three u64, for
 * {@code CKM_RSA_PKCS_OAEP} three u64 and a byte array, for every other type a byte array ({@code ffffffff} = no
 * parameter).
 * <li>v2: u32 type ({@code ffffffff} alone = a NULL mechanism); nothing more for the types on p11-kit's
 * "no parameters" list; otherwise a has-parameter byte and, when 1, the per-type serializer.
 * </ul>
 */
final class MechanismCodec {
    /** v2's NULL {@code CK_MECHANISM_PTR} marker. */
    static final long NULL_MECHANISM = 0xffffffffL;

    /** p11-kit 0.26's {@code mechanism_has_no_parameters} list (standard types; its IBM vendor types omitted). */
    private static final Set<Long> V2_NO_PARAMETERS = Set.of(
            0x0L, 0xAL, 0x1L, 0x2L, 0x3L, 0xBL, 0x4L, 0x5L, 0x6L, 0x46L, 0x40L, 0x41L, 0x42L, 0x7L, 0x8L, 0xCL,
            0x10L, 0x2000L, 0x11L, 0x12L, 0x1020L, 0x1040L, 0x1041L, 0x1042L, 0x1043L, 0x1044L, 0x1045L, 0x1046L,
            0x20L, 0x2001L, 0x30L, 0x2002L, 0x1010L, 0x350L, 0x100L, 0x110L, 0x111L, 0x330L, 0x1080L, 0x1081L,
            0x1083L, 0x108AL, 0x120L, 0x130L, 0x131L, 0x140L, 0x300L, 0x310L, 0x320L, 0x340L, 0x370L, 0x374L,
            0x1000L, 0x1030L, 0x1060L, 0x101L, 0x121L, 0x132L, 0x141L, 0x301L, 0x311L, 0x321L, 0x331L, 0x341L,
            0x103L, 0x123L, 0x134L, 0x138L, 0x143L, 0x303L, 0x313L, 0x333L, 0x343L, 0x380L, 0x381L, 0x1008L, 0x1036L,
            0x1065L, 0x200L, 0x201L, 0x210L, 0x211L, 0x220L, 0x221L, 0x392L, 0x255L, 0x256L, 0x396L, 0x250L, 0x251L,
            0x393L, 0x260L, 0x261L, 0x394L, 0x270L, 0x271L, 0x395L, 0x50L, 0x51L, 0x53L, 0x48L, 0x49L, 0x4BL, 0x4CL,
            0x4DL, 0x4FL, 0x1070L, 0x230L, 0x231L, 0x240L, 0x241L, 0x400L);
    private static final Set<Long> PSS = Set.of(Ckm.RSA_PKCS_PSS, Ckm.SHA1_RSA_PKCS_PSS, Ckm.SHA224_RSA_PKCS_PSS,
            Ckm.SHA256_RSA_PKCS_PSS, Ckm.SHA384_RSA_PKCS_PSS, Ckm.SHA512_RSA_PKCS_PSS);
    /** v2's 16-byte IV parameter (AES CBC, CBC_PAD, OFB, CFB*, CTS). */
    private static final Set<Long> AES_IV = Set.of(Ckm.AES_CBC, Ckm.AES_CBC_PAD, 0x2104L, 0x2108L, 0x2106L,
            0x2105L, 0x2107L, 0x1089L);
    /** v2's {@code CK_MAC_GENERAL_PARAMS} (one u64), carried on as eight big-endian bytes. */
    private static final Set<Long> MAC_GENERAL = Set.of(0x222L, 0x257L, Ckm.SHA256_HMAC_GENERAL, 0x262L, 0x272L,
            0x4AL, 0x4EL, 0x1084L, 0x108BL, 0x135L, 0x137L);

    private MechanismCodec() {}

    /** Reads an {@code M}; {@code null} is v2's NULL mechanism. */
    static CkMechanism read(Cursor in, int offeredVersion) throws WireException {
        long type = in.u32();
        if (offeredVersion < 2) {
            if (type == Ckm.RSA_PKCS_PSS) {
                return new CkMechanism(type, new MechanismParams.RsaPss(in.u64(), in.u64(), in.u64()));
            }
            if (type == Ckm.RSA_PKCS_OAEP) {
                return new CkMechanism(type, oaep(in));
            }
            byte[] p = in.byteArray();
            return new CkMechanism(type, p == null ? MechanismParams.NONE : new MechanismParams.Bytes(p));
        }
        if (type == NULL_MECHANISM) {
            return null;
        }
        if (V2_NO_PARAMETERS.contains(type)) {
            return CkMechanism.of(type);
        }
        int has = in.u8();
        if (has == 0) {
            return CkMechanism.of(type);
        }
        if (has != 1) {
            throw new WireException("mechanism has-parameter byte " + has);
        }
        MechanismParams p;
        if (PSS.contains(type)) {
            p = new MechanismParams.RsaPss(in.u64(), in.u64(), in.u64());
        } else if (type == Ckm.RSA_PKCS_OAEP) {
            p = oaep(in);
        } else if (type == Ckm.ECDH1_DERIVE) {
            long kdf = in.u64();
            p = new MechanismParams.Ecdh1Derive(kdf, orEmpty(in.byteArray()), orEmpty(in.byteArray()));
        } else if (type == Ckm.AES_GCM) {
            byte[] iv = orEmpty(in.byteArray());
            long ivBits = in.u64();
            byte[] aad = orEmpty(in.byteArray());
            p = new MechanismParams.Gcm(iv, ivBits, aad, in.u64());
        } else if (AES_IV.contains(type)) {
            byte[] iv = in.byteArray();
            if (iv == null || iv.length != 16) {
                throw new WireException("AES IV parameter of the wrong size");
            }
            p = new MechanismParams.Bytes(iv);
        } else if (MAC_GENERAL.contains(type)) {
            p = new MechanismParams.Bytes(ByteBuffer.allocate(8).putLong(in.u64()).array());
        } else if (type == Ckm.AES_CTR) {
            long bits = in.u64();
            byte[] cb = in.byteArray();
            if (cb == null || cb.length != 16) {
                throw new WireException("AES CTR counter block of the wrong size");
            }
            p = new MechanismParams.Bytes(ByteBuffer.allocate(24).putLong(bits).put(cb).array());
        } else {
            byte[] b = in.byteArray();
            p = b == null ? MechanismParams.NONE : new MechanismParams.Bytes(b);
        }
        return new CkMechanism(type, p);
    }

    /** Writes an {@code M} as a client of {@code version} would (the tests' client side). */
    static void write(Sink out, CkMechanism m, int version) {
        out.u32(m.type());
        MechanismParams p = m.params();
        if (version < 2) {
            if (p instanceof MechanismParams.RsaPss pss) {
                pss(out, pss);
            } else if (p instanceof MechanismParams.RsaOaep o) {
                oaep(out, o);
            } else if (p instanceof MechanismParams.Bytes b) {
                out.byteArray(b.value());
            } else if (p instanceof MechanismParams.None) {
                out.byteArray(null);
            } else {
                throw new IllegalArgumentException("no version 0 form for " + p.getClass().getSimpleName());
            }
            return;
        }
        if (V2_NO_PARAMETERS.contains(m.type())) {
            return;
        }
        if (p instanceof MechanismParams.None) {
            out.u8(0);
            return;
        }
        out.u8(1);
        if (p instanceof MechanismParams.RsaPss pss) {
            pss(out, pss);
        } else if (p instanceof MechanismParams.RsaOaep o) {
            oaep(out, o);
        } else if (p instanceof MechanismParams.Ecdh1Derive e) {
            out.u64(e.kdf());
            out.byteArray(e.sharedData());
            out.byteArray(e.publicData());
        } else if (p instanceof MechanismParams.Gcm g) {
            out.byteArray(g.iv());
            out.u64(g.ivBits());
            out.byteArray(g.aad());
            out.u64(g.tagBits());
        } else if (p instanceof MechanismParams.Bytes b) {
            out.byteArray(b.value());
        }
    }

    private static MechanismParams.RsaOaep oaep(Cursor in) throws WireException {
        long hash = in.u64();
        long mgf = in.u64();
        long source = in.u64();
        return new MechanismParams.RsaOaep(hash, mgf, source, orEmpty(in.byteArray()));
    }

    private static void pss(Sink out, MechanismParams.RsaPss p) {
        out.u64(p.hashAlg());
        out.u64(p.mgf());
        out.u64(p.saltLength());
    }

    private static void oaep(Sink out, MechanismParams.RsaOaep o) {
        out.u64(o.hashAlg());
        out.u64(o.mgf());
        out.u64(o.source());
        byte[] d = o.sourceData();
        out.byteArray(d.length == 0 ? null : d);
    }

    private static byte[] orEmpty(byte[] b) {
        return b == null ? new byte[0] : b;
    }
}
