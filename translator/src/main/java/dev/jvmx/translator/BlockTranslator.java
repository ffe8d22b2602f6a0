package dev.jvmx.translator;

import static org.objectweb.asm.Opcodes.*;

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
 * Tier 1: one block -> one hidden class with a static {@code block(ExecContext)} method and a
 * {@link BlockCode} bridge. Blocks whose method would pass HotSpot's 8000-byte compile limit are
 * cut in half until they fit (the translation then covers a prefix of the block). Thread-safe:
 * all per-translation state lives in the {@link BlockEmitter} and {@link ClassData} of one call.
 */
public final class BlockTranslator {
    /** HotSpot does not compile methods larger than this ({@code -XX:HugeMethodLimit}). */
    public static final int MAX_BYTECODE = 8000;
    private static final MethodHandles.Lookup LOOKUP = MethodHandles.lookup();
    private static final String EXIT_DESC = Type.getDescriptor(Exit.class);

    private final JitOptions options;

    public BlockTranslator(JitOptions options) {
        this.options = options;
    }

    /** The generated class file and what it needs at definition time. */
    record Generated(String name, byte[] bytes, ClassData data, int count, int bytecodeSize) {}

    /** Translates {@code ins} (the block at {@code key}) and loads it. */
    public Translation translate(CodeKey key, long lastPage, Instruction[] ins) {
        Generated g = generate(key, ins);
        if (options.verify()) verify(g.bytes());
        BlockCode code = define(g);
        if (options.dumpDir() != null) JitDump.write(options.dumpDir(), g, ins);
        return new Translation(key, lastPage, code, g.count(), g.bytecodeSize());
    }

    /** Generates the class for the longest prefix of {@code ins} that fits {@link #MAX_BYTECODE}. */
    Generated generate(CodeKey key, Instruction[] ins) {
        int count = ins.length;
        while (true) {
            Generated g = generate(key, ins, count);
            if (g.bytecodeSize() <= MAX_BYTECODE || count == 1) return g;
            count = (count + 1) / 2;
        }
    }

    private Generated generate(CodeKey key, Instruction[] ins, int count) {
        String name = "dev/jvmx/translator/Block_" + Long.toHexString(key.address());
        ClassWriter cw = new FrameWriter();
        ClassVisitor cv = options.verify() ? new CheckClassAdapter(cw, false) : cw;
        cv.visit(V17, ACC_PUBLIC | ACC_FINAL | ACC_SUPER, name, null, "java/lang/Object",
                new String[] {Type.getInternalName(BlockCode.class)});
        constructor(cv);
        bridge(cv, name);
        ClassData data = new ClassData();
        MethodVisitor mv = cv.visitMethod(ACC_PUBLIC | ACC_STATIC, "block", "(L" + OperandCode.CTX + ";)" + EXIT_DESC, null, null);
        CodeSizeCounter counter = new CodeSizeCounter(mv);
        new BlockEmitter(counter, data, ins, count, key.mode()).emit();
        cv.visitEnd();
        return new Generated(name, cw.toByteArray(), data, count, counter.size());
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
        String desc = "(L" + OperandCode.CTX + ";)" + EXIT_DESC;
        MethodVisitor mv = cv.visitMethod(ACC_PUBLIC, "run", desc, null, null);
        mv.visitCode();
        mv.visitVarInsn(ALOAD, 1);
        mv.visitMethodInsn(INVOKESTATIC, name, "block", desc, false);
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
