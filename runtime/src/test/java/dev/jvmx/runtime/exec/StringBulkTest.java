package dev.jvmx.runtime.exec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jvmx.runtime.cpu.CpuState;
import dev.jvmx.runtime.mem.GuestFault;
import dev.jvmx.runtime.mem.GuestMemory;
import dev.jvmx.runtime.mem.ProcessAddressSpace;
import dev.jvmx.runtime.mem.Prot;
import dev.jvmx.x86.Mode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * REP string instructions in bulk ({@link StringHandlers}): each program runs twice on a process
 * address space, once as is (its software TLB lets stretches of iterations run at once) and once
 * behind a view that hides the TLB (every element goes the per-element way), and the two must end
 * in the same registers, flags, exit and memory. Some cases also check the result itself.
 */
class StringBulkTest {
    static final long CODE = 0x40_0000L, DATA = 0x60_0000L, DATA_PAGES = 4;
    /** Data pages: [DATA, DATA + 3 pages) read-write, then one read-only page, then nothing mapped. */
    static final long RO = DATA + 3 * 4096L, END = DATA + DATA_PAGES * 4096L;

    /** The same memory without its software TLB: the interpreter's per-element path. */
    record ScalarOnly(GuestMemory m) implements GuestMemory {
        public byte read8(long a) { return m.read8(a); }
        public short read16(long a) { return m.read16(a); }
        public int read32(long a) { return m.read32(a); }
        public long read64(long a) { return m.read64(a); }
        public void write8(long a, byte v) { m.write8(a, v); }
        public void write16(long a, short v) { m.write16(a, v); }
        public void write32(long a, int v) { m.write32(a, v); }
        public void write64(long a, long v) { m.write64(a, v); }
        public int fetch(long a, byte[] d, int o, int n) { return m.fetch(a, d, o, n); }
        public void checkWrite(long a, int n) { m.checkWrite(a, n); }
    }

    record Run(CpuState cpu, Exit exit, byte[] data, List<Long> codeChanges) {}

    static Run run(String bits, String asm, boolean bulk, java.util.function.Consumer<CpuState> init) {
        byte[] code = Nasm.assemble(bits, CODE, asm);
        ProcessAddressSpace as = new ProcessAddressSpace();
        as.mmap(CODE, 4096, Prot.RWX, ProcessAddressSpace.Placement.FIXED, "code");
        as.poke(CODE, code, 0, code.length);
        as.mmap(DATA, 3 * 4096L, Prot.RW, ProcessAddressSpace.Placement.FIXED, "data");
        as.mmap(RO, 4096, Prot.READ, ProcessAddressSpace.Placement.FIXED, "ro");
        byte[] pattern = new byte[(int) (END - DATA)];
        for (int k = 0; k < pattern.length; k++) pattern[k] = (byte) (k * 7 + (k >> 8));
        as.poke(DATA, pattern, 0, pattern.length);
        Interpreter in = new Interpreter();
        List<Long> changes = new ArrayList<>();
        as.setCodeChangeListener((start, end) -> {
            changes.add(start);
            in.decodeCache().invalidate(start, end);
        });
        CpuState s = new CpuState();
        s.rip = CODE;
        if (bits.equals("32")) s.mode = Mode.BITS32;
        init.accept(s);
        Exit e = in.run(s, bulk ? as : new ScalarOnly(as), 100_000);
        byte[] data = new byte[(int) (END - DATA)];
        as.read(DATA, data, 0, data.length);
        return new Run(s, e, data, changes);
    }

    /** Runs {@code asm} both ways, checks they agree and returns the bulk run. */
    static Run same(String bits, String asm, java.util.function.Consumer<CpuState> init) {
        assumeTrue(Nasm.available(), "nasm not found: string bulk tests skipped");
        Run bulk = run(bits, asm, true, init), scalar = run(bits, asm, false, init);
        for (int r = 0; r < 16; r++) {
            assertEquals(Long.toHexString(scalar.cpu.gpr[r]), Long.toHexString(bulk.cpu.gpr[r]), "register " + r + " of\n" + asm);
        }
        assertEquals(Long.toHexString(scalar.cpu.rflags()), Long.toHexString(bulk.cpu.rflags()), "flags of\n" + asm);
        assertEquals(scalar.cpu.rip, bulk.cpu.rip, "rip of\n" + asm);
        assertEquals(scalar.exit.kind(), bulk.exit.kind(), "exit of\n" + asm);
        if (scalar.exit.fault() != null) {
            assertEquals(scalar.exit.fault().vector(), bulk.exit.fault().vector());
            assertEquals(Long.toHexString(scalar.exit.fault().address()), Long.toHexString(bulk.exit.fault().address()));
            assertEquals(scalar.exit.fault().errorCode(), bulk.exit.fault().errorCode());
        }
        assertArrayEquals(scalar.data, bulk.data, "memory after\n" + asm);
        return bulk;
    }

    static Run same(String asm) { return same("64", asm, s -> { }); }

