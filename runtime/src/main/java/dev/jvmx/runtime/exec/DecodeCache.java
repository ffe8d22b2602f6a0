package dev.jvmx.runtime.exec;

import dev.jvmx.runtime.mem.GuestFault;
import dev.jvmx.runtime.mem.GuestMemory;
import dev.jvmx.x86.Decoder;
import dev.jvmx.x86.Instruction;
import dev.jvmx.x86.Mnemonic;
import dev.jvmx.x86.Mode;

/**
 * Decoded instructions per code address: a direct-mapped table, so a hit is one index and two
 * compares. Entries are keyed by linear address and mode. Whoever learns that code changed calls
 * {@link #invalidate(long, long)} or {@link #clear()}: in process mode the ProcessMonitor forwards
 * the address space's CodeChangeListener events here (writes to fetched-from pages, unmaps).
 */
public final class DecodeCache {
    private static final int BITS = 14;
    private static final int MAX_LENGTH = 15;

    private final Instruction[] entries = new Instruction[1 << BITS];
    private final byte[] buf = new byte[MAX_LENGTH];

    /** The instruction at {@code addr}, decoding it on a miss. Throws the fetch fault if the bytes are unreadable. */
    public Instruction get(GuestMemory mem, Mode mode, long addr) {
        int slot = index(addr);
        Instruction ins = entries[slot];
        if (ins != null && ins.address() == addr && ins.mode() == mode) return ins;
        ins = decode(mem, mode, addr);
        if (!ins.isInvalid()) entries[slot] = ins;
        return ins;
    }

    private Instruction decode(GuestMemory mem, Mode mode, long addr) {
        return decodeAt(mem, mode, addr, buf);
    }

    /**
     * Fetches and decodes the one instruction at {@code addr} (using {@code buf}, at least 15 bytes);
     * when it runs into bytes that cannot be fetched, raises the fetch fault of the first such byte.
     * Shared by the interpreter's cache and the translator's block decoder.
     */
    public static Instruction decodeAt(GuestMemory mem, Mode mode, long addr, byte[] buf) {
        int n = mem.fetch(addr, buf, 0, MAX_LENGTH);
        Instruction ins = Decoder.decode(mode, buf, 0, n, addr);
        if (ins.mnemonic() == Mnemonic.TRUNCATED) {
            // the instruction runs into bytes that cannot be fetched: raise that fetch fault
            mem.fetch(addr + n, buf, 0, 1);
            throw GuestFault.pageFault(addr + n, GuestFault.PF_I | GuestFault.PF_U);
        }
        return ins;
    }

    private static int index(long addr) {
        return (int) (addr ^ (addr >>> BITS)) & ((1 << BITS) - 1);
    }

    /** Drops cached decodings of instructions starting in [from, to). */
    public void invalidate(long from, long to) {
        for (int i = 0; i < entries.length; i++) {
            Instruction ins = entries[i];
            if (ins != null && ins.address() + MAX_LENGTH > from && ins.address() < to) entries[i] = null;
        }
    }

    public void clear() {
        java.util.Arrays.fill(entries, null);
    }
}
