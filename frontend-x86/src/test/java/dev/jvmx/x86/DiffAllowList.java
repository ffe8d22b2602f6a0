package dev.jvmx.x86;

import java.util.HexFormat;
import java.util.List;
import java.util.function.Predicate;

/**
 * Reasoned disagreements between jvmx and GNU objdump 2.40. Each entry names a category, the
 * reason (with the manual section that decides it) and a predicate over one compared case. The
 * differential test counts hits per entry; anything not listed fails.
 */
final class DiffAllowList {
    private DiffAllowList() {}

    /** One compared sequence. */
    record Case(Mode mode, byte[] bytes, Instruction ours, String ourText, ObjdumpOracle.Result objdump) {
        String hex() { return HexFormat.of().formatHex(bytes, 0, Math.max(ours.length(), objdump.length())); }

        boolean weReject() { return ours.isInvalid(); }

        String objdumpMnemonic() { return MnemonicNormalisation.mnemonic(objdump.text()); }

        /** First opcode byte after legacy prefixes and REX. */
        int opcodeAt(int k) {
            int i = 0;
            while (i < bytes.length && isPrefix(bytes[i] & 0xFF)) i++;
            return i + k < bytes.length ? bytes[i + k] & 0xFF : -1;
        }

        private boolean isPrefix(int b) {
            return switch (b) {
                case 0x26, 0x2E, 0x36, 0x3E, 0x64, 0x65, 0x66, 0x67, 0xF0, 0xF2, 0xF3 -> true;
                default -> mode == Mode.BITS64 && (b & 0xF0) == 0x40;
            };
        }
    }

    record Entry(String name, String reason, boolean lengthMayDiffer, Predicate<Case> matches) {}

