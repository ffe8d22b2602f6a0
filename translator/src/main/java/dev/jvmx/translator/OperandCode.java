package dev.jvmx.translator;

import static org.objectweb.asm.Opcodes.*;

import dev.jvmx.runtime.cpu.CpuState;
import dev.jvmx.runtime.cpu.LazyFlags;
import dev.jvmx.runtime.exec.ExecContext;
import dev.jvmx.runtime.exec.Operands;
import dev.jvmx.runtime.mem.DirectTlb;
import dev.jvmx.runtime.mem.GuestMemory;
import dev.jvmx.x86.Mode;
import dev.jvmx.x86.Operand;
import dev.jvmx.x86.Operand.Imm;
import dev.jvmx.x86.Operand.Mem;
import dev.jvmx.x86.Operand.Reg;
import dev.jvmx.x86.RegClass;
import dev.jvmx.x86.Seg;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Type;

/**
 * Bytecode for operand reads and writes, mirroring {@link Operands} value for value: reads push a
 * long zero-extended from the operand size; a 32-bit GPR write zero-extends, 8- and 16-bit writes
 * merge (SDM Vol. 1 §3.4.1.1); memory goes through the software-TLB compare emitted inline
 * ({@link DirectTlb}, its arrays in locals) and on a miss to the context's {@link GuestMemory}
 * scalar accesses, zero-extended as {@link Operands#load} does. A
 * GPR lives in {@code cpu.gpr} or, when the method caches it, in a local ({@link RegisterCache}).
 * Only the shapes {@link #readable} accepts are emitted; everything else is left to the
 * instruction's handler.
 */
final class OperandCode {
    static final String CPU = Type.getInternalName(CpuState.class);
    static final String CTX = Type.getInternalName(ExecContext.class);
    static final String OPERANDS = Type.getInternalName(Operands.class);
    static final String MEM_DESC = Type.getDescriptor(GuestMemory.class);
    static final String MEM = Type.getInternalName(GuestMemory.class);
    static final String DIRECT = Type.getInternalName(DirectTlb.class);
    static final String DIRECT_DESC = Type.getDescriptor(DirectTlb.class);

    private final MethodVisitor mv;
    private final Mode mode;
    private final RegisterCache regs;
    /** Emitted after a store's miss path: leaves the method when the store changed translated code. */
    private final java.util.function.Consumer<Boolean> afterStore;

    /** @param afterStore emits the check after a store that took the slow path (its argument: set RIP to the next instruction) */
    OperandCode(MethodVisitor mv, Mode mode, RegisterCache regs, java.util.function.Consumer<Boolean> afterStore) {
        this.mv = mv;
        this.mode = mode;
        this.regs = regs;
        this.afterStore = afterStore;
    }

    static boolean isGpr(Operand o) {
        return o instanceof Reg r && r.cls() == RegClass.GPR;
    }

    static boolean isMem(Operand o) {
        return o instanceof Mem m && (m.size() == 8 || m.size() == 16 || m.size() == 32 || m.size() == 64);
    }

    /** GPR, immediate, or an 8..64-bit memory operand. */
    static boolean readable(Operand o) {
        return isGpr(o) || o instanceof Imm || isMem(o);
    }

    /** Pushes the operand's value (long). A memory read may fault. */
    void read(Operand o) {
        switch (o) {
            case Reg r -> {
                loadGpr(r.num());
                mask(r.size());
            }
            case Imm imm -> pushLong(imm.value() & LazyFlags.mask(imm.size()));
            case Mem m -> loadAt(() -> linear(m), m.size(), windowOf(m));
            default -> throw new IllegalArgumentException("not inlinable: " + o);
        }
    }

    /** Writes the long {@code value} pushes to GPR {@code r} (SDM Vol. 1 §3.4.1.1 sizes). */
    void writeGpr(Reg r, Runnable value) {
        int n = r.num(), size = r.size();
        if (regs.cached(n)) {
            value.run();
            if (size < 32) { // merge into the old value as it is after the value was computed (POP SP)
                mv.visitVarInsn(LSTORE, RegisterCache.TMP);
                mv.visitVarInsn(LLOAD, regs.slot(n));
                pushLong(~LazyFlags.mask(size));
                mv.visitInsn(LAND);
                mv.visitVarInsn(LLOAD, RegisterCache.TMP);
            }
            mask(size);
            if (size < 32) mv.visitInsn(LOR);
            regs.written(n);
            mv.visitVarInsn(LSTORE, regs.slot(n));
        } else if (size == 64 || size == 32) {
            gprElement(n);
            value.run();
            mask(size);
            mv.visitInsn(LASTORE);
        } else {
            mv.visitVarInsn(ALOAD, BlockEmitter.CPU);
            pushInt(n);
            value.run();
            pushInt(size);
            mv.visitMethodInsn(INVOKESTATIC, OPERANDS, "writeGpr", "(L" + CPU + ";IJI)V", false);
        }
    }