    static String setup(long rsi, long rdi, long rcx) {
        return "mov rsi, " + rsi + "\nmov rdi, " + rdi + "\nmov rcx, " + rcx + "\n";
    }

    @Test
    void forwardCopiesOfEveryWidthAcrossPages() {
        for (String w : new String[] {"b", "w", "d", "q"}) {
            for (long src : new long[] {DATA + 3, DATA + 0x1FFD}) {
                same(setup(src, DATA + 0x1001 + (src & 0xF), 0x901) + "rep movs" + w + "\nhlt");
            }
        }
    }

    @Test
    void forwardOverlapReplicatesThePatternAsByteByByteIterationDoes() {
        Run r = same(setup(DATA + 0x10, DATA + 0x13, 5000) + "rep movsb\nhlt");
        for (int k = 0; k < 5000; k++) assertEquals(r.data[0x10 + k % 3], r.data[0x13 + k], "byte " + k);
        for (long d : new long[] {1, 3, 7, 8, 9, 11, 100, 0xFFF}) {
            for (String w : new String[] {"b", "w", "d", "q"}) {
                same(setup(DATA + 0x20, DATA + 0x20 + d, 600) + "rep movs" + w + "\nhlt");
                same(setup(DATA + 0x20 + d, DATA + 0x20, 600) + "rep movs" + w + "\nhlt");
            }
        }
    }

    @Test
    void backwardCopiesWithAndWithoutOverlap() {
        for (long d : new long[] {-9, -8, -5, -1, 1, 5, 8, 9, 0x2000}) {
            for (String w : new String[] {"b", "w", "d", "q"}) {
                same("std\n" + setup(DATA + 0x2800, DATA + 0x2800 - d, 700) + "rep movs" + w + "\ncld\nhlt");
            }
        }
    }

    @Test
    void storesOfEveryWidthBothDirections() {
        for (String w : new String[] {"b", "w", "d", "q"}) {
            same("mov rax, 0x1122334455667788\n" + setup(0, DATA + 0x7F5, 0x501) + "rep stos" + w + "\nhlt");
            same("mov rax, 0x4141414141414141\n" + setup(0, DATA + 0x7F5, 0x501) + "rep stos" + w + "\nhlt");
            same("std\nmov rax, 0x1122334455667788\n" + setup(0, DATA + 0x2003, 0x501) + "rep stos" + w + "\ncld\nhlt");
        }
        Run r = same("mov eax, 0xAABBCCDD\n" + setup(0, DATA + 0xFFE, 0x401) + "rep stosd\nhlt");
        for (int k = 0; k < 0x401; k++) assertEquals(0xDD, r.data[0xFFE + 4 * k] & 0xFF, "element " + k);
    }

    @Test
    void faultsMidStringLeaveTheStateOfTheFaultingIteration() {
        // destination runs into the read-only page
        String start = setup(DATA, RO - 0x105, 0x800);
        Run r = same(start + "rep movsq\nhlt");
        assertEquals(GuestFault.PF, r.exit.fault().vector());
        assertEquals(RO, r.exit.fault().address());
        assertEquals(0x800 - 0x20, r.cpu.gpr[CpuState.RCX], "0x105 bytes fit in 0x20 whole quadwords, the 0x21st crosses");
        assertEquals(RO - 0x5, r.cpu.gpr[CpuState.RDI]);
        assertEquals(CODE + Nasm.assemble("64", CODE, start).length, r.cpu.rip, "RIP at the REP MOVSQ");
        // source runs off the end of the mapping; stores fault the same way
        same(setup(END - 0x1234, DATA, 0x2000) + "rep movsb\nhlt");
        same("mov eax, 7\n" + setup(0, RO - 0x1003, 0x2000) + "rep stosw\nhlt");
        same("std\nmov eax, 7\n" + setup(0, DATA + 0x10, 0x2000) + "rep stosd\nhlt");
        // a compare running off the end keeps the flags of its last completed iteration
        r = same(setup(END - 0x300, END - 0x300, 0x2000) + "repe cmpsb\nhlt");
        assertEquals(END, r.exit.fault().address());
        assertEquals(0x2000 - 0x300, r.cpu.gpr[CpuState.RCX]);
    }

    @Test
    void aFaultAfterABulkStretchOfComparesSeesTheFlagsOfItsLastIteration() {
        // the handler alone (the interpreter would restore the flags of before the instruction):
        // REPE CMPSB over equal bytes up to the end of the mapping leaves ZF=1 when the read faults
        for (boolean bulk : new boolean[] {true, false}) {
            ProcessAddressSpace as = new ProcessAddressSpace();
            as.mmap(DATA, 4096, Prot.RW, ProcessAddressSpace.Placement.FIXED, "data");
            CpuState s = new CpuState();
            s.gpr[CpuState.RSI] = s.gpr[CpuState.RDI] = DATA + 0x800;
            s.gpr[CpuState.RCX] = 0x1000;
            as.read8(DATA); // the TLB holds the page, so the bulk path takes the first 0x7FF elements at once
            ExecContext c = new ExecContext(s, bulk ? as : new ScalarOnly(as), null);
            dev.jvmx.x86.Instruction i = dev.jvmx.x86.Decoder.decode(Mode.BITS64, new byte[] {(byte) 0xF3, (byte) 0xA6}, 0, 2, CODE);
            GuestFault f = org.junit.jupiter.api.Assertions.assertThrows(GuestFault.class, () -> StringHandlers.run(c, i, StringHandlers.Kind.CMPS, 8));
            assertEquals(DATA + 0x1000, f.address());
            assertEquals(0x800, s.gpr[CpuState.RCX], bulk ? "bulk" : "per element");
            assertEquals(dev.jvmx.x86.Flags.ZF, s.statusFlags() & (dev.jvmx.x86.Flags.ZF | dev.jvmx.x86.Flags.CF), bulk ? "bulk" : "per element");
        }
    }

