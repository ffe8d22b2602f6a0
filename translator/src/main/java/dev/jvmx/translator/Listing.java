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
        StringBuilder sb = new StringBuilder();
        sb.append("; guest: ").append(count).append(" of ").append(ins.length).append(" instructions\n");
        for (int k = 0; k < ins.length; k++) {
            sb.append(k < count ? ";   " : ";  -").append(String.format("%x: ", ins[k].address()))
                    .append(IntelFormatter.format(ins[k])).append('\n');
        }
        sb.append("; bytecode\n");
        StringWriter out = new StringWriter();
        new ClassReader(classFile).accept(new TraceClassVisitor(null, new Textifier(), new PrintWriter(out)), 0);
        return sb.append(out).toString();
    }
}
