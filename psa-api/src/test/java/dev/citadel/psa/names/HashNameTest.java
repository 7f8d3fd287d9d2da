package dev.citadel.psa.names;

import static org.assertj.core.api.Assertions.assertThat;

import dev.citadel.psa.crypto.Algorithm;
import java.security.MessageDigest;
import java.util.Map;
import java.util.OptionalInt;
import java.util.OptionalLong;
import javax.crypto.Mac;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class HashNameTest {
    /** COSE hash algorithm identifiers, RFC 9054 §2 (IANA "COSE Algorithms"). */
    private static final Map<HashName, Integer> RFC_9054 = Map.of(
            HashName.SHA_1, -14, HashName.SHA_256, -16, HashName.SHA_512_256, -17, HashName.SHA_384, -43,
            HashName.SHA_512, -44);

    /** {@code CKM_SHA_1}, {@code CKM_SHA224}, ... from PKCS#11 2.40's pkcs11t.h. */
    private static final Map<HashName, Long> PKCS11_CKM = Map.of(
            HashName.SHA_1, 0x220L, HashName.SHA_224, 0x255L, HashName.SHA_256, 0x250L, HashName.SHA_384, 0x260L,
            HashName.SHA_512, 0x270L);

    /** {@code CKG_MGF1_SHA1} ... from PKCS#11 2.40's pkcs11t.h. */
    private static final Map<HashName, Long> PKCS11_MGF1 = Map.of(
            HashName.SHA_1, 1L, HashName.SHA_256, 2L, HashName.SHA_384, 3L, HashName.SHA_512, 4L,
            HashName.SHA_224, 5L);

    /** {@code PSA_ALG_SHA_*} values from the PSA Crypto API 1.2, §10.2. */
    private static final Map<HashName, Integer> PSA = Map.ofEntries(
            Map.entry(HashName.SHA_1, 0x02000005), Map.entry(HashName.SHA_224, 0x02000008),
            Map.entry(HashName.SHA_256, 0x02000009), Map.entry(HashName.SHA_384, 0x0200000A),
            Map.entry(HashName.SHA_512, 0x0200000B), Map.entry(HashName.SHA_512_224, 0x0200000C),
            Map.entry(HashName.SHA_512_256, 0x0200000D), Map.entry(HashName.SHA3_224, 0x02000010),
            Map.entry(HashName.SHA3_256, 0x02000011), Map.entry(HashName.SHA3_384, 0x02000012),
            Map.entry(HashName.SHA3_512, 0x02000013));

    @ParameterizedTest
    @EnumSource(HashName.class)
    void theLengthIsTheJdkDigestLength(HashName h) throws Exception {
        assertThat(h.length()).isEqualTo(MessageDigest.getInstance(h.jcaName()).getDigestLength());
    }

    @ParameterizedTest
    @EnumSource(HashName.class)
    void theOidNamesTheSameDigestInTheJdk(HashName h) {
        assertThat(Jdk.serviceByOid("MessageDigest", h.oid())).hasValue(h.jcaName());
    }

    @ParameterizedTest
    @EnumSource(HashName.class)
    void theHmacNameIsAJdkMacOfTheHashLength(HashName h) throws Exception {
        assertThat(Mac.getInstance(h.hmacJcaName()).getMacLength()).isEqualTo(h.length());
    }

    @ParameterizedTest
    @EnumSource(HashName.class)
    void thePsaAlgorithmHasTheSpecValue(HashName h) {
        assertThat(h.psa().value()).isEqualTo(PSA.get(h));
    }

    @ParameterizedTest
    @EnumSource(HashName.class)
    void theCoseIdIsRfc9054sWhereOneIsAssigned(HashName h) {
        Integer expected = RFC_9054.get(h);
        assertThat(h.cose()).isEqualTo(expected == null ? OptionalInt.empty() : OptionalInt.of(expected));
    }

    @ParameterizedTest
    @EnumSource(HashName.class)
    void thePkcs11ValuesArePkcs11s(HashName h) {
        Long ckm = PKCS11_CKM.get(h);
        Long mgf1 = PKCS11_MGF1.get(h);
        assertThat(h.ckm()).isEqualTo(ckm == null ? OptionalLong.empty() : OptionalLong.of(ckm));
        assertThat(h.mgf1()).isEqualTo(mgf1 == null ? OptionalLong.empty() : OptionalLong.of(mgf1));
    }

    @ParameterizedTest
    @EnumSource(HashName.class)
    void everyIdentityLeadsBackToTheRow(HashName h) {
        assertThat(HashName.byPsa(h.psa())).hasValue(h);
        assertThat(HashName.byName(h.jcaName())).hasValue(h);
        assertThat(HashName.byOid(h.oid())).hasValue(h);
        h.cose().ifPresent(id -> assertThat(HashName.byCose(id)).hasValue(h));
        h.ckm().ifPresent(ckm -> assertThat(HashName.byCkm(ckm)).hasValue(h));
        h.mgf1().ifPresent(mgf -> assertThat(HashName.byMgf1(mgf)).hasValue(h));
    }

    @Test
    void namesMatchInAnyCaseAndByTheirShortAlias() {
        assertThat(HashName.byName("sha-384")).hasValue(HashName.SHA_384);
        assertThat(HashName.byName("SHA256")).hasValue(HashName.SHA_256);
        assertThat(HashName.byName("sha512")).hasValue(HashName.SHA_512);
    }

    @Test
    void unknownNamesGiveEmpty() {
        assertThat(HashName.byName("MD5")).isEmpty();
        assertThat(HashName.byName(null)).isEmpty();
        assertThat(HashName.byName("")).isEmpty();
        assertThat(HashName.byOid("1.2.840.113549.2.5")).isEmpty(); // MD5
        assertThat(HashName.byPsa(Algorithm.MD5)).isEmpty();
        assertThat(HashName.byPsa(Algorithm.ANY_HASH)).isEmpty();
        assertThat(HashName.byCose(-18)).isEmpty(); // SHAKE128
        assertThat(HashName.byCose(0)).isEmpty();
        assertThat(HashName.byCkm(0x210)).isEmpty(); // CKM_MD5
        assertThat(HashName.byCkm(-1)).isEmpty();
        assertThat(HashName.byMgf1(0)).isEmpty();
        assertThat(HashName.byMgf1(-1)).isEmpty();
    }
}
