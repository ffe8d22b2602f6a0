package dev.jvmx.translator;

import dev.jvmx.x86.Instruction;
import dev.jvmx.x86.IntelFormatter;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.util.Textifier;
import org.objectweb.asm.util.TraceClassVisitor;

/**
 * A translation as text: the guest instructions (Intel syntax, the frontend's formatter) above
 * the generated class (ASM {@link Textifier}). What {@code --dump-jit} writes and what the golden
 * listings under {@code src/test/resources/golden} hold.
 */
final class Listing {
    private Listing() {}

    static String of(Instruction[] ins, int count, byte[] classFile) {
        return of(new Segment[] {new Segment(java.util.Arrays.copyOf(ins, count), count == ins.length)}, classFile);
    }

    static String of(Segment[] segments, byte[] classFile) {
        StringBuilder sb = new StringBuilder();
        for (int j = 0; j < segments.length; j++) {
            Segment seg = segments[j];
            sb.append(String.format("; guest block %x%s: %d instructions%s%n", seg.start(), j == 0 ? "" : " (chained)",
                    seg.length(), seg.whole() ? "" : " (cut: bytecode cap)"));
            for (Instruction i : seg.instructions()) {
                sb.append(String.format(";   %x: ", i.address())).append(IntelFormatter.format(i)).append('\n');
            }
        }
        sb.append("; bytecode\n");
        StringWriter out = new StringWriter();
        new ClassReader(classFile).accept(new TraceClassVisitor(null, new Textifier(), new PrintWriter(out)), 0);
        return sb.append(out).toString();
    }
}