    static final List<Entry> ENTRIES = List.of(
        new Entry("evex", "AVX-512 (EVEX) is decoded for length only (UNSUPPORTED_EVEX); objdump names the"
                + " instruction", false, c -> c.ours.mnemonic() == Mnemonic.UNSUPPORTED_EVEX),
        new Entry("lock-ud", "LOCK with a non-lockable instruction or a register destination is #UD"
                + " (SDM Vol. 2A, LOCK); objdump prints it anyway", true,
                c -> c.weReject() && c.ours.has(Prefix.LOCK) && c.objdump.text().contains("lock")),
        new Entry("fwait-merge", "objdump prints FWAIT followed by an x87 no-wait instruction as the single"
                + " wait form (fstsw, fstcw, finit...); they are two instructions (SDM Vol. 2A FSTSW/FNSTSW)", true,
                c -> c.ours.mnemonic() == Mnemonic.FWAIT && c.objdump.length() > 1),
        new Entry("3dnow", "AMD 3DNow! (0F 0F, FEMMS 0F 0E) is not in jvmx's CPU model (removed from AMD CPUs"
                + " since 2010)", true, c -> c.weReject() && c.opcodeAt(0) == 0x0F
                && (c.opcodeAt(1) == 0x0F || c.opcodeAt(1) == 0x0E)),
        new Entry("reserved-cr-dr", "MOV to/from CR1, CR5-7, CR9-15 and DR8-15 is #UD (SDM Vol. 2B MOV—Move"
                + " to/from Control/Debug Registers); objdump names them", true,
                c -> c.weReject() && c.opcodeAt(0) == 0x0F && c.opcodeAt(1) >= 0x20 && c.opcodeAt(1) <= 0x23),
        new Entry("salc", "SALC (D6) is undocumented by Intel but executes on every x86 CPU outside 64-bit mode;"
                + " objdump calls it (bad)", true, c -> c.ours.mnemonic() == Mnemonic.SALC),
        new Entry("x87-legacy", "FENI, FDISI, FSETPM (DB E0, E1, E4) and FRSTPM (DB E5) belong to the 8087/287;"
                + " jvmx models a modern x87 where they are not decoded", true,
                c -> c.weReject() && c.opcodeAt(0) == 0xDB && c.opcodeAt(1) >= 0xE0 && c.opcodeAt(1) <= 0xE5),
        new Entry("amd-system", "AMD-only system instructions in 0F 01 (SVM VMRUN..INVLPGA D8-DF, MONITORX,"
                + " MWAITX, CLZERO, RDPRU, INVLPGB, TLBSYNC F8-FF) are outside jvmx's Intel CPU model", true,
                c -> c.weReject() && c.opcodeAt(0) == 0x0F && c.opcodeAt(1) == 0x01
                && (c.opcodeAt(2) & 0xF8) != 0 && (c.opcodeAt(2) >= 0xD8 && c.opcodeAt(2) <= 0xDF
                    || c.opcodeAt(2) >= 0xFA)),
        new Entry("via-padlock", "VIA PadLock (0F A6, 0F A7: xstore, xcrypt*, montmul, xsha*) is outside jvmx's"
                + " Intel CPU model", true, c -> c.weReject() && c.opcodeAt(0) == 0x0F
                && (c.opcodeAt(1) == 0xA6 || c.opcodeAt(1) == 0xA7)),
        new Entry("sgx-pconfig", "SGX leaf instructions (ENCLS 0F 01 CF, ENCLU 0F 01 D7, ENCLV 0F 01 C0) and PCONFIG"
                + " (0F 01 C5) are #UD on jvmx's CPU model, which reports neither SGX nor TME-MK", true,
                c -> c.weReject() && c.opcodeAt(0) == 0x0F && c.opcodeAt(1) == 0x01
                && (c.opcodeAt(2) == 0xCF || c.opcodeAt(2) == 0xD7 || c.opcodeAt(2) == 0xC0 || c.opcodeAt(2) == 0xC5)),
        new Entry("amd-sse4a", "AMD SSE4a (EXTRQ/INSERTQ 66/F2 0F 78/79, MOVNTSS/MOVNTSD F3/F2 0F 2B) is outside"
                + " jvmx's Intel CPU model", true, c -> c.weReject() && c.opcodeAt(0) == 0x0F
                && (c.opcodeAt(1) == 0x78 || c.opcodeAt(1) == 0x79 || c.opcodeAt(1) == 0x2B)),
        new Entry("xop", "AMD XOP (8F with map select >= 8) is outside jvmx's Intel CPU model", true,
                c -> c.weReject() && c.opcodeAt(0) == 0x8F),
        new Entry("prefix-before-vex", "REX, 66, F2, F3 or LOCK before a VEX prefix is #UD (SDM Vol. 2A §2.3.2);"
                + " objdump decodes the VEX instruction", true, c -> c.weReject() && c.ours.has(Prefix.VEX)),
        new Entry("stray-rex", "a REX prefix not immediately before the opcode is ignored (SDM Vol. 2A §2.2.1);"
                + " objdump prints it, with the prefixes before it, as an instruction of its own", true,
                c -> c.mode == Mode.BITS64 && c.objdumpMnemonic().isEmpty() && c.objdump.text().contains("rex")),
        new Entry("prefetchi", "PREFETCHIT0/1 (0F 18 /7, /6 with RIP-relative addressing, 2023) are hint NOPs"
                + " on the modelled CPU (SDM Vol. 2B NOP: 0F 18 reserved-NOP space)", false,
                c -> c.ours.mnemonic() == Mnemonic.NOP && c.objdumpMnemonic().startsWith("prefetchit")),
        new Entry("test-registers", "MOV to/from TR3-TR7 (0F 24, 0F 26) existed on the 386/486 only and is #UD"
                + " since the Pentium", true, c -> c.weReject() && c.opcodeAt(0) == 0x0F
                && (c.opcodeAt(1) == 0x24 || c.opcodeAt(1) == 0x26)),
        new Entry("mpx", "MPX (bndmov, bndldx, bndstx, bndmk, bndcl, bndcu, bndcn) is removed from current CPUs;"
                + " those encodings are reserved NOPs (SDM Vol. 2B NOP, 0F 1A/0F 1B)", false,
                c -> c.ours.mnemonic() == Mnemonic.NOP && c.objdumpMnemonic().startsWith("bnd")),
        new Entry("mov-sreg-ud", "MOV to CS and Sreg encodings 6/7 are #UD (SDM Vol. 2B MOV); objdump prints them"
                + " (as cs or ?)", true,
                c -> c.weReject() && (c.opcodeAt(0) == 0x8C || c.opcodeAt(0) == 0x8E)),
        new Entry("group9-rep", "F2/F3 before a group-9 memory form that has no such prefixed form (e.g. F3 0F C7 /7"
                + " m64: VMPTRST is NP 0F C7 /7, and F3 /7 is RDPID in its register form only) is #UD (SDM Vol. 2"
                + " §3.1.1.1 \"NP\", Table A-6); objdump prints it as rep/repz with the unprefixed instruction", true,
                c -> c.weReject() && c.opcodeAt(0) == 0x0F && c.opcodeAt(1) == 0xC7
                && c.objdump.text().startsWith("rep")));
}