    /** Stores the long {@code value} pushes to memory operand {@code m} (may fault; nothing is written then). */
    void store(Mem m, Runnable value) {
        storeAt(() -> linear(m), value, m.size(), windowOf(m));
    }

    /** The memory window of the stack forms (-1: none). */
    int stackWindow() { return regs.stackWindow(); }

    /** Effective address ({@link Operands#offset}): disp + base + index * scale, masked to the address size. */
    void offset(Mem m) {
        if (m.base() == Mem.RIP) {
            pushLong(m.disp());
            return;
        }
        boolean any = false;
        if (m.base() != Mem.NONE) {
            loadGpr(m.base());
            any = true;
        }
        if (m.index() != Mem.NONE) {
            loadGpr(m.index());
            if (m.scale() > 1) {
                pushInt(Integer.numberOfTrailingZeros(m.scale()));
                mv.visitInsn(LSHL);
            }
            if (any) mv.visitInsn(LADD);
            any = true;
        }
        if (m.disp() != 0 || !any) {
            pushLong(m.disp());
            if (any) mv.visitInsn(LADD);
        }
        mask(m.addrSize());
    }

    /**
     * Linear address ({@link Operands#linear}): the segment base (only FS/GS have one in 64-bit
     * mode, SDM Vol. 3A §3.4.4) plus the effective address, truncated to 32 bits outside 64-bit mode.
     */
    void linear(Mem m) {
        boolean based = mode != Mode.BITS64 || m.seg() == Seg.FS || m.seg() == Seg.GS;
        if (based) {
            mv.visitVarInsn(ALOAD, BlockEmitter.CPU);
            mv.visitFieldInsn(GETSTATIC, Type.getInternalName(Seg.class), m.seg().name(), Type.getDescriptor(Seg.class));
            mv.visitMethodInsn(INVOKEVIRTUAL, CPU, "segmentBase", "(" + Type.getDescriptor(Seg.class) + ")J", false);
        }
        offset(m);
        if (based) mv.visitInsn(LADD);
        if (mode != Mode.BITS64) mask(32);
    }

    /** The mode the code runs in (the stack forms inline only in 64-bit mode). */
    Mode mode() { return mode; }

    /**
     * Pushes the {@code size}-bit value at the linear address {@code address} pushes, zero-extended
     * (may fault): the software-TLB compare inline ({@link #tlbHit}), one host load on a hit, the
     * address space's own access on a miss.
     */
    void loadAt(Runnable address, int size) {
        loadAt(address, size, -1);
    }

    /** {@link #loadAt(Runnable, int)} trying memory window {@code window} first ({@link #windowHit}; -1: none). */
    void loadAt(Runnable address, int size, int window) {
        String type = type(size);
        Label miss = new Label(), done = new Label();
        address.run();
        mv.visitVarInsn(LSTORE, RegisterCache.ADDR);
        host(RegisterCache.READ_TAGS, size, miss, window);
        mv.visitMethodInsn(INVOKESTATIC, DIRECT, "load" + size, "(J)" + type, false);
        mv.visitJumpInsn(GOTO, done);
        mv.visitLabel(miss);
        mv.visitVarInsn(ALOAD, RegisterCache.MEMORY);
        mv.visitVarInsn(LLOAD, RegisterCache.ADDR);
        mv.visitMethodInsn(INVOKEINTERFACE, MEM, "read" + size, "(J)" + type, true);
        mv.visitLabel(done);
        if (size < 64) { // zero-extended, as Operands.load returns it
            mv.visitInsn(I2L);
            pushLong(LazyFlags.mask(size));
            mv.visitInsn(LAND);
        }
    }

    /**
     * Stores the long {@code value} pushes at the linear address {@code address} pushes (may
     * fault; nothing is written then): address first, then the value, then the store as in
     * {@link #loadAt}; after a miss, the method leaves if the store changed translated code.
     */
    void storeAt(Runnable address, Runnable value, int size) {
        storeAt(address, value, size, -1);
    }

    /** {@link #storeAt(Runnable, Runnable, int)} trying memory window {@code window} first (-1: none). */
    void storeAt(Runnable address, Runnable value, int size, int window) {
        storeAt(address, value, size, window, true);
    }

