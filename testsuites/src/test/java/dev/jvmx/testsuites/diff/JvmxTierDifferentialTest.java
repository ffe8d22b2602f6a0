package dev.jvmx.testsuites.diff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jvmx.translator.JitCounters;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The differential harness through the translator's tiers (issue 4, "the same vectors run through
 * every execution tier"; issue 5, "the differential harness passes in every tier with thresholds
 * forced to 0"): the first {@link #PER_TIER} cases of {@link JvmxDifferentialTest}'s fixed-seed
 * sample in each mode, host CPU against {@link JvmxTieredCpu} in {@code --jit=block} and
 * {@code --jit=region} with threshold 0. Smaller than the interpreter's sample because every case
 * defines new hidden classes (a few milliseconds each); {@code scripts/diff-host.sh --jit N} runs
 * more. Asserts that the cases really ran translated: no block interpreted, and in the region tier
 * most cases as a two-block region.
 */
class JvmxTierDifferentialTest {
    static final long PER_TIER = 2_000;

    @ParameterizedTest
    @EnumSource(JvmxTieredCpu.Tier.class)
    void sample64(JvmxTieredCpu.Tier tier) {
        run(HostArch.X86_64, tier);
    }

    @ParameterizedTest
    @EnumSource(JvmxTieredCpu.Tier.class)
    void sample32(JvmxTieredCpu.Tier tier) {
        run(HostArch.I386, tier);
    }

    private static void run(HostArch arch, JvmxTieredCpu.Tier tier) {
        HostHarnessBuild.Result build = HostHarnessBuild.of(arch);
        if (!build.available()) System.out.println("JvmxTierDifferentialTest " + arch + " skipped: " + build.reason());
        assumeTrue(build.available(), build.reason());
        JvmxDiffCampaign campaign = JvmxDiffCampaign.standard(arch).tier(tier);
        long t0 = System.nanoTime();
        JvmxMismatchGroups groups = campaign.run(JvmxDifferentialTest.SEED, PER_TIER, done -> { });
        JitCounters c = campaign.jitCounters();
        System.out.printf("jvmx differential %s %s: seed %d, %d cases in %d ms (%s), %d mismatches; translator: %s%n",
                groups.label(), campaign.tierName(), JvmxDifferentialTest.SEED, groups.cases(), (System.nanoTime() - t0) / 1_000_000,
                campaign.timing(), groups.mismatches(), c);
        assertEquals(PER_TIER, groups.cases());
        assertEquals(0, c.interpretedBlocks(), "threshold 0: every block runs translated; " + c);
        assertEquals(0, c.failedTranslations(), c.toString());
        if (tier == JvmxTieredCpu.Tier.REGION) assertTrue(c.regions() > PER_TIER / 2, "regions formed: " + c);
        assertEquals(0, groups.mismatches(), groups::summary);
    }
}
