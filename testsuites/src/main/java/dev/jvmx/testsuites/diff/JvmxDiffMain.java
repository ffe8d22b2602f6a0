package dev.jvmx.testsuites.diff;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The full differential run behind {@code scripts/diff-host.sh}: host CPU against jvmx's
 * interpreter, {@code COUNT} random one-instruction cases split evenly over the modes, in
 * chunks (memory stays flat). Prints the seed, a progress line about every 100,000 cases, each
 * mode's failing forms, and last {@code "N passed, N failed"}. Exit status 0 when nothing failed,
 * 1 on mismatches, 2 on a usage or host error.
 *
 * <pre>
 * usage: JvmxDiffMain [COUNT [SEED [64|32 ...]]] [--model default|verified] [--forms M,...] [--jit N] [--status FILE] [--details DIR]
 *   COUNT     instructions in all (default 10,000,000)     SEED  default: random, printed
 *   --model   the CpuModel whose advertised forms are sampled (verified: CpuModel.withVerifiedExtensions(), avx: CpuModel.withAvx(); both are the default model now)
 *   --forms   only the templates of these mnemonics (definition-table names, comma-separated, e.g.
 *             FSIN,FCOS): a long run of a few forms; the coverage line then counts the others missing
 *   --jit     also run N cases per mode through each translator tier (TieredExecutor, threshold 0:
 *             --jit=block and --jit=region), from the same seed: the first N of the interpreter's vectors
 *   --status  also write the Markdown status report (docs/DIFFERENTIAL-STATUS.md)
 *   --details also write DIR/jvmx-differential-BITS.txt: every failing form with its example
 * </pre>
 */
public final class JvmxDiffMain {
    private static final long PROGRESS_EVERY = 100_000;

    private JvmxDiffMain() {}

