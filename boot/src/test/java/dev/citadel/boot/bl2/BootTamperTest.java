package dev.citadel.boot.bl2;

import static org.assertj.core.api.Assertions.assertThat;

import dev.citadel.boot.image.ImageDependency;
import dev.citadel.boot.image.ImageVersion;
import dev.citadel.hal.nv.NvCounterId;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** What BL2 refuses: bad upgrades are not installed and the running image keeps booting. */
class BootTamperTest {
    private final BootRig rig = new BootRig(Bl2Config.defaults());
    private final byte[] old0;
    private final byte[] old1;

    BootTamperTest() throws Exception {
        old0 = BootRig.image("1.0.0", 1, 2000, 1);
        old1 = BootRig.image("1.0.0", 1, 2000, 2);
        rig.install(rig.primary(0), old0);
        rig.install(rig.primary(1), old1);
        assertThat(rig.boot().allVerified()).isTrue();
    }

    private void offer(int image, byte[] img) throws Exception {
        rig.install(rig.secondary(image), img);
        rig.bl2().trailer().setPending(rig.secondary(image), image, false);
    }

    private byte[] running(BootResult r, int image) {
        return ((ImageBoot.Verified) r.image(image)).bytes();
    }

    private boolean secondaryErased() throws Exception {
        byte[] b = rig.secondary(0).read(0, BootRig.SLOT);
        return dev.citadel.boot.flash.FlashArea.isErased(b);
    }

    @Test
    void aTamperedSecondaryIsErasedAndThePrimaryStillBoots() throws Exception {
        byte[] bad = BootRig.image("1.1.0", 2, 2000, 3);
        bad[0x300] ^= 0x01;
        offer(0, bad);
        BootResult r = rig.boot();
        assertThat(running(r, 0)).isEqualTo(old0);
        assertThat(secondaryErased()).isTrue();
        assertThat(String.join("\n", r.log())).contains("HASH_MISMATCH").contains("FAIL");
    }

    @Test
    void aSecondarySignedByAnotherKeyIsErased() throws Exception {
        offer(0, BootRig.image(BootRig.OTHER_KEY, "1.1.0", 2, 2000, 3));
        BootResult r = rig.boot();
        assertThat(running(r, 0)).isEqualTo(old0);
        assertThat(secondaryErased()).isTrue();
        assertThat(String.join("\n", r.log())).contains("KEY_NOT_ALLOWED");
    }

    @Test
    void aSecurityCounterBelowTheStoredOneIsRefused() throws Exception {
        rig.counters().set(NvCounterId.BL2_0, 5);
        offer(0, BootRig.image("2.0.0", 4, 2000, 3));
        BootResult r = rig.boot();
        assertThat(secondaryErased()).isTrue();
        assertThat(String.join("\n", r.log())).contains("security counter 4 is below the stored 5");
        // the primary's own counter (1) is now below the stored one too: it is refused, not erased
        assertThat(r.image(0)).isInstanceOf(ImageBoot.Refused.class);
        assertThat(((ImageBoot.Refused) r.image(0)).reason()).contains("below the stored 5");
        assertThat(rig.holds(rig.primary(0), old0)).isTrue();
        assertThat(rig.counters().read(NvCounterId.BL2_0)).isEqualTo(5);
    }

    @Test
    void anImageWithoutSecurityCounterIsRefusedWithRollbackProtectionOn() throws Exception {
        var o = dev.citadel.boot.image.SignOptions.builder().key(BootRig.KEY).publicKeyFull(true)
                .version(ImageVersion.parse("1.1.0")).headerSize(0x200).padHeader(true).slotSize(BootRig.SLOT)
                .maxSectors(16).build();
        byte[] noCounter = new dev.citadel.boot.image.ImageSigner(new java.security.SecureRandom()).sign(new byte[100], o);
        offer(0, noCounter);
        BootResult r = rig.boot();
        assertThat(running(r, 0)).isEqualTo(old0);
        assertThat(String.join("\n", r.log())).contains("no security counter");
    }

    @Test
    void aDowngradeIsRefusedWithDowngradePreventionOnAndInstalledWithItOff() throws Exception {
        byte[] older = BootRig.image("0.9.0", 1, 2000, 3);
        offer(0, older);
        rig.config = Bl2Config.defaults().withDowngradePrevention(DowngradePrevention.VERSION);
        BootResult r = rig.boot();
        assertThat(running(r, 0)).isEqualTo(old0);
        assertThat(secondaryErased()).isTrue();
        assertThat(String.join("\n", r.log())).contains("downgrade");

        offer(0, older);
        rig.config = Bl2Config.defaults();
        assertThat(running(rig.boot(), 0)).isEqualTo(older);
    }

    @Test
    void anUnsatisfiedDependencyHoldsTheUpgradeBackUntilTheOtherImageComes() throws Exception {
        byte[] new0 = BootRig.image("1.1.0", 2, 2000, 3, new ImageDependency(1, ImageVersion.parse("2.0.0")));
        offer(0, new0);
        BootResult r = rig.boot();
        assertThat(running(r, 0)).isEqualTo(old0);
        assertThat(String.join("\n", r.log())).contains("image 0: upgrade held back: it needs image 1 at 2.0.0");
        assertThat(rig.holds(rig.secondary(0), new0)).as("held back, not erased").isTrue();

        byte[] new1 = BootRig.image("2.0.0", 2, 2000, 4);
        offer(1, new1);
        r = rig.boot();
        assertThat(running(r, 0)).isEqualTo(new0);
        assertThat(running(r, 1)).isEqualTo(new1);
    }

    @Test
    void aDependencyOnAMissingImageHoldsTheUpgradeBack() throws Exception {
        offer(0, BootRig.image("1.1.0", 2, 2000, 3, new ImageDependency(3, ImageVersion.parse("1.0.0"))));
        BootResult r = rig.boot();
        assertThat(running(r, 0)).isEqualTo(old0);
        assertThat(String.join("\n", r.log())).contains("depends on image 3, which this device does not have");
    }

    @Test
    void aConfirmedTrialIsKeptAndRaisesTheCounterAtTheNextBoot() throws Exception {
        byte[] new0 = BootRig.image("1.1.0", 7, 2000, 3);
        offer(0, new0);
        assertThat(running(rig.boot(), 0)).isEqualTo(new0);
        assertThat(rig.counters().read(NvCounterId.BL2_0)).as("not before the image confirms").isEqualTo(1);
        assertThat(rig.bl2().trailer().setConfirmed(rig.primary(0))).isEqualTo(ImageTrailer.Mark.WRITTEN);
        BootResult r = rig.boot();
        assertThat(running(r, 0)).isEqualTo(new0);
        assertThat(rig.counters().read(NvCounterId.BL2_0)).isEqualTo(7);
        assertThat(((ImageBoot.Verified) r.image(0)).facts().securityCounter().getAsLong()).isEqualTo(7);
    }

    @Test
    void noRotpkHashMeansNoBoot() throws Exception {
        Bl2 bl2 = new Bl2(rig.flash, BootRig.MAP, rig.counters(), Arrays.asList(BootRig.keyHash(BootRig.KEY), null),
                Bl2Config.defaults());
        BootResult r = bl2.boot();
        assertThat(r.image(0)).isInstanceOf(ImageBoot.Verified.class);
        assertThat(((ImageBoot.Refused) r.image(1)).reason()).contains("no ROTPK hash");
    }
}
