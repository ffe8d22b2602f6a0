/**
 * The x86 front end: bytes to immutable {@link dev.jvmx.x86.Instruction}s, driven by one
 * definition table ({@code x86.defs}, a resource of this package) in the SDM's opcode-map
 * notation (Vol. 2D Appendix A). The same table drives the Intel-syntax disassembler
 * ({@link dev.jvmx.x86.IntelFormatter}), the block scanner and per-form metadata
 * ({@link dev.jvmx.x86.Form}: flags read/written/undefined, CPUID feature, valid modes,
 * privilege, VT-x exit class, control-flow kind).
 *
 * <h2>Decode pipeline</h2>
 * <pre>
 *  legacy prefixes (F0 F2 F3 2E 36 3E 26 64 65 66 67) -> REX (64-bit) | VEX C4/C5 | EVEX 62
 *    -> opcode (0F, 0F 38, 0F 3A escapes) -> slot (map*256+opcode)
 *    -> ModRM -> SIB -> displacement          (DecodeContext, ModrmReader)
 *    -> candidates[slot][ModRM.reg], first match on mode, mandatory prefix, mod, rm, W, L
 *    -> #UD checks (LOCK, VEX.vvvv, segment register) -> operands, reading the immediates in order
 * </pre>
 * <h2>Hot path</h2>
 * Decoding runs for every guest instruction, so the pipeline is organised for HotSpot (measured
 * with {@code benchmarks/jmh.sh DecodeBench}; the decode vectors, the objdump differential and a
 * before/after comparison of whole-libc decodes guard that the results do not change):
 * <ul>
 * <li>{@code FastPath} comes first: with at least 15 bytes of input, no prefix but REX and at most
 *     one 66/F2/F3, a one-byte or 0F opcode, and a form the table selects from (prefix, map,
 *     opcode, REX.W, ModRM.reg, mod = 11) alone, everything but ModRM/SIB/displacement and the
 *     operand fields is precomputed per such key into a {@code Plan} (built from the definition
 *     table with the general path's own selection and size rules, on first use of a mode). A decode
 *     then takes one 8-byte load and shifts for prefix/REX/escape/ModRM (no branches but a rare one
 *     for the legacy prefix), one load each of the key's packed attributes and its plan, and builds
 *     the operands with one dispatch on the plan's operand shape, all in locals. In glibc's code over
 *     nine instructions in ten take it; the rest (other prefixes, VEX/EVEX, 0F 38/3A, forms chosen by
 *     rm or REX.B, 16-bit addressing, #UD) return null there and take the general path below.
 *     {@code FastPathTest} checks both paths give equal instructions (random, shaped and glibc bytes,
 *     the decode vectors).</li>
 * <li>{@link dev.jvmx.x86.DecodeContext} keeps the per-decode state in a few packed ints
 *     (prefixes, REX, VEX), reset with a handful of stores; each stage checks once that its longest
 *     form fits and then reads the array directly, falling back to byte-by-byte reads (which throw
 *     at exactly the missing byte) near the end of the input or the 15-byte limit.</li>
 * <li>{@code DecodeTables} answers "ModRM? mod forced to 11?" with one packed int per slot and
 *     the candidate forms with one load from a flat array already filtered by mode. Where one form
 *     is the only candidate (most slots), its packed attributes ({@code Form.hot}: size rules, LOCK
 *     and VEX.vvvv checks, immediate bytes, operand count, condition), operand specs and mnemonic
 *     sit in arrays beside it, loaded in parallel: the common path never reads the form object.</li>
 * <li>{@code ModrmReader} reads ModRM, SIB and displacement straight from the array (with the
 *     encoding hints the formatter needs as a by-product); the effective operand size is one
 *     table lookup ({@code Decoder.operandSize}).</li>
 * <li>{@code OperandBuilder} builds the operands in one pass that also reads the immediates (the
 *     next-instruction address that RIP-relative and branch targets need comes from the form's
 *     precomputed immediate sizes), switching on an int code, with registers and small immediates
 *     interned; the operands go straight into the {@link dev.jvmx.x86.Instruction}'s fields, so a
 *     decode allocates the instruction (56 bytes: sizes, mode, prefixes and condition are packed
 *     in two ints) and its memory/branch/large-immediate operands, nothing else.</li>
 * <li>Methods on this path stay under HotSpot's inlining limits (35 bytes for cold call sites, 325
 *     for hot ones) where that matters; {@code OperandSpec}s, operand lists and size tables are
 *     shared between forms so the working set stays small.</li>
 * </ul>
 * Tried and measured slower: branch-free ModRM/SIB/displacement decoding by table and masks
 * (HotSpot makes no conditional moves in a loop-free method, and the masked version lengthens the
 * chain of dependent loads of every decode); one loop over the operands through a scratch array;
 * building the memory operand at a single call site (the builder then grows past HotSpot's inlining
 * limit); packing operand specs into a long per form.
 * <p>
 * Formatting depends only on the {@link dev.jvmx.x86.Instruction}: what objdump prints differently
 * for the same operands (a SIB byte, a zero displacement, redundant segment or 66 prefixes) is
 * recorded by the decoder in the instruction's encoding hints.
 *
 * <p>Mandatory prefix: the last F2/F3, else 66, else none; if no form takes that F2/F3 it is an
 * ordinary REP prefix and only rows without a mandatory prefix are tried again (so {@code F3 0F AF}
 * is IMUL, while {@code F3 0F 77} is #UD because EMMS is an NP row). A 66 that is a form's mandatory
 * prefix does not change its operand size.
 *
 * <h2>Operand conventions (the interpreter and translator rely on these)</h2>
 * <ul>
 * <li>Operands are exactly those Intel syntax ({@code objdump -M intel}) lists, destination first,
 *     including the implicit operands objdump prints: the shift count 1 as {@code Imm(1, 8)} and CL
 *     as a register; string instructions' memory operands as {@code Mem} (MOVSB: op0
 *     {@code Mem(ES, base RDI)}, op1 {@code Mem(DS or override, base RSI)}; STOS: {@code Mem(ES:[rDI])}
 *     then AL/AX/EAX/RAX; LODS: register then {@code Mem}; SCAS: register, {@code Mem(ES:[rDI])};
 *     CMPS: {@code Mem(DS:[rSI])}, {@code Mem(ES:[rDI])}; INS: {@code Mem(ES:[rDI])}, DX; OUTS: DX,
 *     {@code Mem}); the base register numbers are 6 (SI) and 7 (DI) and {@code Mem.addrSize} says
 *     which width of them; IN/OUT's AL/AX/EAX and DX. Implicit operands objdump does not print
 *     (MUL's rDX:rAX, PUSH/POP's stack, CPUID's registers) are not operands.</li>
 * <li>{@code Imm.value} is the immediate extended to 64 bits as the SDM specifies for the form
 *     (sign-extended for imm8 of 83/6B/6A and for imm32 of 64-bit operations, zero-extended
 *     otherwise); {@code Imm.size} is the operation size ({@code 83 /0 ib} with REX.W:
 *     {@code Imm(-1, 64)} for ib=FF). Only the low {@code size} bits are meaningful. ENTER:
 *     {@code Imm(16), Imm(8)}; shift and SSE imm8: {@code Imm(8)}.</li>
 * <li>{@code Rel.target} is absolute (next RIP + rel), masked to the operand size (16-bit: 0xFFFF).
 *     Near branches are 64-bit in 64-bit mode whatever 66 says (Intel behaviour). LOOP/LOOPcc/JrCXZ
 *     and string instructions count in the rCX of {@link dev.jvmx.x86.Instruction#addrSize()}.</li>
 * <li>{@code Mem.seg} is the effective segment: the override if any, else SS when the base is rSP
 *     or rBP (BP forms in 16-bit addressing), else DS; string destinations are always ES.
 *     {@code Mem.disp} is sign-extended; 16-bit forms map to GPR numbers (BX+SI: base 3, index 6;
 *     BP+DI: base 5, index 7...). RIP-relative: {@code base == Mem.RIP} and {@code disp} is the
 *     absolute address. moffs (A0..A3): no base, no index, {@code disp} = the unsigned offset.
 *     {@code Mem.size} is the access size in bits: 0 when nothing is accessed (LEA, INVLPG,
 *     XSAVE family whose size is dynamic), 80 for m80, 128 for m128, 4096 for FXSAVE/FXRSTOR,
 *     x87 environment 112/224, x87 state 752/864, far pointers 32/48/80, LGDT/SGDT 48 or 80.</li>
 * <li>Registers: GPR 8/16/32/64 (GPR8H for AH/CH/DH/BH with num 0..3), XMM 128, YMM 256, MMX 64,
 *     ST 80, SEG 16, CR/DR 32 or 64.</li>
 * <li>{@code cond} is tttn (0..15) for Jcc/SETcc/CMOVcc/FCMOVcc, -1 otherwise.
 *     {@code opSize} is the effective operand size; for forms whose first operand is a vector
 *     register or vector memory operand, the vector width (64 MMX, 128, 256).</li>
 * <li>MOVSD/CMPSD of SSE2 use {@link dev.jvmx.x86.Mnemonic#MOVSD_SSE}/{@code CMPSD_SSE}; size-variant
 *     mnemonics are resolved (MOVSB/MOVSW/MOVSD/MOVSQ, CBW/CWDE/CDQE, IRET/IRETD/IRETQ, JCXZ/JECXZ/
 *     JRCXZ by address size).</li>
 * <li>{@code 9B} decodes as {@link dev.jvmx.x86.Mnemonic#FWAIT} (the {@code WAIT} constant is unused).
 *     {@link dev.jvmx.x86.Prefix#VEX_L} records VEX.L; VSIB gathers put the vector index register's
 *     number in {@code Mem.index}.</li>
 * <li>XLAT has one operand, {@code Mem(DS or override:[rBX], size 8)} as objdump prints it; the
 *     executor adds the zero-extended AL. {@code D0..D3/C0/C1 /6} (the undocumented SAL alias)
 *     decode as {@link dev.jvmx.x86.Mnemonic#SAL}, which behaves as SHL.</li>
 * <li>#UD encodings are {@link dev.jvmx.x86.Mnemonic#INVALID} with the bytes consumed through ModRM,
 *     SIB and displacement (LOCK on a non-lockable form or a register destination, MOV to CS,
 *     Sreg 6/7, forms invalid in the mode, legacy prefixes or REX before VEX, VEX.vvvv != 1111
 *     where unused); EVEX encodings are {@code UNSUPPORTED_EVEX} with their full length.</li>
 * </ul>
 *
 * <h2>Entry points</h2>
 * <ul>
 * <li>{@link dev.jvmx.x86.Decoder#decode} — one instruction; never throws on guest bytes.</li>
 * <li>{@link dev.jvmx.x86.BlockScanner#scan} — a basic block (ends at Flow != NONE, an
 *     unconditional-exit instruction, an invalid one, a page boundary or the size cap).</li>
 * <li>{@link dev.jvmx.x86.IntelFormatter} — Intel syntax text in objdump's style.</li>
 * <li>{@link dev.jvmx.x86.Disassembler#write} (flat binary) and
 *     {@link dev.jvmx.x86.Disassembler#writeElf} (ELF text sections or one symbol), in
 *     {@link dev.jvmx.x86.Disassembler.Format#TEXT} or {@code TSV}; used by {@code jvmx disasm}.</li>
 * <li>{@link dev.jvmx.x86.DefinitionTable#forms()} and {@link dev.jvmx.x86.Form} — the table and
 *     per-form metadata (flags read/written/undefined, {@link dev.jvmx.x86.Feature} — by VEX.L where
 *     the VEX.256 integer forms need AVX2: {@link dev.jvmx.x86.Form#feature(boolean)},
 *     {@link dev.jvmx.x86.Instruction#feature()} —
 *     {@link dev.jvmx.x86.Form#validIn}, {@link dev.jvmx.x86.Form#cpl}, {@link dev.jvmx.x86.ExitClass},
 *     {@link dev.jvmx.x86.Flow}).</li>
 * </ul>
 *
 * <h2>Testing</h2>
 * Decode vectors ({@code decode-vectors.txt}, one per form and valid mode, cross-checked with GNU
 * objdump when generated), CPUID feature vectors ({@code feature-vectors.txt}), one block-scanner
 * test per way a block ends, a completeness meta-test, a fixed-seed objdump differential sample in
 * the unit tests, and the full run {@code scripts/objdump-diff.sh} (1,000,000 sequences per mode).
 * No code is generated from the table: it is parsed at class initialisation (about 1,800 rows), so
 * there is nothing that can go stale.
 */
package dev.jvmx.x86;
