/**
 * The vCPU's architectural state and the instruction semantics, written once.
 *
 * <p>Why here and why static: DESIGN.md "Semantics written once" — the interpreter
 * ({@code dev.jvmx.runtime.exec}) and translated code (INVOKESTATIC from hidden classes, inlined by
 * C2) call the same plain static methods, so the tiers cannot disagree. Methods take values and
 * a {@link dev.jvmx.runtime.cpu.CpuState} (for flags and implicit registers), never decoded
 * instructions or memory: operand fetch and store belong to the caller.
 *
 * <h2>Pieces</h2>
 * <ul>
 *   <li>{@link dev.jvmx.runtime.cpu.CpuState}: registers, RFLAGS (lazily), segment bases, XMM, MXCSR,
 *       x87 control words.</li>
 *   <li>{@link dev.jvmx.runtime.cpu.LazyFlags}: the six status flags are recorded as "last operation +
 *       operands + result" and computed only when read (SDM Vol. 1 §3.4.3, App. A).
 *       <pre>
 *   rflags word:  ... OF DF IF TF SF ZF 0 AF 0 PF 1 CF      (bit 11 .. bit 0)
 *   ccOp != NONE: CF PF AF ZF SF OF come from (ccOp, ccSize, ccA, ccB, ccRes, ccAux),
 *                 every other bit from the rflags word
 *       </pre></li>
 *   <li>Data-parameterised handlers: {@link dev.jvmx.runtime.cpu.AluOp} + {@link dev.jvmx.runtime.cpu.Alu},
 *       {@link dev.jvmx.runtime.cpu.ShiftOp} + {@link dev.jvmx.runtime.cpu.Shifts},
 *       {@link dev.jvmx.runtime.cpu.Cond} (tttn, SDM Vol. 1 App. B), {@link dev.jvmx.runtime.cpu.MulDiv},
 *       {@link dev.jvmx.runtime.cpu.BitOps}, {@link dev.jvmx.runtime.cpu.SseInt},
 *       {@link dev.jvmx.runtime.cpu.SseFloat} (with {@code SseExact}: MXCSR rounding control, DAZ,
 *       FTZ and all six sticky exception flags, host-checked).</li>
 *   <li>x87: {@link dev.jvmx.runtime.cpu.F80} (80-bit values, one exact rounding per operation via
 *       BigInteger), {@link dev.jvmx.runtime.cpu.F80Math}, {@link dev.jvmx.runtime.cpu.F80Convert},
 *       {@link dev.jvmx.runtime.cpu.X87} (register stack, TOP, tags, condition codes, exception
 *       commit and #MF), {@link dev.jvmx.runtime.cpu.F80Env} (rounding and precision control,
 *       masks, the flags an operation raises); {@link dev.jvmx.runtime.cpu.Mmx} (MMn = the x87
 *       significands); {@link dev.jvmx.runtime.cpu.SseIntExt}, {@link dev.jvmx.runtime.cpu.SseRound}
 *       (SSSE3, SSE4.1, SSE4.2 PCMPGTQ/CRC32), {@link dev.jvmx.runtime.cpu.StringCompare}
 *       (PCMPxSTRx); {@link dev.jvmx.runtime.cpu.Bcd} (DAA..AAD, undefined flags as the host's);
 *       {@link dev.jvmx.runtime.cpu.F80Transcendental} computes FSIN..FYL2XP1 correctly rounded
 *       (evaluated in {@link dev.jvmx.runtime.cpu.F80Real}, 192 bits; within 1 ulp of the host).</li>
 *   <li>Past SSE4.2: {@link dev.jvmx.runtime.cpu.Bmi} (BMI1, BMI2, ADX), {@link dev.jvmx.runtime.cpu.Aes}
 *       (AES-NI rounds, FIPS-197), {@link dev.jvmx.runtime.cpu.Clmul} (PCLMULQDQ),
 *       {@link dev.jvmx.runtime.cpu.AvxPermute} (the VEX-only data movement), {@link dev.jvmx.runtime.cpu.Fma}
 *       (FMA3: one exact rounding, {@code SseExact.fma}), {@link dev.jvmx.runtime.cpu.F16c},
 *       {@link dev.jvmx.runtime.cpu.Xsave} (XCR0, CR4.OSXSAVE, XINUSE, the XSAVE area layout). The AVX
 *       forms of the SSE instructions reuse the SSE functions lane by lane (see exec's package-info).</li>
 *   <li>{@link dev.jvmx.runtime.cpu.CpuGeneration}: 8086 / 80286 / modern real-mode quirks as data
 *       (address wrap, FLAGS bits, PUSH SP, shift counts, #DE return address, segment wrap,
 *       instruction length); {@link dev.jvmx.runtime.cpu.Divide8086}: the 8086's microcoded
 *       DIV/IDIV, whose flags a #DE frame exposes;</li>
 *   <li>{@link dev.jvmx.runtime.cpu.CpuModel}: what CPUID reports, RDTSC. It advertises only
 *       implemented features: glibc picks its string-function variants from it.</li>
 * </ul>
 *
 * <h2>Undefined flags</h2>
 * Where the SDM leaves a flag undefined, we do what the Intel host does (measured by the
 * differential test {@code HostDiffTest} in the exec tests): e.g. shifts and rotates compute OF
 * "as for a count of 1" from the original operand and clear AF; ROL/ROR with an immediate count
 * other than 1 keep OF; MUL/IMUL clear ZF and AF and set SF/PF from the low half; BSF/BSR set PF
 * from the index and clear CF OF SF AF; DIV/IDIV leave the flags alone. Each rule is documented
 * at the method that implements it.
 */
package dev.jvmx.runtime.cpu;
