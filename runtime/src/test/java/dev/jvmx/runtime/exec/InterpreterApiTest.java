package dev.jvmx.runtime.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jvmx.runtime.cpu.CpuState;
import dev.jvmx.runtime.mem.GuestFault;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The {@link Executor} contract as the monitors use it: budgets, fetch faults, tracing, cache invalidation. */
class InterpreterApiTest {
    static final long ORG = 0x40_0000L;

    static FlatMemory program(String asm) {
        byte[] code = Nasm.assemble("64", ORG, asm);
        FlatMemory m = new FlatMemory().map(ORG, code.length);
        m.write(ORG, code, 0, code.length);
        return m;
    }

    @Test
    void instructionBudgetStopsAtABoundaryAndResumes() {
        assumeTrue(Nasm.available(), "nasm not found");
        FlatMemory m = program("mov ecx, 10\n.l: inc eax\nloop .l\nhlt");
        CpuState s = new CpuState();
        s.rip = ORG;
        Interpreter in = new Interpreter();
        assertSame(Exit.INSTRUCTION_LIMIT, in.run(s, m, 5));
        assertEquals(2, s.gpr[CpuState.RAX], "mov, then inc/loop twice");
        assertEquals(Exit.Kind.HLT, in.run(s, m, 1000).kind());
        assertEquals(10, s.gpr[CpuState.RAX]);
        assertEquals(22, in.instructionCount(), "1 mov + 10 inc + 10 loop + hlt");
    }

    @Test
    void fetchFromUnmappedMemoryIsAPageFaultAtThatAddress() {
        CpuState s = new CpuState();
        s.rip = 0x1234_5000L;
        Exit e = new Interpreter().run(s, new FlatMemory(), 10);
        assertEquals(Exit.Kind.EXCEPTION, e.kind());
        assertEquals(GuestFault.PF, e.fault().vector());
        assertEquals(0x1234_5000L, e.fault().address());
        assertEquals(0x1234_5000L, s.rip);
    }

    @Test
    void instructionRunningIntoAnUnmappedPageFaultsOnThatPage() {
        assumeTrue(Nasm.available(), "nasm not found");
        byte[] code = Nasm.assemble("64", 0, "mov rax, 0x1122334455667788");
        FlatMemory m = new FlatMemory().map(ORG, 4096);
        long at = ORG + 4096 - 4; // the 10-byte instruction straddles into the unmapped next page
        m.write(at, code, 0, 4);
        CpuState s = new CpuState();
        s.rip = at;
        Exit e = new Interpreter().run(s, m, 1);
        assertEquals(GuestFault.PF, e.fault().vector());
        assertEquals(ORG + 4096, e.fault().address());
        assertEquals(at, s.rip);
    }

    @Test
    void tracerSeesEveryInstructionAndCacheInvalidationPicksUpNewCode() {
        assumeTrue(Nasm.available(), "nasm not found");
        FlatMemory m = program("mov eax, 1\nhlt");
        CpuState s = new CpuState();
        s.rip = ORG;
        Interpreter in = new Interpreter();
        List<String> seen = new ArrayList<>();
        in.setTracer((cpu, ins) -> seen.add(ins.mnemonic().name()));
        in.run(s, m, 10);
        assertEquals(List.of("MOV", "HLT"), seen);
        byte[] patched = Nasm.assemble("64", ORG, "mov eax, 2\nhlt");
        m.write(ORG, patched, 0, patched.length);
        in.decodeCache().invalidate(ORG, ORG + patched.length);
        s.rip = ORG;
        in.run(s, m, 10);
        assertEquals(2, s.gpr[CpuState.RAX]);
    }
}