    @Test
    void comparesAndScansStopWhereIterationWould() {
        same(setup(DATA + 0x10, DATA + 0x10, 0x2100) + "mov byte [rdi + 0x1800], 0x55\nrepe cmpsb\nhlt");
        same(setup(DATA + 0x10, DATA + 0x10, 0x100) + "repe cmpsq\nhlt");
        same(setup(DATA + 0x10, DATA + 0x1010, 0x100) + "repe cmpsw\nhlt");
        same(setup(DATA + 0x10, DATA + 0x1010, 0x100) + "repne cmpsd\nhlt");
        same("xor eax, eax\n" + setup(0, DATA, -1) + "mov byte [rdi + 0x1ABC], 0\nrepne scasb\nhlt");
        same("mov eax, 0x77\n" + setup(0, DATA + 0x100, 0x1800) + "repe scasb\nhlt");
        same("std\nxor eax, eax\n" + setup(0, DATA + 0x2FF0, 0x2800) + "mov word [DATA + 0x402], 0\nrepne scasw\ncld\nhlt"
                .replace("DATA", Long.toString(DATA)));
        Run r = same("mov eax, 0x23\n" + setup(0, DATA + 0x10, 0x2000) + "mov byte [rdi + 0x1234], 0x23\nrepne scasb\nhlt");
        int first = 0;
        while ((r.data[0x10 + first] & 0xFF) != 0x23) first++;
        assertEquals(DATA + 0x10 + first + 1, r.cpu.gpr[CpuState.RDI], "one past the first 0x23");
        assertEquals(0x2000 - first - 1, r.cpu.gpr[CpuState.RCX]);
    }

    @Test
    void thirtyTwoBitAddressSizeUsesAndZeroExtendsTheLowHalves() {
        long junk = 0x5A5A_0000_0000_0000L;
        same(setup(junk | (DATA + 0x100), junk | (DATA + 0x1100), junk | 0x1234) + "a32 rep movsb\nhlt");
        same("mov eax, 3\n" + setup(0, junk | (DATA + 0x2FFF), junk | 0x10) + "std\na32 rep stosd\ncld\nhlt");
    }

    @Test
    void sixteenBitAddressSizeWrapsItsOffsets() {
        // 32-bit code, DS and ES based at DATA: 16-bit SI/DI/CX; an offset wrap at FFFFh leaves the stretch
        java.util.function.Consumer<CpuState> bases = s -> {
            s.segBase[dev.jvmx.x86.Seg.DS.ordinal()] = DATA;
            s.segBase[dev.jvmx.x86.Seg.ES.ordinal()] = DATA;
        };
        same("32", "mov esi, 0x100\nmov edi, 0x1100\nmov ecx, 0x1234\na16 rep movsb\nhlt", bases);
        same("32", "mov esi, 0x100\nmov edi, 0x1100\nmov ecx, 0x10234\na16 rep movsw\nhlt", bases);
        same("32", "mov eax, 0x12345678\nmov edi, 0xFFF8\nmov ecx, 0x10\na16 rep stosd\nhlt", s -> {
            s.segBase[dev.jvmx.x86.Seg.ES.ordinal()] = DATA - 0xF000;
        });
    }

    @Test
    void copiesIntoCodeAreSeenByTheNextFetch() {
        String asm = setup(DATA, 0, 16) + "lea rdi, [rel patch]\nrep movsb\npatch: mov eax, 1\nhlt\n";
        assumeTrue(Nasm.available(), "nasm not found: string bulk tests skipped");
        Run r = same(asm, Nasm.assemble("64", 0, "mov eax, 2\nhlt"));
        assertEquals(2, r.cpu.gpr[CpuState.RAX], "the copied instruction ran");
        assertTrue(r.codeChanges.contains(CODE), "the code page was reported");
    }

    /** Like {@link #same(String)} with {@code newCode} at DATA first (in both runs). */
    static Run same(String asm, byte[] newCode) {
        StringBuilder put = new StringBuilder();
        for (int k = 0; k < newCode.length; k++) put.append("mov byte [").append(DATA + k).append("], ").append(newCode[k] & 0xFF).append('\n');
        return same("64", put + asm, s -> { });
    }
}
