package dev.jvmx.testsuites.diff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CaseGeneratorTest {
    static final List<InstructionTemplate> STARTER = StarterTemplates.load();

    @Test
    void parsesTheTemplateGrammar() {
        InstructionTemplate t = InstructionTemplate.parse("shl r/m64, imm8 | REX.W C1 /4 ib | rm=gm | OF AF");
        assertEquals("shl r/m64, imm8", t.name());
        assertEquals(List.of(new InstructionTemplate.Rex(true, true), new InstructionTemplate.Literal(0xC1),
                new InstructionTemplate.ModRm(4), new InstructionTemplate.Immediate(1)), t.encoding());
        assertEquals(Rflags.OF | Rflags.AF, t.undefinedFlags());
        assertTrue(t.allowsRm('m'));
        assertFalse(t.allowsRm('x'));
        assertThrows(IllegalArgumentException.class, () -> InstructionTemplate.parse("add r/m64, r64 | 48 01 /r | rm=gm |"));
        assertThrows(IllegalArgumentException.class, () -> InstructionTemplate.parse("nop | 90 zz | |"));
    }

    @Test
    void starterListIsLargeAndCoversIntegerAndSse() {
        assertTrue(STARTER.size() >= 100, "only " + STARTER.size());
        assertTrue(STARTER.stream().anyMatch(t -> t.name().startsWith("div r/m64")));
        assertTrue(STARTER.stream().anyMatch(t -> t.name().startsWith("pshufb")));
    }

    @Test
    void fixedRegisterFormsEncodeExactly() {
        CaseGenerator g = new CaseGenerator(List.of(InstructionTemplate.parse("cqo | REX.W 99 | |")), 1);
        TestCase c = g.next(3);
        assertArrayEqualsHex("48 99 48 99 48 99", c.code());
        assertEquals("cqo [48 99]; cqo [48 99]; cqo [48 99]", c.text());
    }

    @Test
    void sameSeedSameCases() {
        List<TestCase> a = new CaseGenerator(STARTER, 42).cases(50);
        List<TestCase> b = new CaseGenerator(STARTER, 42).cases(50);
        for (int i = 0; i < a.size(); i++) {
            assertTrue(Arrays.equals(a.get(i).code(), b.get(i).code()));
            assertEquals(a.get(i).initial(), b.get(i).initial());
        }
    }

    @Test
    void initialStateKeepsStackAndBaseInTheDataPage() {
        CaseGenerator g = new CaseGenerator(STARTER, 7);
        for (int i = 0; i < 500; i++) {
            MachineState s = g.next().initial();
            assertEquals(HostLayout.DATA_BASE + CaseGenerator.RSP_OFFSET, s.gpr(Gpr.RSP));
            long inPage = Arrays.stream(s.gpr()).filter(v -> v >= HostLayout.DATA_BASE + 0x100
                    && v <= HostLayout.DATA_BASE + 0xE00 && (v & 15) == 0).count();
            assertTrue(inPage >= 1, "no base register in the page: " + s);
        }
    }

    /** objdump must see exactly one instruction per template instance, with the template's mnemonic. */
    @Test
    void everyStarterFormEncodesToOneInstructionWithItsMnemonic() {
        CaseGenerator g = new CaseGenerator(STARTER, 3);
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        List<String> expected = new ArrayList<>();
        for (int round = 0; round < 4; round++) {
            for (InstructionTemplate t : STARTER) {
                all.writeBytes(g.instantiate(List.of(t)).code());
                expected.add(t.name().split(" ")[0]);
            }
        }
        List<String> lines = Disassembler.objdump().disassemble(all.toByteArray(), HostLayout.CODE_BASE);
        assumeTrue(!lines.isEmpty(), "objdump not available");
        assertEquals(expected.size(), lines.size(), "instruction boundaries differ from the templates");
        Map<String, String> alias = Map.of("cmovz", "cmove", "setnz", "setne", "mov", "movabs", "repe", "repz", "repne", "repnz");
        for (int i = 0; i < lines.size(); i++) {
            String want = expected.get(i);
            // objdump names a REX prefix that changes nothing ("rex or BYTE PTR [rbx],dl"): skip it
            String got = lines.get(i).replaceFirst("^rex(\\.[WRXB]+)? ", "").split(" ")[0];
            boolean pseudoOp = want.startsWith("cmp") && want.endsWith("s") || want.startsWith("cmpsd") || want.equals("pclmulqdq");
            boolean stringOp = want.matches("(movs|stos|lods|scas|cmps)[bwdq]") && got.equals(want.substring(0, 4));
            assertTrue(got.equals(want) || got.equals(alias.get(want)) || stringOp || pseudoOp && got.startsWith(want.substring(0, 3)) || pseudoOp && got.startsWith("pclmul"),
                    "instance " + i + ": expected " + want + " but objdump says " + lines.get(i));
        }
    }

    static void assertArrayEqualsHex(String hex, byte[] actual) {
        assertEquals(hex, Disassembler.hex(actual));
    }

    @Test
    void stringCasesPointRsiRdiIntoThePageWithSmallCounts() {
        InstructionTemplate movs = InstructionTemplate.parse("rep movsq | F3 REX.W A5 | str |");
        assertTrue(movs.stringOperands());
        CaseGenerator g = new CaseGenerator(List.of(movs, InstructionTemplate.parse("add r/m64, r64 | REX.W 01 /r | rm=gm reg=g |")), 9);
        int seen = 0;
        for (int i = 0; i < 300; i++) {
            TestCase c = g.next(3);
            if (!c.text().contains("movsq")) continue;
            seen++;
            MachineState s = c.initial();
            assertTrue(s.gpr(Gpr.RCX) < 18);
            for (Gpr r : List.of(Gpr.RSI, Gpr.RDI)) {
                long off = s.gpr(r) - HostLayout.DATA_BASE;
                assertTrue(off >= 0x90 && off + 0x90 <= HostLayout.DATA_SIZE, r + " at " + off);
            }
            // the add never names RCX, RSI or RDI (nor RSP) in a register field
            assertFalse(usesForbidden(c), c.text());
        }
        assertTrue(seen > 200, "only " + seen + " string cases");
    }

    /** Whether any "add r/m64, r64" in the case names RCX, RSP, RSI or RDI in a register field. */
    private static boolean usesForbidden(TestCase c) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("add r/m64, r64 \\[(4[89a-f]) 01 ([0-9a-f]{2})").matcher(c.text());
        while (m.find()) {
            int rex = Integer.parseInt(m.group(1), 16), modrm = Integer.parseInt(m.group(2), 16);
            int reg = (modrm >> 3 & 7) | (rex & 4) << 1, rm = (modrm & 7) | (rex & 1) << 3;
            for (int r : new int[] {reg, (modrm >> 6) == 3 ? rm : -1}) {
                if (r == 1 || r == 4 || r == 6 || r == 7) return true;
            }
        }
        return false;
    }
}
