package dev.jvmx.testsuites.diff;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** jvmx's side of the differential harness on its own: layout, state mapping, fault mapping. */
class JvmxCpuTest {
    final JvmxCpu cpu64 = new JvmxCpu(HostArch.X86_64);
    final JvmxCpu cpu32 = new JvmxCpu(HostArch.I386);

    static byte[] hex(String s) {
        return HexFormat.of().parseHex(s.replace(" ", ""));
    }

    @Test
    void addCompletesAtTheEndOfTheSnippetWithFlags() {
        MachineState in = MachineState.reset().withGpr(Gpr.RAX, -1L).withGpr(Gpr.RBX, 1);
        Outcome.Completed done = assertInstanceOf(Outcome.Completed.class, cpu64.run(hex("48 01 d8"), in)); // add rax, rbx
        assertEquals(HostLayout.CODE_BASE + 3, done.rip());
        assertEquals(0, done.state().gpr(Gpr.RAX));
        assertEquals(Rflags.CF | Rflags.ZF | Rflags.AF | Rflags.PF, done.state().rflags() & Rflags.COMPARED);
        assertEquals(Rflags.USER_FIXED, done.state().rflags() & Rflags.USER_FIXED);
    }

    @Test
    void flagsOutsideTheLoadedSetAreForcedLikeTheHarness() {
        MachineState in = MachineState.reset().withRflags(Rflags.TF | Rflags.CF);   // TF would trap on the host
        Outcome.Completed done = assertInstanceOf(Outcome.Completed.class, cpu64.run(hex("90"), in));
        assertEquals(Rflags.CF | Rflags.USER_FIXED, done.state().rflags() & (Rflags.COMPARED | Rflags.TF | Rflags.USER_FIXED));
    }

    @Test
    void storeLandsInTheDataPage() {
        MachineState in = MachineState.reset().withGpr(Gpr.RAX, HostLayout.DATA_BASE + 0x100).withGpr(Gpr.RBX, 0x1122_3344_5566_7788L);
        Outcome.Completed done = assertInstanceOf(Outcome.Completed.class, cpu64.run(hex("48 89 18"), in)); // mov [rax], rbx
        assertEquals(0x1122_3344_5566_7788L, done.state().dataQword(0x100));
    }

    @Test
    void accessTraceAndCaseDumpShowTheInputs() {
        MachineState in = MachineState.reset().withGpr(Gpr.RAX, HostLayout.DATA_BASE + 0x100).withGpr(Gpr.RBX, 0x1122_3344_5566_7788L)
                .withXmm(1, 5, 6);
        assertEquals("write 8 @0x10000100 = 0x1122334455667788\n", cpu64.traceAccesses(hex("48 89 18"), in).replace("\r", ""));
        String dump = JvmxCaseDump.inputs(new TestCase(hex("48 89 18"), in, 0, "mov r/m64, r64 [48 89 18]"), HostArch.X86_64,
                java.util.List.of("mov QWORD PTR [rax],rbx ; xmm1 named for the test"));
        assertTrue(dump.contains("rbx=1122334455667788"), dump);
        assertTrue(dump.contains("xmm1=0000000000000006_0000000000000005"), dump);
        assertTrue(dump.contains("write 8 @0x10000100 = 0x1122334455667788"), dump);
    }

    @Test
    void readOfAnUnmappedPageIsAPageFaultAtTheInstruction() {
        MachineState in = MachineState.reset().withGpr(Gpr.RAX, 0x2000_0000L);
        Outcome.Faulted f = assertInstanceOf(Outcome.Faulted.class, cpu64.run(hex("90 48 8b 00"), in)); // nop; mov rax, [rax]
        assertEquals(Vector.PF, f.vector());
        assertEquals(HostLayout.CODE_BASE + 1, f.rip());
        assertEquals(0x2000_0000L, f.address());
        assertEquals(4, f.errorCode() & 7, "U, not present, read");
        assertEquals(Vector.SIGSEGV, f.signal());
        assertEquals(1, f.siCode(), "SEGV_MAPERR");
    }

    @Test
    void splitWriteFaultsAtTheFirstUnmappedByteAndWritesNothing() {
        MachineState in = MachineState.reset().withGpr(Gpr.RAX, HostLayout.DATA_BASE + 0xFFC).withGpr(Gpr.RBX, -1L);
        Outcome.Faulted f = assertInstanceOf(Outcome.Faulted.class, cpu64.run(hex("48 89 18"), in)); // mov [rax], rbx
        assertEquals(Vector.PF, f.vector());
        assertEquals(HostLayout.DATA_BASE + 0x1000, f.address());
        assertEquals(6, f.errorCode() & 7, "U, W, not present");
        assertArrayEquals(in.data(), f.state().data());
    }

