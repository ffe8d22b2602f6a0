package dev.jvmx.translator;

import static org.objectweb.asm.Opcodes.*;

import dev.jvmx.runtime.cpu.CpuModel;
import dev.jvmx.runtime.exec.Exit;
import dev.jvmx.x86.Instruction;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Type;
import org.objectweb.asm.util.CheckClassAdapter;

/**
 * Tier 1: one block -> one hidden class with a static {@code block(ExecContext, RunBudget)} method and a
 * {@link BlockCode} bridge. Blocks whose method would pass {@link #MAX_BYTECODE} are
 * cut in half until they fit (the translation then covers a prefix of the block). Thread-safe:
 * all per-translation state lives in the {@link BlockEmitter} and {@link ClassData} of one call.
 */
public final class BlockTranslator {
    /** HotSpot does not compile methods larger than this ({@code -XX:HugeMethodLimit}). */
    public static final int HUGE_METHOD_LIMIT = 8000;
    /**
     * The bytecode cap of one block or region method: well under {@link #HUGE_METHOD_LIMIT}, because
     * C2 stops inlining into a method once it and its inlined callees reach 8000 bytes
     * ({@code DesiredMethodLimit}, not settable in product builds), and a helper call that is not
     * inlined (a TLB slow path, an {@code SseFast} or {@code AvxFast} entry) is a real call with
     * the guest registers spilled around it. Measured on an idle machine (user CPU, one build, caps
     * alternated): 4500 against 8000 cut sha256 40 from 4.4-5.7 to 4.1 s, nbody 3000000 from 6.9-7.2
     * to 4.9-5.0 s and sort 4 from 3.5-3.9 to 2.9-3.0 s, with matmul, strings, crc32, fib and list
     * unchanged; 3000 and 6000 were no better. {@code -Djvmx.jit.maxBytecode=N} overrides it (at
     * most the compile limit) for such measurements. The size counted is an upper bound ({@link
     * CodeSizeCounter}): sort's regions under this cap are 2,000-3,400 bytes of real bytecode.
     * Measured again in session 6 (loaded machine, user CPU): 8000 cut sort's dispatches through
     * the executor by three quarters (4 rounds: about 3.3 million to 0.8 million, quicksort in two
     * regions) and was still slower (sort 4: 2.9-3.3 against 3.6-3.8 s; sort 12: 4.5-5.1 against
     * 5.5 s). The executor loop itself is about 1% of sort's samples; the time is in the partition
     * loop's compiled code, where C2 spills guest registers to the stack.
     */
    public static final int MAX_BYTECODE = Math.min(HUGE_METHOD_LIMIT, Integer.getInteger("jvmx.jit.maxBytecode", 4500));
    private static final MethodHandles.Lookup LOOKUP = MethodHandles.lookup();
    private static final String EXIT_DESC = Type.getDescriptor(Exit.class);
    static final String BLOCK_DESC = "(L" + OperandCode.CTX + ";" + Type.getDescriptor(RunBudget.class) + ")" + EXIT_DESC;

    private final JitOptions options;
    private final CpuModel model;
    private final int maxBytecode;
    /**
     * The code will only run for a CPU in process mode ({@code !CpuState.systemMode}), where CR4 and
     * XCR0 are Linux's, fixed by the model: the run-time half of the VEX #UD gate is left out
     * ({@link InlineAvx}) and the translation says so ({@link Translation#processOnly}).
     */
    private final boolean processOnly;

    /** @param model the CPU model the code will run under (which forms may be inlined past the #UD gate) */
    public BlockTranslator(JitOptions options, CpuModel model) {
        this(options, model, MAX_BYTECODE);
    }

    public BlockTranslator(JitOptions options) {
        this(options, CpuModel.defaultModel());
    }

    /** With another bytecode cap (tests exercise the cutting with a small one). */
    BlockTranslator(JitOptions options, CpuModel model, int maxBytecode) {
        this(options, model, maxBytecode, false);
    }

    /** @param processOnly code only a process-mode CPU will run ({@link #processOnly}) */
    BlockTranslator(JitOptions options, CpuModel model, int maxBytecode, boolean processOnly) {
        this.options = options;
        this.model = model;
        this.maxBytecode = maxBytecode;
        this.processOnly = processOnly;
    }

    /** The generated class file, what it needs at definition time, and what it covers. */
    record Generated(String name, byte[] bytes, ClassData data, Segment[] segments, int bytecodeSize, int entryBudget) {
        /**
         * What the executor needs in budget to enter: a block's instructions (it charges them on
         * entry), a region's largest reserve (the region charges the block it is entered at, and
         * checks that the budget covers it and the forward chain after it: {@link RegionBudget}).
         */
        int count() {
            return segments.length > 1 ? entryBudget : segments[0].length();
        }
    }

    /** Translates {@code ins} (the block at {@code key}) and loads it. */
    public Translation translate(CodeKey key, long lastPage, Instruction[] ins) {
        return translate(key, lastPage, new Instruction[][] {ins});
    }