    /**
     * {@link #storeAt(Runnable, Runnable, int, int)}; without {@code leaveIfCodeChanged} the slow
     * path does not leave the method when the store changed translated code: for the first part of
     * a store made of several (a 16-byte SSE store), whose caller checks once after the last part
     * ({@link #leaveIfCodeChanged}), so no part is lost to the early exit.
     */
    void storeAt(Runnable address, Runnable value, int size, int window, boolean leaveIfCodeChanged) {
        String desc = "(J" + type(size) + ")V";
        Label miss = new Label(), done = new Label();
        address.run();
        mv.visitVarInsn(LSTORE, RegisterCache.ADDR);
        value.run();
        mv.visitVarInsn(LSTORE, RegisterCache.VALUE);
        host(RegisterCache.WRITE_TAGS, size, miss, window);
        narrowedValue(size);
        mv.visitMethodInsn(INVOKESTATIC, DIRECT, "store" + size, desc, false);
        mv.visitJumpInsn(GOTO, done);
        mv.visitLabel(miss);
        mv.visitVarInsn(ALOAD, RegisterCache.MEMORY);
        mv.visitVarInsn(LLOAD, RegisterCache.ADDR);
        narrowedValue(size);
        mv.visitMethodInsn(INVOKEINTERFACE, MEM, "write" + size, desc, true);
        if (leaveIfCodeChanged) afterStore.accept(true);
        mv.visitLabel(done);
    }

    /** Leaves the method, the instruction complete, when a store before changed translated code (the check {@link #storeAt} makes after its slow path). */
    void leaveIfCodeChanged() {
        afterStore.accept(true);
    }

    /**
     * Pushes the host address of the {@code size}-bit access at local ADDR, or jumps to {@code miss}:
     * memory window {@code window} first (-1: none), then the TLB ({@code tagSlot}'s entries), whose
     * hit refills the window.
     */
    private void host(int tagSlot, int size, Label miss, int window) {
        if (window < 0) {
            tlbHit(tagSlot, size, miss);
            hostAddress(tagSlot);
            return;
        }
        int slot = RegisterCache.windowSlot(window);
        Label tlb = new Label(), found = new Label();
        windowHit(slot, tlb);
        mv.visitVarInsn(LLOAD, slot + 2);
        mv.visitVarInsn(LLOAD, RegisterCache.ADDR);
        mv.visitInsn(LADD);
        mv.visitJumpInsn(GOTO, found);
        mv.visitLabel(tlb);
        tlbHit(tagSlot, size, miss);
        refillWindow(slot, tagSlot);
        hostAddress(tagSlot);
        mv.visitLabel(found);
    }

    private static String type(int size) {
        return size == 8 ? "B" : size == 16 ? "S" : size == 32 ? "I" : "J";
    }

    /** Pushes local VALUE as the {@code size}-bit Java type of a store. */
    private void narrowedValue(int size) {
        mv.visitVarInsn(LLOAD, RegisterCache.VALUE);
        if (size < 64) mv.visitInsn(L2I);
        if (size == 8) mv.visitInsn(I2B);
        if (size == 16) mv.visitInsn(I2S);
    }

    /**
     * The TLB compare of {@link DirectTlb} for a {@code size}-bit access at local ADDR: the entry's
     * byte offset ({@link DirectTlb#offset}) into local TLB_OFFSET, then to {@code miss} unless the
     * tag there ({@code tagSlot}'s entries) is the page of the access's last byte (which also
     * proves it stays in one page).
     */
    private void tlbHit(int tagSlot, int size, Label miss) {
        mv.visitVarInsn(ALOAD, tagSlot);
        mv.visitVarInsn(LLOAD, RegisterCache.ADDR);
        pushInt(DirectTlb.OFFSET_SHIFT);
        mv.visitInsn(LUSHR);
        pushLong(DirectTlb.OFFSET_MASK);
        mv.visitInsn(LAND);
        mv.visitInsn(DUP2);
        mv.visitVarInsn(LSTORE, RegisterCache.TLB_OFFSET);
        mv.visitMethodInsn(INVOKESTATIC, DIRECT, "tag", "([JJ)J", false);
        mv.visitVarInsn(LLOAD, RegisterCache.ADDR);
        if (size > 8) {
            pushLong(size / 8 - 1);
            mv.visitInsn(LADD);
        }
        pushInt(DirectTlb.PAGE_SHIFT);
        mv.visitInsn(LUSHR);
        mv.visitInsn(LCMP);
        mv.visitJumpInsn(IFNE, miss);
    }

