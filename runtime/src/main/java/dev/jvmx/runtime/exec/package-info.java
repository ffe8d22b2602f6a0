/**
 * Tier 0: the interpreter, and the {@link dev.jvmx.runtime.exec.Executor} contract every tier
 * implements.
 *
 * <h2>One instruction</h2>
 * <pre>
 *   DecodeCache.get(rip)           fetch + decode once per address (direct-mapped, keyed by mode)
 *   cpu.saveFlags(); rip = next    so branches and RIP-relative operands see the next RIP
 *   checkForm                      #UD for a bad LOCK, or a form whose CPUID feature the CpuModel
 *                                  does not advertise (the model and the ISA cannot drift apart)
 *   HandlerTable[mnemonic].exec    a small handler per instruction group (Integer, Move, Branch,
 *                                  String, ShiftBit, System, FpuControl, SseMove, SseInt,
 *                                  SseFloat, SseConvert); operands via Operands/Vec/Stack,
 *                                  semantics via dev.jvmx.runtime.cpu
 *   GuestFault thrown?             restore RIP and flags, return Exit.exception (fault-like)
 *   handler asked for an exit?     return it (SYSCALL, HLT, INT3/INT n trap-like: RIP past)
 *   other RuntimeException         an interpreter bug: logged once, guest ends with #UD
 * </pre>
 * {@link dev.jvmx.runtime.exec.Interpreter#setTracer} observes every instruction (debugging);
 * {@link dev.jvmx.runtime.exec.DecodeCache#invalidate} drops stale decodings; in process mode the
 * ProcessMonitor connects it to the address space's code-change notifications (self-modifying
 * code, munmap/mprotect of code pages).
 * Handlers write memory before registers so that a faulting instruction commits nothing (SDM
 * Vol. 3A §6.5); REP string instructions commit per iteration, which is restartable, as on
 * hardware (Vol. 1 §7.3.9.2). Dispatch is by an array indexed by mnemonic, so no method grows
 * past HotSpot's 8000-byte compile limit.
 *
 * <h2>Process-mode conventions</h2>
 * The vCPU runs at CPL 3: privileged instructions raise #GP(0); SYSCALL sets RCX/R11 as the SDM
 * says and exits to the monitor; XGETBV reads the XCR0 Linux set (x87 | SSE, plus AVX when the
 * model advertises it: {@code cpu.Xsave}) and raises #UD without XSAVE. MMX-register forms
 * run in {@link dev.jvmx.runtime.exec.MmxHandlers} (a dispatcher over the SSE handler of the same
 * mnemonic); x87 and MMX instructions raise #MF first while an unmasked x87 exception is pending.
 *
 * <h2>VEX: AVX, AVX2, FMA3, F16C, BMI, crypto, XSAVE</h2>
 * The #UD gate adds {@link dev.jvmx.runtime.exec.Avx#allowed}: a VEX form other than BMI1/BMI2
 * needs AVX advertised, CR4.OSXSAVE and XCR0[2:1] = 11b (SDM Vol. 2A §2.3.10). The VEX forms of
 * SSE mnemonics run their SSE handler once per 128-bit lane with VEX.vvvv as the first source and
 * the destination zero-extended to 256 bits ({@link dev.jvmx.runtime.exec.VexLegacy}, installed by
 * {@link dev.jvmx.runtime.exec.HandlerTable} over every SSE handler with a VEX row; the
 * floating-point ones inside their one MXCSR exception check). VEX-only forms:
 * {@link dev.jvmx.runtime.exec.AvxHandlers} (permutes, broadcasts, masked moves, variable shifts,
 * gathers), {@link dev.jvmx.runtime.exec.FmaHandlers} (FMA3, F16C); BMI1/BMI2/ADX in
 * {@link dev.jvmx.runtime.exec.BmiHandlers}, AES-NI/PCLMULQDQ in
 * {@link dev.jvmx.runtime.exec.CryptoHandlers}, XGETBV/XSAVE/XRSTOR in
 * {@link dev.jvmx.runtime.exec.XsaveHandlers}. {@code CpuState.ymm} has a 17th, non-architectural
 * register that VexLegacy uses as the lane's source operand.
 *
 * <h2>System mode (machine mode, SingleStepTests)</h2>
 * With {@code CpuState.systemMode} set, {@link dev.jvmx.runtime.exec.SystemStep} runs one
 * instruction: {@link dev.jvmx.runtime.exec.RealModeFetch} fetches at CS.base + IP (IP wraps at
 * 64 KiB in 16-bit code; #GP past the CS limit or the chip's longest instruction) and applies the
 * 8086 opcode aliases ({@link dev.jvmx.runtime.exec.Aliases8086}) before decoding; then
 * {@link dev.jvmx.runtime.exec.Interpreter#step} as above, except that in real mode a fault or
 * {@code INT n} is delivered through the IVT ({@link dev.jvmx.runtime.exec.RealModeInterrupts})
 * instead of ending the run. The system-mode handlers ({@code RealModeHandlers},
 * {@code PortHandlers}, {@code ControlHandlers}, {@code LegacyHandlers}) are installed over the
 * process-mode ones and defer to them when system mode is off. 16-bit memory accesses that run
 * past offset FFFFh go through {@link dev.jvmx.runtime.exec.Segmented}; protected-mode segment
 * loads through {@link dev.jvmx.runtime.exec.Descriptors}; ports and MSRs through the context's
 * {@link dev.jvmx.runtime.exec.SystemBus}. Chip differences are data in
 * {@link dev.jvmx.runtime.cpu.CpuGeneration}. See docs/MACHINE.md.
 */
package dev.jvmx.runtime.exec;
