/**
 * Differential testing against the host CPU (issue 4, "Differential testing against the host CPU").
 *
 * <p>Why: the SDM is ambiguous or silent in places (undefined flags, NaN payloads, edge counts);
 * the build host is x86-64 and is the ground truth jvmx must match. So random instruction
 * sequences run natively and in jvmx, and the final states (or faults) must agree.
 *
 * <p>How the pieces fit:
 * <pre>
 *  StarterTemplates + DefinitionTemplates (one or more per frontend-x86 definition-table form)
 *        |  InstructionTemplate: SDM opcode notation with open operand fields
 *        v
 *  CaseGenerator --TestCase(code, MachineState, undefined flags)--+--> HostCpu (native harness)
 *        EdgeValues: 0, ±1, sign boundaries, NaN, ∞, denormals      +--> jvmx tier (GuestCpu): JvmxCpu
 *                                                                   |    (interpreter), JvmxTieredCpu (JIT)
 *                                                                   |
 *                  Outcome (Completed | Faulted | TimedOut | Crashed)
 *                                                                   v
 *                                        StateDiff (masking undefined flags) -> readable report
 * </pre>
 *
 * <p>XSAVE-family cases are special in two ways (docs/DIFFERENTIAL.md, "XSAVE family"): the
 * generator keeps the host-only XCR0 components out of EDX:EAX and XSTATE_BV and prepares an area
 * at the memory operand ({@link dev.jvmx.testsuites.diff.CaseGenerator#HOST_ONLY_COMPONENTS}), and
 * {@link dev.jvmx.testsuites.diff.StateDiff#compare(TestCase, Outcome, Outcome)} leaves out the
 * area fields the SDM lets an implementation choose ({@link dev.jvmx.testsuites.diff.TestCase.XsaveArea}).
 *
 * <p>The native side is {@code src/main/c/hostrun/hostrun.c}, compiled with gcc at test time by
 * {@link dev.jvmx.testsuites.diff.HostHarnessBuild} (never a committed binary). One harness
 * process serves a whole JVM run; cases stream over a pipe in a binary format whose legend heads
 * the C file and {@link dev.jvmx.testsuites.diff.HostProtocol}. Snippets run in a forked sandbox
 * child with every GPR, RFLAGS, MXCSR, the x87 state and XMM0–15 loaded from the case; code sits
 * at {@link dev.jvmx.testsuites.diff.HostLayout#CODE_BASE}, data at
 * {@link dev.jvmx.testsuites.diff.HostLayout#DATA_BASE}; faults come back as the signal, its
 * siginfo and the ucontext registers, mapped to SDM vectors by
 * {@link dev.jvmx.testsuites.diff.Vector}.
 *
 * <p>The jvmx side: {@link dev.jvmx.testsuites.diff.JvmxCpu} runs the interpreter over
 * {@link dev.jvmx.testsuites.diff.JvmxSandboxMemory} (the same two pages) with state mapped by
 * {@link dev.jvmx.testsuites.diff.JvmxStates} and faults by {@link dev.jvmx.testsuites.diff.JvmxFaults};
 * {@link dev.jvmx.testsuites.diff.JvmxDiffCampaign} samples the templates whose CPUID feature
 * (derived through the definition table by {@link dev.jvmx.testsuites.diff.JvmxTemplateForms})
 * the CPU model advertises, and {@link dev.jvmx.testsuites.diff.JvmxMismatchGroups} groups what
 * differs by form. {@link dev.jvmx.testsuites.diff.JvmxFormCoverage} is the meta-test: every
 * advertised form is compared or allow-listed with a reason ({@link dev.jvmx.testsuites.diff.DefinitionTemplates#excluded}).
 * {@link dev.jvmx.testsuites.diff.JvmxTieredCpu} runs the same vectors through the translator's
 * tiers. Runs: {@code JvmxDifferentialTest} (200,000 instructions a mode), {@code JvmxTierDifferentialTest}
 * (2,000 a tier and mode) and {@code scripts/diff-host.sh} (10,000,000); see {@code docs/DIFFERENTIAL.md}.
 *
 * <p>Both modes: the harness is freestanding C (raw system calls, no libc), so {@code gcc -m32}
 * builds the 32-bit harness without gcc-multilib ({@link dev.jvmx.testsuites.diff.HostArch}).
 */
package dev.jvmx.testsuites.diff;
