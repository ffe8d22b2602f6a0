package dev.jvmx.runtime.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.jvmx.runtime.cpu.CpuGeneration;
import dev.jvmx.runtime.cpu.CpuModel;
import dev.jvmx.runtime.cpu.CpuState;
import dev.jvmx.runtime.mem.GuestMemory;
import dev.jvmx.x86.Mode;
import dev.jvmx.x86.Seg;
import org.junit.jupiter.api.Test;

/**
 * The chip quirks of {@link CpuGeneration}, one vector each, run through {@link SystemStep} on a
 * 1 MiB real-mode memory (the full sets are SingleStepTests in testsuites' JvmxSingleStepTest).
 * Layout: code at 1000:0000, stack 2000:0100, data 3000:xxxx, IVT at 0.
 */
class RealModeQuirksTest {
    static final class Ram implements GuestMemory {
        final byte[] b = new byte[1 << 24];
        final long mask;

        Ram(long mask) { this.mask = mask; }

        @Override public byte read8(long a) { return b[(int) (a & mask)]; }
        @Override public short read16(long a) { return (short) (read8(a) & 0xFF | read8(a + 1) << 8); }
        @Override public int read32(long a) { return read16(a) & 0xFFFF | read16(a + 2) << 16; }
        @Override public long read64(long a) { return read32(a) & 0xFFFF_FFFFL | (long) read32(a + 4) << 32; }
        @Override public void write8(long a, byte v) { b[(int) (a & mask)] = v; }
        @Override public void write16(long a, short v) { write8(a, (byte) v); write8(a + 1, (byte) (v >> 8)); }
        @Override public void write32(long a, int v) { write16(a, (short) v); write16(a + 2, (short) (v >> 16)); }
        @Override public void write64(long a, long v) { write32(a, (int) v); write32(a + 4, (int) (v >> 32)); }

        @Override
        public int fetch(long a, byte[] dst, int off, int len) {
            for (int i = 0; i < len; i++) dst[off + i] = read8(a + i);
            return len;
        }
    }

    final CpuState s = new CpuState();
    Ram ram;
    ExecContext c;

    void chip(CpuGeneration g, int... code) {
        ram = new Ram(g.physicalMask);
        s.systemMode = true;
        s.cr0 = 0;
        s.cpl = 0;
        s.mode = Mode.BITS16;
        s.idtrLimit = 0x3FF;
        s.generation = g;
        s.loadRealSegment(Seg.CS, 0x1000);
        s.loadRealSegment(Seg.SS, 0x2000);
        s.loadRealSegment(Seg.DS, 0x3000);
        s.rip = 0;
        s.gpr[CpuState.RSP] = 0x100;
        for (int i = 0; i < code.length; i++) ram.write8(0x10000 + i, (byte) code[i]);
        ram.write16(0, (short) 0x0500); // IVT[0] (#DE) -> 0000:0500
        ram.write16(13 * 4, (short) 0x0600); // IVT[13] (#GP) -> 0000:0600
        c = new ExecContext(s, ram, CpuModel.defaultModel());
        c.bus = SystemBus.EMPTY;
    }

    void step() {
        assertNull(SystemStep.step(c, new RealModeFetch(), null));
    }

    int pushed(int offset) {
        return ram.read16(0x20000 + ((s.gpr[CpuState.RSP] + offset) & 0xFFFF)) & 0xFFFF;
    }

    @Test
    void pushSpStoresTheDecrementedValueOnThe8086Only() {
        chip(CpuGeneration.I8086, 0x54); // push sp
        step();
        assertEquals(0xFE, pushed(0));
        chip(CpuGeneration.I80286, 0x54);
        step();
        assertEquals(0x100, pushed(0));
    }

    @Test
    void theDivideErrorFrameReturnsPastTheDivOnThe8086AndToItOnThe286() {
        chip(CpuGeneration.I8086, 0xF6, 0xF3); // div bl, BL = 0
        step();
        assertEquals(0x500, s.rip);
        assertEquals(2, pushed(0));
        chip(CpuGeneration.I80286, 0xF6, 0xF3);
        step();
        assertEquals(0, pushed(0));
    }

    @Test
    void aWordAtOffsetFfffWrapsInTheSegmentOnThe8086AndIsGpOnThe286() {
        chip(CpuGeneration.I8086, 0x8B, 0x07); // mov ax, [bx]
        s.gpr[CpuState.RBX] = 0xFFFF;
        ram.write8(0x3FFFF, (byte) 0x34);
        ram.write8(0x30000, (byte) 0x12);
        step();
        assertEquals(0x1234, s.gpr[CpuState.RAX] & 0xFFFF);
        chip(CpuGeneration.I80286, 0x8B, 0x07);
        s.gpr[CpuState.RBX] = 0xFFFF;
        step();
        assertEquals(0x600, s.rip); // through IVT[13]
    }

    @Test
    void shiftCountsAreNotMaskedOnThe8086() {
        chip(CpuGeneration.I8086, 0xD3, 0xE0); // shl ax, cl
        s.gpr[CpuState.RAX] = 1;
        s.gpr[CpuState.RCX] = 33;
        step();
        assertEquals(0, s.gpr[CpuState.RAX] & 0xFFFF);
        chip(CpuGeneration.I80286, 0xD3, 0xE0);
        s.gpr[CpuState.RAX] = 1;
        s.gpr[CpuState.RCX] = 33; // masked to 1
        step();
        assertEquals(2, s.gpr[CpuState.RAX] & 0xFFFF);
    }

    @Test
    void pushfSetsBits12To15OnThe8086AndClearsThemOnThe286() {
        chip(CpuGeneration.I8086, 0x9C);
        step();
        assertEquals(0xF002, pushed(0) & 0xF002);
        chip(CpuGeneration.I80286, 0x9C);
        s.setRflags(0x7002);
        step();
        assertEquals(0x0002, pushed(0) & 0xF002);
    }

    @Test
    void the8086DecodesAliases() {
        chip(CpuGeneration.I8086, 0x64, 0x10); // 64h = JZ on the 8086 (ZF = 0 here: falls through)
        step();
        assertEquals(2, s.rip);
        chip(CpuGeneration.I8086, 0x0F); // POP CS
        ram.write16(0x20100, (short) 0x4000);
        step();
        assertEquals(0x4000, s.segSelector[Seg.CS.ordinal()]);
        assertEquals(1, s.rip);
    }
}
