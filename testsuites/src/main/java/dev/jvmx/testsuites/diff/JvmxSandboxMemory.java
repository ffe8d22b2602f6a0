package dev.jvmx.testsuites.diff;

import dev.jvmx.runtime.mem.GuestFault;
import dev.jvmx.runtime.mem.GuestMemory;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * The guest memory of one differential case: exactly the two pages of {@link HostLayout}, with
 * the permissions the native harness gives them, and nothing else.
 *
 * <pre>
 *   0x1000_0000  data page  RW-   the case's data page
 *   0x1001_0000  code page  RWX   the snippet; bytes after it are zero (the host has its return
 *                                 jump there, which neither side ever executes: the run ends
 *                                 when RIP reaches code_base + code_len)
 *   elsewhere    not present  ->  #PF, error code U | W (write) | I (fetch), P clear
 * </pre>
 *
 * A multi-byte access that runs off a page faults at the first byte that is not mapped, as the
 * hardware reports CR2 for a split access (SDM Vol. 3A §4.7). Reused across cases
 * ({@link #load}); a write into the code page sets {@link #codeWritten()} so that the caller can
 * drop decoded instructions.
 */
public final class JvmxSandboxMemory implements GuestMemory {
    private static final int PAGE = 4096;
    private static final VarHandle I16 = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle I32 = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle I64 = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private final byte[] data = new byte[PAGE];
    private final byte[] code = new byte[PAGE];
    private boolean codeWritten;
    /** Data accesses of the current case when tracing ({@link #trace}), else null. */
    private StringBuilder trace;

    /** Starts ({@code true}) or stops recording data accesses; {@link #traced()} returns them. */
    public void trace(boolean on) {
        trace = on ? new StringBuilder() : null;
    }

    /** The data accesses recorded since {@link #trace}{@code (true)}, one a line: {@code "read  8 @0x10000820 = 0x..."}. */
    public String traced() {
        return trace == null ? "" : trace.toString();
    }

    private void note(String what, long addr, int n, long v) {
        if (trace != null) trace.append(String.format("%s %d @%#x = %#x%n", what, n, addr, v));
    }

    /** Fills the data page from {@code state} and the code page with {@code snippet} then zeros. */
    public void load(MachineState state, byte[] snippet) {
        byte[] d = state.data();
        System.arraycopy(d, 0, data, 0, PAGE);
        Arrays.fill(code, snippet.length, PAGE, (byte) 0);
        System.arraycopy(snippet, 0, code, 0, snippet.length);
        codeWritten = false;
    }

    /** A copy of the data page. */
    public byte[] dataPage() {
        return data.clone();
    }

    /** Whether the snippet wrote into the code page since {@link #load} or the last call. */
    public boolean codeWritten() {
        boolean w = codeWritten;
        codeWritten = false;
        return w;
    }

    // ---- page lookup: the page array, or null when nothing is mapped there ----

    private byte[] page(long addr) {
        long base = addr & ~(PAGE - 1L);
        if (base == HostLayout.DATA_BASE) return data;
        if (base == HostLayout.CODE_BASE) return code;
        return null;
    }

    /** The page holding all {@code n} bytes at {@code addr}, or a #PF at the first unmapped one. */
    private byte[] pageFor(long addr, int n, int errorBits) {
        int off = (int) (addr & (PAGE - 1));
        byte[] p = page(addr);
        if (p != null && off + n <= PAGE) return p;
        for (int i = 0; i < n; i++) {
            long a = addr + i;
            if (page(a) != null) continue;
            // the CPU's canonical check comes before paging: #GP(0) (SDM Vol. 1 §3.3.7.1); the
            // upper half is the kernel's, whose pages are present (P set, U clear: a protection fault)
            if (a << 16 >> 16 != a && a == addr) throw GuestFault.of(GuestFault.GP, 0);
            throw GuestFault.pageFault(a, GuestFault.PF_U | errorBits | (a < 0 && a << 16 >> 16 == a ? GuestFault.PF_P : 0));
        }
        return null;   // mapped on both sides of a page boundary: the caller goes byte by byte
    }

    private static int off(long addr) {
        return (int) (addr & (PAGE - 1));
    }

    @Override
    public byte read8(long addr) {
        byte v = pageFor(addr, 1, 0)[off(addr)];
        note("read ", addr, 1, v & 0xFF);
        return v;
    }

    @Override
    public short read16(long addr) {
        byte[] p = pageFor(addr, 2, 0);
        short v = p != null ? (short) I16.get(p, off(addr)) : (short) readSplit(addr, 2);
        note("read ", addr, 2, v & 0xFFFF);
        return v;
    }

    @Override
    public int read32(long addr) {
        byte[] p = pageFor(addr, 4, 0);
        int v = p != null ? (int) I32.get(p, off(addr)) : (int) readSplit(addr, 4);
        note("read ", addr, 4, v & 0xFFFF_FFFFL);
        return v;
    }

    @Override
    public long read64(long addr) {
        byte[] p = pageFor(addr, 8, 0);
        long v = p != null ? (long) I64.get(p, off(addr)) : readSplit(addr, 8);
        note("read ", addr, 8, v);
        return v;
    }

    @Override
    public void write8(long addr, byte v) {
        pageFor(addr, 1, GuestFault.PF_W)[off(addr)] = v;
        noteCode(addr, 1);
        note("write", addr, 1, v & 0xFF);
    }

    @Override
    public void write16(long addr, short v) {
        byte[] p = pageFor(addr, 2, GuestFault.PF_W);
        if (p != null) I16.set(p, off(addr), v); else writeSplit(addr, v, 2);
        noteCode(addr, 2);
        note("write", addr, 2, v & 0xFFFF);
    }

    @Override
    public void write32(long addr, int v) {
        byte[] p = pageFor(addr, 4, GuestFault.PF_W);
        if (p != null) I32.set(p, off(addr), v); else writeSplit(addr, v, 4);
        noteCode(addr, 4);
        note("write", addr, 4, v & 0xFFFF_FFFFL);
    }

    @Override
    public void checkWrite(long addr, int len) { pageFor(addr, len, GuestFault.PF_W); }

    @Override
    public void write64(long addr, long v) {
        byte[] p = pageFor(addr, 8, GuestFault.PF_W);
        if (p != null) I64.set(p, off(addr), v); else writeSplit(addr, v, 8);
        noteCode(addr, 8);
        note("write", addr, 8, v);
    }

    @Override
    public int fetch(long addr, byte[] dst, int off, int len) {
        int n = 0;
        while (n < len) {
            byte[] p = page(addr + n);
            if (p != code) break;   // only the code page is executable
            dst[off + n] = p[off(addr + n)];
            n++;
        }
        if (n == 0) throw GuestFault.pageFault(addr, GuestFault.PF_U | GuestFault.PF_I | (page(addr) != null ? GuestFault.PF_P : 0));
        return n;
    }

    private long readSplit(long addr, int n) {
        long v = 0;
        for (int i = n - 1; i >= 0; i--) v = v << 8 | (page(addr + i)[off(addr + i)] & 0xFF);
        return v;
    }

    private void writeSplit(long addr, long v, int n) {
        for (int i = 0; i < n; i++) page(addr + i)[off(addr + i)] = (byte) (v >>> (8 * i));
    }

    private void noteCode(long addr, int n) {
        if (page(addr) == code || page(addr + n - 1) == code) codeWritten = true;
    }
}