    /** Pushes the host address of local ADDR after a hit: its entry's addend plus the address. */
    private void hostAddress(int tagSlot) {
        mv.visitVarInsn(ALOAD, tagSlot);
        mv.visitVarInsn(LLOAD, RegisterCache.TLB_OFFSET);
        mv.visitMethodInsn(INVOKESTATIC, DIRECT, "addend", "([JJ)J", false);
        mv.visitVarInsn(LLOAD, RegisterCache.ADDR);
        mv.visitInsn(LADD);
    }

    /**
     * Memory windows: a method that loops keeps, for RSP when its stack forms or RSP-based operands
     * access memory, and for up to {@code -Djvmx.jit.dataWindows} (2) table-lookup address shapes
     * (a base register the method does not write, an index absent or bounded by MOVZX/AND:
     * {@link RegisterCache#window}), the host addend of one guest page in three
     * locals (base, addend, limit): a one-entry TLB in registers, so a stack access costs a
     * subtract, an unsigned compare and the access instead of the TLB entry's two dependent loads
     * (fib's region makes eight stack accesses a call). With {@link #SPANS} the window covers the
     * write entry's span ({@link DirectTlb#spans}: the run of pages around the page that the same
     * addend serves) instead of the page. The window holds only pages whose write
     * entry hit (writable, no translated code: it serves reads and writes alike, an x86 page being
     * readable when writable; a span holds only such pages, and shrinks before a page of it can
     * hold code), and only from a hit in this method: nothing the inline code does
     * can unmap a page or make it hold code (system calls and fetches happen outside the method),
     * and a handler call empties it ({@link RegisterCache#loadAll}). {@code -Djvmx.jit.windows=false}
     * turns windows off (for measuring them).
     */
    static final boolean WINDOWS = !"false".equals(System.getProperty("jvmx.jit.windows"));
    /** Windows for base registers other than RSP ({@link RegisterCache#of}); {@code -Djvmx.jit.dataWindows=N}. */
    static final int DATA_WINDOWS = Integer.getInteger("jvmx.jit.dataWindows", 2);

    /** Offsets into a window an access may start at: an access of up to 8 bytes stays in the page. */
    private static final long WINDOW_LIMIT = DirectTlb.spanLimit(DirectTlb.PAGE_MASK + 1);
    /**
     * A window covers its page's span ({@link DirectTlb#spans}: the writable, code-free run of
     * pages of one mapping the page's host addend serves) instead of the page alone, and any
     * address shape may have one ({@link RegisterCache#of}); {@code -Djvmx.jit.spans=false}: one
     * page, table shapes only.
     */
    static final boolean SPANS = !"false".equals(System.getProperty("jvmx.jit.spans"));

    /** The memory window for operand {@code m}: its address shape's, else its base register's alone (-1: none). */
    int windowOf(Mem m) {
        int key = RegisterCache.windowKey(m);
        if (key < 0) return -1;
        int w = regs.window(key);
        return w >= 0 ? w : regs.window(RegisterCache.windowKey(m.base(), Mem.NONE));
    }

    /** To {@code outside} unless the access at local ADDR lies in the window at {@code slot}: {@code ADDR - base <u limit}. */
    private void windowHit(int slot, Label outside) {
        mv.visitVarInsn(LLOAD, RegisterCache.ADDR);
        mv.visitVarInsn(LLOAD, slot);
        mv.visitInsn(LSUB);
        mv.visitVarInsn(LLOAD, slot + 4);
        mv.visitMethodInsn(INVOKESTATIC, "java/lang/Long", "compareUnsigned", "(JJ)I", false);
        mv.visitJumpInsn(IFGE, outside);
    }

