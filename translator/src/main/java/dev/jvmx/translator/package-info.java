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
 * code changed (a store that changes translated code leaves at the next instruction boundary);
 * every other edge stores RIP and returns to the executor.
 * Both tiers run the same decoded {@code Instruction}s, and tier 1 runs the interpreter's own
 * semantics: an instruction without an inline form is a call to its {@code Handler} (Blink's
 * approach), framed the way {@code Interpreter.step} frames it (RIP to the next instruction,
 * flags saved, exit request taken); the inline forms ({@link dev.jvmx.translator.InlineForms})
 * inline only operand access and call the shared {@code Alu}/{@code Stack}/{@code Cond} methods,
 * so the lazy-flag record is written exactly as the interpreter writes it. The other integer
 * forms are {@code InlineIntegers} (CMOVcc/SETcc, one-operand MUL/DIV, SHLD/SHRD of registers,
 * AH..BH, BMI, REP MOVS/STOS),
 * {@code InlineShifts} (shifts, rotates and bit scans of registers and, in 64-bit mode, shifts
 * and rotates of memory) and {@code InlineReadModifyWrite} (the memory forms that read, compute,
 * store and only then write the flags; XCHG with memory; CMPXCHG/XADD). Common legacy SSE/SSE2
 * forms are inline too ({@code InlineSse}: moves, packed-integer long arithmetic in
 * {@code InlineSseInt}, or one static helper call per form,
 * exact MXCSR semantics in {@code SseFast}); the double forms ({@code InlineDouble}: SD/PD
 * arithmetic, MIN/MAX, COMISD/UCOMISD, CVTSI2SD, CVTTSD2SI, logic, unpacks, half moves) compute
 * their common case on Java's IEEE doubles (small lane helpers C2 inlines), behind a guard (MXCSR
 * settled: nearest, no DAZ/FTZ, all masked, PE already set; no denormal operand; a result of
 * ordinary exponent or an exact zero) that sends every other case to the exact {@code SseFast}
 * forms, so no MXCSR flag or NaN rule can differ; and so are the AVX/AVX2 forms of glibc's string
 * functions ({@code InlineAvx}: one {@code AvxFast} call per form, the VEX gate's CPUID half
 * settled when translating, its CR4/XCR0 half checked in system mode; the executor translates
 * with a second, process-only {@code BlockTranslator} for a process-mode CPU, where CR4 and XCR0
 * are the model's, leaving that check out, and never runs such a {@code Translation#processOnly}
 * for a system-mode CPU: strings 3000 user CPU 7.54 → 6.82 s). The differential tests
 * run every snippet in both tiers and compare registers, flags, memory and the exit.
 *
 * <h2>Precise state</h2>
 * Generated code keeps guest registers in {@code CpuState} (tier-1 blocks) or in locals written
 * back at every exit (methods that loop), the lazy-flag record in locals committed at every exit
 * (every method), and RIP is stored at every exit. An instruction without
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
 * A store that changes translated code ends the method at the next instruction boundary: pages
 * holding code have no write tag, so the store takes the TLB miss path, which checks
 * {@code RunBudget.codeChanged} (as does every handler call); the instructions of the block not
 * run are given back to the budget. The interpreter path also stops at the next boundary.
 *
 * <h2>Counters</h2>
 * Cheap enough to leave on: {@link dev.jvmx.translator.JitCounters} (dispatches and instructions
 * per tier, translations, regions, invalidations, exits: plain long fields bumped on the executor
 * thread) and each block's dispatch count ({@code Block.executions}, what the thresholds read;
 * jumps inside a method are not dispatches). {@code -Djvmx.jit.stats=true} prints them at exit,
 * with {@link dev.jvmx.translator.OutOfLineCounts}: per instruction form, how often translated code
 * ran it out of line through {@code Interpreter.step} (counted by the generated code only then).
 *
 * <h2>Limits respected</h2>
 * No block or region method exceeds {@code BlockTranslator.MAX_BYTECODE} (4500 bytes: HotSpot
 * compiles nothing over 8000, and C2 stops inlining helpers into a method once it and its inlined
 * callees reach 8000 bytes, so a smaller cap buys inlined TLB slow paths and SSE/AVX entries;
 * measured in that constant's doc): {@link dev.jvmx.translator.CodeSizeCounter} bounds the size as
 * it is emitted, the translator halves a block and a region drops blocks until it fits. Translation costs tens of microseconds, so only hot blocks are
 * translated, in the background unless the threshold is 0 (tests: deterministic).
 *
 * <h2>Tier 2: built so far, and the rest of the design</h2>
 * <ol>
 *   <li><b>Region selection</b> (built: {@link dev.jvmx.translator.RegionSelector}). When a
 *       translated block is dispatched more than {@code regionThreshold} times, breadth-first over
 *       its successors (both Jcc edges, JMP targets, fall-through, a direct CALL's target and its
 *       return site, and after a RET or indirect branch the blocks the executor's links saw next)
 *       that are known, ran at least once per {@code RegionSelector.COLD_RATIO} (128) of its
 *       dispatches (on {@code sieve} the counting loop, one block looping on itself, took in the
 *       pass loop around it whenever its check came after the first pass, which the background
 *       compiler's timing decided, and ran slower: user CPU 3.6-4.2 or 4.5-5.1 s a run of sieve 100),
 *       lie in its page and are not inside another live region (two
 *       large methods holding the same blocks cost C2 twice, and again at each deoptimisation; on
 *       {@code sort} leaving them out cut user CPU by about a sixth), up to 40 blocks; the translator drops a
 *       quarter of them at a time (the last chosen) until the method fits the bytecode cap, and
 *       the blocks dropped may head regions of their own. A block already inside a live region
 *       forms no region of its own, and the blocks of a pending request form none either; a block
 *       whose own region request is still alive (a region, or its block alone when no more fitted)
 *       keeps it when another request drops it (else two heads that do not fit one method re-form
 *       each other forever: {@code RegionFormationTest}), and one head asks for at most
 *       {@code TieredExecutor.MAX_REGION_REQUESTS} regions. No two regions hold the same
 *       instructions: a jump into the middle of a block makes a second block that is the first
 *       one's tail, and the selection also walks to the known blocks starting inside a block it
 *       took (the region then emits the first up to the second and goes on into it), while a
 *       block overlapping a block of a live or pending region other than at its start heads no
 *       region and joins none ({@code RegionSelector.overlapsRegion}; on {@code sort} the
 *       median-of-three code and its tail each made a region of about 3.3 KB of bytecode holding
 *       the same ten blocks, compiled by C2 twice). Next:
 *       use edge counts (not block counts) to drop cold paths, and allow regions across pages (index the translation
 *       under every page).</li>
 *   <li><b>One method per region</b> (built: blocks as labels, internal edges are JVM jumps
 *       charged to the budget; entered at any of its blocks: the executor names the block in
 *       {@code RunBudget.entry} and one {@code tableswitch} jumps there and charges it, the
 *       executor charging nothing for a region and entering only with budget for its largest
 *       reserve; one switch, because C2 compiles entries it never saw as an uncommon trap and does
 *       not trap at a switch again once it trapped there, so a region deoptimises at most once for
 *       entries first used after it was compiled (a compare per block cost one each: on
 *       {@code sort} 4, 5 of its 10 traps); every member block
 *       dispatches to the region while it lives). The budget is checked only on back edges,
 *       returns, indirect branches and entries, each check asking for the block's reserve (its
 *       length and the longest forward chain of direct edges after it), so forward edges charge
 *       without a branch ({@link dev.jvmx.translator.RegionBudget}): C2 turns a check the slice
 *       never ended at while it profiled into an uncommon trap, and each such trap recompiled the
 *       whole region. A block whose tail is another block of the
 *       region (a jump into the middle of a block makes a second, overlapping one) is emitted up
 *       to there and goes on into the other. The exits of a method over eight blocks share one
 *       write-back path (bytecode), smaller ones have their own (C2 allocates them better). The
 *       executor gives translated code at
 *       most {@link dev.jvmx.translator.TieredExecutor#SLICE} instructions per call, so a region
 *       that loops or recurses returns now and then and HotSpot can move it from an OSR compile
 *       (or, after a deoptimisation, the bytecode interpreter) to its normal compiled code.</li>
 *   <li><b>Calls, returns, indirect branches</b> (built, 64-bit mode): CALL rel/r/m, RET, RET imm16
 *       and JMP r/m are inline stack arithmetic ({@code InlineForms.push64/pop64}); the target of a
 *       RET or indirect branch is compared with the start of each block of the method (a return
 *       to a call site of the region is a JVM jump: the guest return address is checked against
 *       the blocks that follow a CALL of the region, a mismatch leaves to the executor), a direct
 *       CALL to a block of the
 *       region is a JVM jump. Outside regions the executor's block links are the indirect-branch
 *       cache. Recursion (the {@code fib} workload) runs entirely inside one region method.</li>
 *   <li><b>Registers in locals</b> (built: {@link dev.jvmx.translator.RegisterCache}, in every
 *       method that loops, i.e. regions and self-looping blocks). The GPRs the method's operands
 *       name (RSP too when it pushes, pops, calls or returns) are loaded into long locals at entry
 *       and written back at every exit, before every {@code Interpreter.step} call (then
 *       reloaded) and around the narrow stack helpers; 64-bit PUSH/POP keep RSP in its local. The
 *       fault handler writes them back, which is exact because inline forms write registers last.
 *       An exit on a segment's straight path and a handler call write back only the registers
 *       that may be dirty there (every cached one at a segment label, none after a reload, plus
 *       those written since); the shared exit and the fault handler write back all. The XMM
 *       registers legacy SSE forms name (and no VEX form of the method does) follow the same rules
 *       as two long locals each ({@link dev.jvmx.translator.XmmCache}).</li>
 *   <li><b>Flag liveness</b> (built: {@link dev.jvmx.translator.FlagCode},
 *       {@link dev.jvmx.translator.FusedConditions}). The lazy-flag record lives in locals in every
 *       method and is committed to {@code CpuState} only at exits, at faults and before calls
 *       that read flags; an inline ADD/ADC/SUB/SBB/CMP/AND/OR/XOR/TEST/INC/DEC writes the record
 *       locals, so a record overwritten before anything reads it is dead code C2 removes: liveness
 *       is computed by C2 over the method instead of a pass of ours over the definition table's
 *       flag columns, with the same result inside a method and exact state at every exit. SHL/SHR/
 *       SAR by an immediate or CL and IMUL, whose helpers set flags eagerly, are <em>deferred</em>: the
 *       record holds their inputs and {@code FusedConditions.status} computes their flags with the
 *       helpers' pure flag functions ({@code Shifts.shlStatus}..., {@code MulDiv.imulStatus}) only
 *       where they are read or committed; so are BSF/BSR/TZCNT/LZCNT/POPCNT
 *       ({@code BitOps.bsfStatus}...). ROL/ROR (by 1, an immediate or CL, every size,
 *       {@link dev.jvmx.translator.InlineShifts}) write CF and OF and keep the other flags, so the
 *       record before them stays and is marked {@code FusedConditions.ROTATED}, the rotate's CF/OF
 *       in {@code ccAux}: plain arithmetic on locals, no call, so it is dead code when unread
 *       (nearly always, in sha256); a count that masks to 0 leaves the record. The record in
 *       locals is compact ({@code FusedConditions.IN_CPU}): kind and size in one int, the result
 *       of ADD/SUB and the operands of INC/DEC computed where read, not stored, and at entry and
 *       after a call the kind "in {@code CpuState}" instead of a load of the six fields. So a
 *       loop's record locals carry only what its producers leave that differs per iteration (for
 *       {@code cmp reg, reg; jne}: the two operands); the rest are the same constants on every
 *       path into the loop head, which C2 folds instead of storing them every iteration. The
 *       fields a record "in {@code CpuState}" does not use are entered with the GPRs the loop's
 *       closing producer leaves there ({@link dev.jvmx.translator.FlagSeeds}), so at the loop
 *       head they are the same values as those GPRs' locals. A Jcc tests the
 *       record in the locals ({@code FusedConditions.test}: from the operands after SUB/CMP, from
 *       the result after a logic operation, ZF/SF/PF from the result after any). Where the
 *       translator knows the record's kind ({@link dev.jvmx.translator.FlagCode}: the producer
 *       emitted last in straight-line code, kept across MOV/LEA/MOVZX/NOT/PUSH/POP, forgotten at
 *       a block start and after anything else), the condition and the carry that ADC/SBB/INC/DEC
 *       read are plain bytecode: a call to {@code FusedConditions} is not inlined in a method near
 *       the bytecode cap (C2's DesiredMethodLimit, 8000 bytes of inlined code), and a call that
 *       is not inlined is never dropped either. Next: the memory forms of
 *       shifts and rotates (they call {@code Shifts}: a read-modify-write whose store could leave
 *       at a code change after the record is written needs the record written after the store's
 *       check), RCL/RCR.</li>
 *   <li><b>Memory</b> (built: the software-TLB check in the generated code). At entry the method
 *       loads the address space's {@code DirectTlb} entry arrays (read and write; each entry is a
 *       tag and a host addend side by side, QEMU's TLB layout; {@code GuestMemory.directTlb},
 *       all-miss for memories without one) into locals (touching their length, so C2 knows them
 *       non-null); each access emits the entry's byte offset ({@code (addr >>> 8) & 0x3fff0}), the
 *       tag compare (which also proves the access stays in its page), and one raw host access at
 *       {@code addend + addr} ({@code DirectTlb.tag/addend}, {@code loadN/storeN}: no array range
 *       checks, no segment bounds check, both proven by construction), and on a miss calls
 *       {@code GuestMemory.readN/writeN}, whose slow path fills the entry or faults. Each access
 *       has its own branch profile, so C2 compiles a miss path that never ran as an uncommon
 *       trap. Measured (C2's code for the crc32 and sieve loops, printed with
 *       {@code -XX:CompileCommand=print} and disassembled): a hit is shr, and, load, compare,
 *       branch, add-load, access (the tag's shr beside it), against about twice that before (two
 *       array range checks, the segment's bounds check with its limit in a register, the
 *       {@code & 0xfff}). The rest of the loop cost is register pressure: C2 spills guest
 *       registers and the flag record (live into the next iteration because a faulting access
 *       must see the previous flags) to the stack. Not done: a flat guest mapping (host = base +
 *       addr) needs a host reservation covering the guest's layout (program at 4 MB, mmap and
 *       stack near 2^47), which the JVM's own address space rules out, and any per-page
 *       permission table over that span. <em>Stack window</em> ({@code OperandCode.windowHit}): a method that
 *       loops keeps the host addend of one writable, code-free page for RSP-based accesses (the
 *       stack forms and {@code [rsp+...]} operands) in three locals, refilled inline from the write
 *       entry on a TLB hit and emptied after every handler call, so a stack access is a subtract,
 *       an unsigned compare and the access (fib 42: 7.53 -> 6.71 s user CPU, medians of 3 pairs,
 *       same jar with {@code -Djvmx.jit.windows=false}). <em>Data windows</em>: the same three
 *       locals, same fill and emptying, for the two address shapes (base and index register)
 *       that the most memory operands of a looping method use, when no instruction the method
 *       emits writes the base register (implicit writes included: MUL/DIV, CQO, the string
 *       forms, CMPXCHG's accumulator...) and a MOVZX or AND bounds the index ({@code RegisterCache.of}):
 *       crc32's table {@code [r8 + rdx*4]} then
 *       costs a subtract and compare off the dependent path instead of the entry load on it
 *       (crc32 3000: 3.36 -> 2.94 s user CPU, medians of 3 pairs, same jar with
 *       {@code -Djvmx.jit.dataWindows=0}); windows for moving cursors and strided indexes missed
 *       too often (sort's two partition scans through one register took turns refilling one
 *       window). <em>Spans</em> (session 7): a window now covers its page's span
 *       ({@code DirectTlb.spans}, beside the write entries: the writable, code-free run of pages
 *       of one mapping that one host addend serves, each mapping being one host range,
 *       {@code Backing}), read at the refill from the same entry offset, so a moving cursor or a
 *       strided column stays inside its window across pages, and a base register the method writes
 *       may have one (the index rule stays: sort 12 with windows on its {@code [r14 + rcx*4]}
 *       shapes went 4.00 -> 4.28 s; SSE memory operands use windows too, {@code InlineSse}); a page that becomes code
 *       shrinks the spans covering it before any method can refill from them
 *       ({@code SoftTlb.leaveOutOfSpans}). Measured (user CPU, 2 alternating pairs, load 13-15,
 *       same jar with {@code -Djvmx.jit.spans=false}): matmul 3000 6.39 -> 5.76 s, sort 12 5.12
 *       -> 4.93 s, list 16 unchanged (its gain came from the huge-page backing); against the
 *       session's start (afaeb12, 3 alternating pairs, load 2): matmul 3000 5.83 -> 5.40 s,
 *       sort 12 4.23 -> 3.94 s. Tried and dropped
 *       earlier (session 6, measured slower): the window asked from the address space by a call
 *       instead of read from the entry.</li>
 *   <li><b>Everything else</b> runs its own interpreter handler: an instruction that clears the
 *       #UD gate calls {@code Interpreter.stepPastGate} with its handler as a class-data constant,
 *       so HotSpot can inline the handler at that call (the same framing as {@code step}).</li>
 *   <li><b>Tests</b>: the tier differential test runs every snippet (recursion, indirect calls and
 *       jumps, RET imm16, a rewritten return address, faults in a CALL's push and a RET's pop,
 *       deferred flags read late, every Jcc after every flag producer) with regions formed at a
 *       head's second dispatch, including a fault in the middle of a region loop and a region that
 *       patches its own code, the memory windows' snippets ({@code MemorySnippets}: a push straddling
 *       a page end, pushes and reads running off the stack mapping, a push patching a page of
 *       translated code; a table across two pages, a store straddling out of the data mapping,
 *       reads of a read-only page then a store there, stores patching translated code; a cursor
 *       across pages through its span, a span shrinking when a page of it becomes code, a span
 *       filled after code appeared stopping short of it); the interpreter's vectors and every example program run in both
 *       tiers with thresholds 0; golden listings of representative forms.</li>
 * </ol>
 */
package dev.jvmx.translator;