    @Test
    void divideByZeroIsDeWithStateBeforeTheInstruction() {
        MachineState in = MachineState.reset().withGpr(Gpr.RAX, 5).withGpr(Gpr.RCX, 0);
        Outcome.Faulted f = assertInstanceOf(Outcome.Faulted.class, cpu64.run(hex("48 ff c0 48 f7 f1"), in)); // inc rax; div rcx
        assertEquals(Vector.DE, f.vector());
        assertEquals(HostLayout.CODE_BASE + 3, f.rip());
        assertEquals(6, f.state().gpr(Gpr.RAX));
        assertEquals(Vector.SIGFPE, f.signal());
    }

    @Test
    void endlessLoopTimesOut() {
        assertInstanceOf(Outcome.TimedOut.class, cpu64.run(hex("eb fe"), MachineState.reset())); // jmp $
    }

    @Test
    void thirtyTwoBitModeDecodesIncAndKeepsUpperRegistersZero() {
        MachineState in = MachineState.reset().withGpr(Gpr.RAX, 0xFFFF_FFFFL).withGpr(Gpr.RBX, 1).withGpr(Gpr.RDI, 0x1234_5678);
        Outcome.Completed done = assertInstanceOf(Outcome.Completed.class, cpu32.run(hex("47 01 d8"), in)); // inc edi; add eax, ebx
        assertEquals(0, done.state().gpr(Gpr.RAX));
        assertEquals(0x1234_5679, done.state().gpr(Gpr.RDI));
        assertEquals(Rflags.CF | Rflags.ZF | Rflags.AF | Rflags.PF, done.state().rflags() & Rflags.COMPARED);
        assertEquals(HostLayout.CODE_BASE + 3, done.rip());
    }

    @Test
    void xmmAndMxcsrRoundTrip() {
        MachineState in = MachineState.reset().withXmm(0, 1, 2).withXmm(1, 0x10, 0x20).withXmm(15, 7, 8).withMxcsr(0x3F80);
        Outcome.Completed done = assertInstanceOf(Outcome.Completed.class, cpu64.run(hex("66 0f d4 c1"), in)); // paddq xmm0, xmm1
        assertEquals(0x11, done.state().xmmLow(0));
        assertEquals(0x22, done.state().xmmHigh(0));
        assertEquals(8, done.state().xmmHigh(15));
        assertEquals(0x3F80, done.state().mxcsr());
    }

    @Test
    void x87ControlStatusAndTagsRoundTripAndTheStackPassesThrough() {
        byte[] st = new byte[80];
        st[9] = 0x3F;
        st[7] = (byte) 0x80;   // ST(0) = 1.0
        X87State x87 = new X87State(0x027F, 0x3800, 0x80, st);   // TOP = 7, physical register 7 valid
        Outcome.Completed done = assertInstanceOf(Outcome.Completed.class, cpu64.run(hex("90"), MachineState.reset().withX87(x87)));
        assertEquals(x87, done.state().x87());
    }

    @Test
    void x87StackIsLoadedByTopAndReadBackInStackOrder() {
        byte[] st = new byte[80];
        st[7] = (byte) 0x80;
        st[8] = (byte) 0xFF;
        st[9] = 0x3F;   // ST(0) = 1.0 in physical register 5
        X87State x87 = new X87State(0x037F, 5 << 11, 1 << 5, st);
        Outcome.Completed done = assertInstanceOf(Outcome.Completed.class,
                cpu64.run(hex("d9 e8"), MachineState.reset().withX87(x87)));   // fld1: push 1.0
        X87State out = done.state().x87();
        assertEquals(4, out.fsw() >> 11 & 7, "TOP decremented");
        assertEquals(1 << 5 | 1 << 4, out.ftw());
        assertArrayEquals(x87.st(0), out.st(1), "the old ST(0) is ST(1) now");
        assertArrayEquals(x87.st(0), out.st(0), "1.0 again");
    }

    @Test
    void tagWordConversionsFollowTheSdm() {
        assertEquals(0xFFFF, JvmxStates.fullTag(0));
        assertEquals(0x3FFF, JvmxStates.fullTag(0x80));
        assertEquals(0x80, JvmxStates.abridgedTag(0x3FFF));
        assertEquals(0x80, JvmxStates.abridgedTag(0x7FFF), "special (10) is not empty");
        assertEquals(0, JvmxStates.abridgedTag(0xFFFF));
    }
}