    /**
     * After a TLB hit at local TLB_OFFSET: the window at {@code slot} becomes local ADDR's page if
     * its write entry hits (for {@code tagSlot} WRITE_TAGS the hit proved it; a read hit checks it).
     */
    private void refillWindow(int slot, int tagSlot) {
        Label skip = new Label();
        if (tagSlot != RegisterCache.WRITE_TAGS) {
            mv.visitVarInsn(ALOAD, RegisterCache.WRITE_TAGS);
            mv.visitVarInsn(LLOAD, RegisterCache.TLB_OFFSET);
            mv.visitMethodInsn(INVOKESTATIC, DIRECT, "tag", "([JJ)J", false);
            mv.visitVarInsn(LLOAD, RegisterCache.ADDR);
            pushInt(DirectTlb.PAGE_SHIFT);
            mv.visitInsn(LUSHR);
            mv.visitInsn(LCMP);
            mv.visitJumpInsn(IFNE, skip);
        }
        mv.visitVarInsn(ALOAD, RegisterCache.WRITE_TAGS);
        mv.visitVarInsn(LLOAD, RegisterCache.TLB_OFFSET);
        mv.visitMethodInsn(INVOKESTATIC, DIRECT, "addend", "([JJ)J", false);
        mv.visitVarInsn(LSTORE, slot + 2);
        if (SPANS) { // the entry's span (DirectTlb.spans: its start where a tag is, its limit where an addend is)
            mv.visitVarInsn(ALOAD, RegisterCache.MEMORY);
            mv.visitMethodInsn(INVOKEINTERFACE, MEM, "directTlb", "()" + DIRECT_DESC, true);
            mv.visitFieldInsn(GETFIELD, DIRECT, "spans", "[J");
            mv.visitInsn(DUP);
            mv.visitVarInsn(LLOAD, RegisterCache.TLB_OFFSET);
            mv.visitMethodInsn(INVOKESTATIC, DIRECT, "tag", "([JJ)J", false);
            mv.visitVarInsn(LSTORE, slot);
            mv.visitVarInsn(LLOAD, RegisterCache.TLB_OFFSET);
            mv.visitMethodInsn(INVOKESTATIC, DIRECT, "addend", "([JJ)J", false);
            mv.visitVarInsn(LSTORE, slot + 4);
        } else {
            mv.visitVarInsn(LLOAD, RegisterCache.ADDR);
            pushLong(~DirectTlb.PAGE_MASK);
            mv.visitInsn(LAND);
            mv.visitVarInsn(LSTORE, slot);
            pushLong(WINDOW_LIMIT);
            mv.visitVarInsn(LSTORE, slot + 4);
        }
        mv.visitLabel(skip);
    }

    /** All 64 bits of GPR {@code n} from the long {@code value} pushes. */
    void setGpr64(int n, Runnable value) {
        if (regs.cached(n)) {
            value.run();
            regs.written(n);
            mv.visitVarInsn(LSTORE, regs.slot(n));
        } else {
            gprElement(n);
            value.run();
            mv.visitInsn(LASTORE);
        }
    }

    /** Method entry: the memory and its TLB entry arrays into their locals (the arrays never change, their contents do). */
    void loadTlb() {
        mv.visitVarInsn(ALOAD, BlockEmitter.CTX);
        mv.visitFieldInsn(GETFIELD, CTX, "mem", MEM_DESC);
        mv.visitInsn(DUP);
        mv.visitVarInsn(ASTORE, RegisterCache.MEMORY);
        mv.visitMethodInsn(INVOKEINTERFACE, MEM, "directTlb", "()" + DIRECT_DESC, true);
        mv.visitInsn(DUP);
        mv.visitFieldInsn(GETFIELD, DIRECT, "readTags", "[J");
        nonNull(RegisterCache.READ_TAGS);
        mv.visitFieldInsn(GETFIELD, DIRECT, "writeTags", "[J");
        nonNull(RegisterCache.WRITE_TAGS);
    }

    /**
     * Stores the array on the stack in local {@code slot} after touching its length: C2 then knows
     * the local is not null for the rest of the method, so the raw entry loads need no null test.
     */
    private void nonNull(int slot) {
        mv.visitInsn(DUP);
        mv.visitInsn(ARRAYLENGTH);
        mv.visitInsn(POP);
        mv.visitVarInsn(ASTORE, slot);
    }

    /** Pushes all 64 bits of GPR {@code num}. */
    void loadGpr(int num) {
        if (regs.cached(num)) {
            mv.visitVarInsn(LLOAD, regs.slot(num));
        } else {
            gprElement(num);
            mv.visitInsn(LALOAD);
        }
    }

    private void gprElement(int num) {
        mv.visitVarInsn(ALOAD, BlockEmitter.GPR);
        pushInt(num);
    }

    private void mask(int size) {
        if (size >= 64) return;
        pushLong(LazyFlags.mask(size));
        mv.visitInsn(LAND);
    }

    void pushInt(int v) {
        if (v >= -1 && v <= 5) mv.visitInsn(ICONST_0 + v);
        else if (v >= Byte.MIN_VALUE && v <= Byte.MAX_VALUE) mv.visitIntInsn(BIPUSH, v);
        else if (v >= Short.MIN_VALUE && v <= Short.MAX_VALUE) mv.visitIntInsn(SIPUSH, v);
        else mv.visitLdcInsn(v);
    }

    void pushLong(long v) {
        if (v == 0 || v == 1) mv.visitInsn(LCONST_0 + (int) v);
        else mv.visitLdcInsn(v);
    }
}