    /**
     * Translates a region: {@code blocks[0]} is the head (the entry, at {@code key}), the others
     * are blocks it may reach by direct branches, chained inside the one method. All of them must
     * lie in pages {@code key.page()..lastPage} (invalidation is by those pages).
     */
    public Translation translate(CodeKey key, long lastPage, Instruction[][] blocks) {
        Generated g = generate(key, blocks);
        if (options.verify()) verify(g.bytes());
        BlockCode code = define(g);
        if (options.dumpDir() != null) JitDump.write(options.dumpDir(), g);
        long[] members = new long[g.segments().length - 1];
        for (int j = 1; j < g.segments().length; j++) members[j - 1] = g.segments()[j].start();
        return new Translation(key, lastPage, code, g.count(), g.segments().length, g.bytecodeSize(), members, processOnly);
    }

    /** Generates the class for a single block (tests, golden listings). */
    Generated generate(CodeKey key, Instruction[] ins) {
        return generate(key, new Instruction[][] {ins});
    }

    /**
     * Generates the class within the bytecode cap: a region loses a quarter of its chained blocks
     * (the last chosen) until it fits; a single block is cut to a prefix, halving, until it fits.
     */
    Generated generate(CodeKey key, Instruction[][] blocks) {
        int n = blocks.length;
        int count = blocks[0].length;
        while (true) {
            Segment[] segs = new Segment[n];
            segs[0] = new Segment(java.util.Arrays.copyOf(blocks[0], count), count == blocks[0].length);
            for (int j = 1; j < n; j++) segs[j] = new Segment(blocks[j], true);
            Generated g;
            try {
                g = generate(key, segs);
            } catch (org.objectweb.asm.MethodTooLargeException e) { // over the class-file limit (64 KiB): cut further
                if (n == 1 && count == 1) throw e;
                g = null;
            }
            if (g != null && (g.bytecodeSize() <= maxBytecode || (n == 1 && count == 1))) return g;
            if (n > 1) n -= Math.max(1, n / 4);
            else count = (count + 1) / 2;
        }
    }

    private Generated generate(CodeKey key, Segment[] segments) {
        String name = "dev/jvmx/translator/" + (segments.length > 1 ? "Region_" : "Block_") + Long.toHexString(key.address());
        ClassWriter cw = new FrameWriter();
        ClassVisitor cv = options.verify() ? new CheckClassAdapter(cw, false) : cw;
        cv.visit(V17, ACC_PUBLIC | ACC_FINAL | ACC_SUPER, name, null, "java/lang/Object",
                new String[] {Type.getInternalName(BlockCode.class)});
        constructor(cv);
        bridge(cv, name);
        ClassData data = new ClassData();
        MethodVisitor mv = cv.visitMethod(ACC_PUBLIC | ACC_STATIC, "block", BLOCK_DESC, null, null);
        CodeSizeCounter counter = new CodeSizeCounter(mv);
        BlockEmitter emitter = new BlockEmitter(counter, data, segments, key.mode(), model, processOnly);
        emitter.emit();
        cv.visitEnd();
        return new Generated(name, cw.toByteArray(), data, segments, counter.size(), emitter.entryBudget());
    }

    private static void constructor(ClassVisitor cv) {
        MethodVisitor mv = cv.visitMethod(ACC_PUBLIC, "<init>", "()V", null, null);
        mv.visitCode();
        mv.visitVarInsn(ALOAD, 0);
        mv.visitMethodInsn(INVOKESPECIAL, "java/lang/Object", "<init>", "()V", false);
        mv.visitInsn(RETURN);
        mv.visitMaxs(0, 0);
        mv.visitEnd();
    }

    private static void bridge(ClassVisitor cv, String name) {
        MethodVisitor mv = cv.visitMethod(ACC_PUBLIC, "run", BLOCK_DESC, null, null);
        mv.visitCode();
        mv.visitVarInsn(ALOAD, 1);
        mv.visitVarInsn(ALOAD, 2);
        mv.visitMethodInsn(INVOKESTATIC, name, "block", BLOCK_DESC, false);
        mv.visitInsn(ARETURN);
        mv.visitMaxs(0, 0);
        mv.visitEnd();
    }

    private static BlockCode define(Generated g) {
        try {
            MethodHandles.Lookup hidden = LOOKUP.defineHiddenClassWithClassData(g.bytes(), g.data().values(), true);
            return (BlockCode) hidden.findConstructor(hidden.lookupClass(), MethodType.methodType(void.class)).invoke();
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("cannot define " + g.name(), t);
        }
    }

    /** ASM's bytecode verifier over the class; throws with its report when anything is wrong. */
    static void verify(byte[] bytes) {
        StringWriter report = new StringWriter();
        CheckClassAdapter.verify(new ClassReader(bytes), BlockTranslator.class.getClassLoader(), false, new PrintWriter(report));
        if (!report.toString().isEmpty()) throw new IllegalStateException("generated class fails verification:\n" + report);
    }

    /** Frames computed without loading classes: generated code never merges two different reference types. */
    private static final class FrameWriter extends ClassWriter {
        FrameWriter() { super(COMPUTE_FRAMES); }

        @Override
        protected String getCommonSuperClass(String type1, String type2) {
            return type1.equals(type2) ? type1 : "java/lang/Object";
        }
    }
}
