/**
 * Tiers 1 and 2: guest blocks (and later regions) to JVM bytecode, so HotSpot compiles guest code.
 *
 * <h2>How the tiers hand over</h2>
 * <pre>
 *   TieredExecutor.run(cpu, mem, budget)                 (the runtime's Executor contract)
 *     loop:
 *       block = prev.successor(rip)  ── link hit (direct chaining / indirect-branch cache)
 *            ?: BlockTable[rip]      ── direct-mapped, bounded
 *            ?: BlockDecoder.decode  ── fetch to page end, frontend BlockScanner (flow, exit class,
 *                                       invalid, page end, 64-instruction cap)
 *       block.executions++
 *       translated?  code.run(ctx)                         tier 1: one hidden class per block
 *       hot (executions > threshold)?  translate now (threshold 0, or no background compiler)
 *                                      or CompileJob ──MPSC──► compiler thread ──SPSC──► install
 *       translated and dispatched more than regionThreshold (--jit=region)?  RegionSelector:
 *                    the known hot blocks it reaches by direct branches in its page, one method
 *       else         Interpreter.step over the block's instructions   tier 0 (same decode)
 * </pre>
 * Inside a method, a branch to the start of a block the method holds (the block itself when it
 * loops, any block of a region) is a JVM jump, charged against the {@link
 * dev.jvmx.translator.RunBudget} so the monitor's instruction limit stays exact and leaving when
 * code changed; every other edge stores RIP and returns to the executor.
 * Both tiers run the same decoded {@code Instruction}s, and tier 1 runs the interpreter's own
 * semantics: an instruction without an inline form is a call to its {@code Handler} (Blink's
 * approach), framed the way {@code Interpreter.step} frames it (RIP to the next instruction,
 * flags saved, exit request taken); the inline forms ({@link dev.jvmx.translator.InlineForms})
 * inline only operand access and call the shared {@code Alu}/{@code Stack}/{@code Cond} methods,
 * so the lazy-flag record is written exactly as the interpreter writes it. The differential tests
 * run every snippet in both tiers and compare registers, flags, memory and the exit.
 *
 * <h2>Precise state</h2>
 * Generated code keeps guest registers in {@code CpuState} (tier-1 blocks) or in locals written
 * back at every exit (methods that loop), and RIP is stored at every exit. An instruction without
 * an inline form runs through {@code Interpreter.step}, which rolls itself back on a fault. An
 * inline form that can fault stores its index in a local first; one exception handler per method
 * writes cached registers back and hands that index to
 * {@link dev.jvmx.translator.BlockSupport#fault}, which puts RIP back at the instruction: the
 * guest sees the state before the faulting instruction, as with {@code Interpreter.step}. Inline
 * forms order their effects so a fault commits nothing (memory first, flags next, register write
 * last), and a form the interpreter's pre-execution gate could reject (LOCK, a CPUID feature the
 * model lacks) is never inlined.
 *
 * <h2>Code cache, eviction, self-modifying code</h2>
 * {@link dev.jvmx.translator.CodeCache} is keyed by {@link dev.jvmx.translator.CodeKey} (address
 * of the block: guest-physical, which in process mode is the linear address; CPU mode; a
 * fingerprint of controls translated code treats as constants) and bounded with CLOCK eviction.
 * Only the cache holds translated code; an evicted or invalidated
 * {@link dev.jvmx.translator.Translation} drops its code reference, so the hidden class (defined
 * without {@code STRONG}) unloads. {@link dev.jvmx.translator.TieredExecutor#invalidatePage} drops
 * every block and translation with bytes in a page and bumps an epoch that voids all block links
 * and any background result requested before it. The executor is the address space's
 * {@code CodeChangeListener} ({@code ProcessMonitor} installs it): {@code ProcessAddressSpace}
 * reports the first write to a page code was fetched from, and munmap/mprotect over such pages.
 * A store that changes the block currently running is seen from the next block on (the
 * interpreter path stops at the next instruction boundary).
 *
 * <h2>Limits respected</h2>
 * No block method exceeds HotSpot's 8000-byte compile limit: {@link
 * dev.jvmx.translator.CodeSizeCounter} bounds the size as it is emitted and the translator halves
 * the block until it fits. Translation costs tens of microseconds, so only hot blocks are
 * translated, in the background unless the threshold is 0 (tests: deterministic).
 *
 * <h2>Tier 2: built so far, and the rest of the design</h2>
 * <ol>
 *   <li><b>Region selection</b> (built: {@link dev.jvmx.translator.RegionSelector}). When a
 *       translated block is dispatched more than {@code regionThreshold} times, breadth-first over
 *       its direct successors (both Jcc edges, JMP targets, fall-through) that are known, have run,
 *       and lie in its page, up to 16 blocks. Next: use edge counts (the links could count) to
 *       drop cold paths, and allow regions across pages (index the translation under every page).</li>
 *   <li><b>One method per region</b> (built: single entry at the head, blocks as labels, internal
 *       edges are JVM jumps charged to the budget; the head's block translation is replaced, the
 *       other blocks keep theirs for entries from outside). Next: several entries through a
 *       {@code tableswitch} so a region is entered wherever the executor arrives.</li>
 *   <li><b>Registers in locals</b> (built: {@link dev.jvmx.translator.RegisterCache}, in every
 *       method that loops, i.e. regions and self-looping blocks). The GPRs the method's operands
 *       name are loaded into long locals at entry and written back at every exit, before every
 *       {@code Interpreter.step} call (then reloaded) and around the stack helpers (RSP only); the
 *       fault handler writes them back, which is exact because inline forms write registers last.
 *       Next: write back only dirty registers; keep RSP cached across PUSH/POP by inlining the
 *       stack arithmetic.</li>
 *   <li><b>Flag liveness.</b> Backwards over the region using {@code Form.flagsRead()} /
 *       {@code flagsWritten()}: a flag-setting instruction whose flags are all overwritten before
 *       any read (and before any exit or faultable instruction, where the guest can observe them)
 *       records nothing. Partly built: a Jcc right after an inline CMP/SUB/TEST/AND/OR/XOR tests
 *       the operands ({@link dev.jvmx.translator.FusedConditions}, proven equal to {@code Cond.test})
 *       instead of materialising flags; the lazy record is still always written. Next: skip
 *       the record where the flags are dead.</li>
 *   <li><b>Memory.</b> Inline the software-TLB fast path (tag compare + one segment access) once
 *       the address space exposes it to generated code; hoist the tag check for accesses off the
 *       same base register within a region.</li>
 *   <li><b>Tests</b> (built for what exists): the tier differential test runs every snippet with
 *       regions formed at a head's second dispatch, including a fault in the middle of a region
 *       loop and a region that patches its own code; a golden listing of a four-block region.</li>
 * </ol>
 */
package dev.jvmx.translator;