    public static void main(String[] args) throws IOException {
        List<String> positional = new ArrayList<>();
        Path status = null, details = null;
        dev.jvmx.runtime.cpu.CpuModel model = dev.jvmx.runtime.cpu.CpuModel.defaultModel();
        String modelName = "default";
        long jit = 0;
        java.util.Set<String> only = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--model" -> {
                    modelName = args[++i];
                    model = switch (modelName) {
                        case "default" -> dev.jvmx.runtime.cpu.CpuModel.defaultModel();
                        case "verified" -> dev.jvmx.runtime.cpu.CpuModel.withVerifiedExtensions();
                        case "avx" -> dev.jvmx.runtime.cpu.CpuModel.withAvx();
                        default -> throw new IllegalArgumentException("--model must be default, verified or avx, not " + modelName);
                    };
                }
                case "--forms" -> only = java.util.Set.of(args[++i].toUpperCase(java.util.Locale.ROOT).split(","));
                case "--jit" -> jit = Long.parseLong(args[++i].replace("_", "").replace(",", ""));
                case "--status" -> status = Path.of(args[++i]);
                case "--details" -> details = Path.of(args[++i]);
                default -> positional.add(args[i]);
            }
        }
        long count = positional.isEmpty() ? 10_000_000 : Long.parseLong(positional.get(0).replace("_", "").replace(",", ""));
        long seed = positional.size() > 1 ? Long.parseLong(positional.get(1)) : System.nanoTime() & 0x7FFF_FFFFL;
        List<HostArch> modes = new ArrayList<>();
        for (String m : positional.size() > 2 ? positional.subList(2, positional.size()) : List.of("64", "32")) {
            modes.add(switch (m) {
                case "64" -> HostArch.X86_64;
                case "32" -> HostArch.I386;
                default -> throw new IllegalArgumentException("mode must be 64 or 32, not " + m);
            });
        }
        System.out.printf("diff-host: seed %d, %,d instructions over %s (one instruction a case), CPU model %s%s%n",
                seed, count, modes, modelName, only == null ? "" : ", forms " + new java.util.TreeSet<>(only));
        for (HostArch arch : modes) HostHarnessBuild.of(arch);   // build both harnesses before the long run
        List<JvmxStatusReport.ModeResult> results = new ArrayList<>();
        List<String> tierRuns = new ArrayList<>();
        long failed = 0, ran = 0;
        for (int i = 0; i < modes.size(); i++) {
            HostArch arch = modes.get(i);
            long n = count / modes.size() + (i < count % modes.size() ? 1 : 0);
            HostHarnessBuild.Result build = HostHarnessBuild.of(arch);
            if (!build.available()) {
                System.out.printf("%d-bit: skipped, host harness unavailable: %s%n", arch.bits(), build.reason());
                continue;
            }
            JvmxDiffCampaign campaign = JvmxDiffCampaign.standard(arch, model);
            if (only != null) campaign.only(only);
            System.out.printf("%d-bit: %d of %d templates sampled (the others need features the CPU model does not advertise)%n",
                    arch.bits(), campaign.sampled().size(), campaign.forms().size());
            JvmxMismatchGroups groups = runWithProgress(campaign, seed, n, arch.bits() + "-bit");
            tierRuns.add(String.format("%d-bit %-12s %,11d cases %,9d failed", arch.bits(), campaign.tierName(), groups.cases(),
                    groups.mismatches()));
            System.out.print(groups.summary());
            System.out.println("  coverage: " + campaign.coverage().summary());
            System.out.println("  time: " + campaign.timing());
            results.add(new JvmxStatusReport.ModeResult(campaign, groups));
            failed += groups.mismatches();
            ran += groups.cases();
            if (details != null) {
                Files.createDirectories(details);
                Path p = details.resolve("jvmx-differential-" + arch.bits() + ".txt");
                Files.writeString(p, groups.details(Disassembler.objdump(arch), arch), StandardCharsets.UTF_8);
                System.out.println("details: " + p);
            }
            for (JvmxTieredCpu.Tier tier : jit > 0 ? JvmxTieredCpu.Tier.values() : new JvmxTieredCpu.Tier[0]) {
                JvmxDiffCampaign tiered = JvmxDiffCampaign.standard(arch, model).tier(tier);
                if (only != null) tiered.only(only);
                JvmxMismatchGroups g = runWithProgress(tiered, seed, jit, arch.bits() + "-bit " + tiered.tierName());
                System.out.print(g.summary());
                System.out.println("  translator: " + tiered.jitCounters());
                System.out.println("  time: " + tiered.timing());
                tierRuns.add(String.format("%d-bit %-12s %,11d cases %,9d failed", arch.bits(), tiered.tierName(), g.cases(),
                        g.mismatches()));
                failed += g.mismatches();
                ran += g.cases();
            }
        }
        if (status != null) {
            Files.writeString(status, JvmxStatusReport.render(seed, results), StandardCharsets.UTF_8);
            System.out.println("status report: " + status);
        }
        System.out.println("summary (seed " + seed + ", CPU model " + modelName + "):");
        for (String line : tierRuns) System.out.println("  " + line);
        System.out.printf("%d passed, %d failed%n", ran - failed, failed);
        System.exit(ran == 0 ? 2 : failed == 0 ? 0 : 1);
    }

    private static JvmxMismatchGroups runWithProgress(JvmxDiffCampaign campaign, long seed, long n, String label) {
        long t0 = System.nanoTime();
        long[] next = {PROGRESS_EVERY};
        JvmxMismatchGroups groups = new JvmxMismatchGroups(label);
        return campaign.run(seed, n, groups, done -> {
            if (done < next[0] && done < n) return;
            next[0] = done + PROGRESS_EVERY;
            double s = (System.nanoTime() - t0) / 1e9;
            System.out.printf("  %s: %,d / %,d cases, %,d failed so far, %.0f s, %,.0f cases/s%n",
                    groups.label(), done, n, groups.mismatches(), s, done / s);
        });
    }
}
