package dev.jvmx.x86;

import java.util.Map;
import java.util.Set;

/**
 * How objdump's text and ours are reduced to one comparable mnemonic. Documented table:
 * <ul>
 * <li>prefix words are dropped: lock, rep, repz, repnz, repe, repne, data16, data32, addr16,
 *     addr32, rex and rex.WRXB, segment names (cs ds es ss fs gs as prefixes), bnd, notrack,
 *     xacquire, xrelease, {vex}, {vex3}, {evex};</li>
 * <li>size-suffixed spellings objdump uses map to the base mnemonic ({@link #ALIASES});</li>
 * <li>objdump's PCLMULQDQ pseudo-ops (pclmullqlqdq...) map to pclmulqdq.</li>
 * </ul>
 */
final class MnemonicNormalisation {
    private MnemonicNormalisation() {}

    private static final Set<String> PREFIX_WORDS = Set.of("lock", "rep", "repz", "repnz", "repe", "repne",
            "data16", "data32", "addr16", "addr32", "cs", "ds", "es", "ss", "fs", "gs", "bnd", "notrack",
            "xacquire", "xrelease", "{vex}", "{vex3}", "{evex}", "{disp32}", "{disp8}");

    /** objdump spelling -> our spelling. */
    static final Map<String, String> ALIASES = Map.ofEntries(
            Map.entry("movabs", "mov"), Map.entry("sal", "shl"),
            Map.entry("jmpw", "jmp"), Map.entry("jmpd", "jmp"), Map.entry("jmpq", "jmp"),
            Map.entry("callw", "call"), Map.entry("calld", "call"), Map.entry("callq", "call"),
            Map.entry("retw", "ret"), Map.entry("retd", "ret"), Map.entry("retq", "ret"),
            Map.entry("lret", "retf"), Map.entry("retfw", "retf"), Map.entry("retfd", "retf"),
            Map.entry("retfq", "retf"), Map.entry("lretw", "retf"), Map.entry("lretq", "retf"),
            Map.entry("pushfw", "pushf"), Map.entry("pushfd", "pushf"), Map.entry("pushfq", "pushf"),
            Map.entry("popfw", "popf"), Map.entry("popfd", "popf"), Map.entry("popfq", "popf"),
            Map.entry("pushaw", "pusha"), Map.entry("pushad", "pusha"), Map.entry("popaw", "popa"),
            Map.entry("popad", "popa"), Map.entry("iretw", "iret"), Map.entry("iretd", "iret"),
            Map.entry("iretq", "iret"), Map.entry("sysretd", "sysret"), Map.entry("sysretq", "sysret"),
            Map.entry("sysexitd", "sysexit"), Map.entry("sysexitq", "sysexit"),
            Map.entry("sgdtw", "sgdt"), Map.entry("sgdtd", "sgdt"), Map.entry("sgdtq", "sgdt"),
            Map.entry("sidtw", "sidt"), Map.entry("sidtd", "sidt"), Map.entry("sidtq", "sidt"),
            Map.entry("lgdtw", "lgdt"), Map.entry("lgdtd", "lgdt"), Map.entry("lgdtq", "lgdt"),
            Map.entry("lidtw", "lidt"), Map.entry("lidtd", "lidt"), Map.entry("lidtq", "lidt"),
            Map.entry("enterw", "enter"), Map.entry("enterq", "enter"), Map.entry("leavew", "leave"),
            Map.entry("leaveq", "leave"), Map.entry("ljmp", "jmp"), Map.entry("lcall", "call"),
            Map.entry("pclmullqlqdq", "pclmulqdq"), Map.entry("pclmulhqlqdq", "pclmulqdq"),
            Map.entry("pclmullqhqdq", "pclmulqdq"), Map.entry("pclmulhqhqdq", "pclmulqdq"),
            Map.entry("vpclmullqlqdq", "vpclmulqdq"), Map.entry("vpclmulhqlqdq", "vpclmulqdq"),
            Map.entry("vpclmullqhqdq", "vpclmulqdq"), Map.entry("vpclmulhqhqdq", "vpclmulqdq"),
            Map.entry("fwait", "fwait"), Map.entry("wait", "fwait"),
            Map.entry("pushw", "push"), Map.entry("popw", "pop"), Map.entry("pushd", "push"), Map.entry("popd", "pop"),
            Map.entry("pushq", "push"), Map.entry("popq", "pop"), Map.entry("xbeginw", "xbegin"),
            Map.entry("fnsavew", "fnsave"), Map.entry("fnsaved", "fnsave"), Map.entry("frstorw", "frstor"),
            Map.entry("frstord", "frstor"), Map.entry("fnstenvw", "fnstenv"), Map.entry("fnstenvd", "fnstenv"),
            Map.entry("fldenvw", "fldenv"), Map.entry("fldenvd", "fldenv"), Map.entry("fsavew", "fsave"),
            Map.entry("fstenvw", "fstenv"), Map.entry("leaved", "leave"),
            Map.entry("enterd", "enter"), Map.entry("xbegind", "xbegin"),
            Map.entry("pcmpestriq", "pcmpestri"), Map.entry("pcmpestrmq", "pcmpestrm"),
            Map.entry("vpcmpestriq", "vpcmpestri"), Map.entry("vpcmpestrmq", "vpcmpestrm"));

    /** The mnemonic word of an Intel-syntax line, prefixes dropped, aliases applied. */
    static String mnemonic(String text) {
        for (String w : text.trim().split("\\s+")) {
            if (PREFIX_WORDS.contains(w) || w.startsWith("rex")) continue;
            return ALIASES.getOrDefault(w, w);
        }
        return "";
    }
}
