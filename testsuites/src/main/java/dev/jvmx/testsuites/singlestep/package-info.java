/**
 * The SingleStepTests conformance runner: single-instruction tests captured on a real 8086 and
 * 80286 (../shared/conformance/README.md; upstream github.com/SingleStepTests).
 *
 * <h2>Why</h2>
 * These vectors are the ground truth for real-mode semantics, including undocumented forms and
 * undefined flags, so the readers accept every upstream shape unchanged — JSON ({@code .json},
 * {@code .json.gz}; {@code hash}/{@code idx} or the older {@code test_hash}/{@code test_num}) and the
 * binary MOO format ({@code .MOO.gz}, "MOO File Format Specification, Version 1.1") — and the
 * chip-specific rules are data: {@link dev.jvmx.testsuites.singlestep.CpuKind} (20- vs 24-bit
 * physical wrap, one instruction vs run-to-HLT, IOPL/NT masked on the 286),
 * {@link dev.jvmx.testsuites.singlestep.SuiteMetadata} ({@code flags-mask} per opcode and per
 * ModR/M reg) and {@link dev.jvmx.testsuites.singlestep.RevocationList}. The CPU is behind
 * {@link dev.jvmx.testsuites.singlestep.TestCpu}, so the readers and the comparison are tested
 * without one (a replaying fake must pass everything, a tampering one must fail exactly as told).
 *
 * <h2>Entry points</h2>
 * <pre>
 *  SuiteResult r = SingleStepSuite.run(Path.of(path), CpuKind.parse("80286"), "F6", testCpu,
 *          SuiteOptions.defaults().withProgress(new TextProgressBar(System.err)));
 *  System.out.print(ReportFormatter.text(r, 20));   // per-opcode lines, failures, total
 *  System.out.println(ReportFormatter.json(r));      // {"passed":N,"failed":N,"skipped":N,"failures":[...]}
 * </pre>
 * {@code path} is a folder of opcode files ({@code XX[.R].json[.gz]} / {@code .MOO[.gz]}; metadata.json
 * and revocation_list.txt are looked up in it and its parent) or one file; the filter is a
 * comma-separated list of opcode keys ({@code F6} takes all of F6.0..F6.7).
 *
 * <h2>Per test</h2>
 * {@code reset(kind)}, {@code setRegisters(initial)}, {@code writeMemory} for each initial byte
 * (address masked to the chip's bus), {@code run(kind.stopAt(), limit)}, then
 * {@link dev.jvmx.testsuites.singlestep.TestComparator}: registers absent from the final state
 * must keep their initial value; FLAGS and a pushed FLAGS word ({@code exception.flag_address})
 * are compared under {@code flags-mask & kind.flagsMask()}; every listed final byte is compared.
 * An exception thrown by the CPU fails the test with its message.
 *
 * <h2>Known failures</h2>
 * {@link dev.jvmx.testsuites.singlestep.ExplainedFailures} reads the committed list (test hash or
 * opcode key, then the reason); {@code SuiteOptions.withExplained(...)} attaches it, and
 * {@link dev.jvmx.testsuites.singlestep.SuiteResult#unexplained()} is what CI should require to be 0.
 */
package dev.jvmx.testsuites.singlestep;
