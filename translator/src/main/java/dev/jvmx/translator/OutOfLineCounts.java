package dev.jvmx.translator;

import dev.jvmx.x86.Instruction;
import dev.jvmx.x86.Operand;
import dev.jvmx.x86.Prefix;
import dev.jvmx.x86.RegClass;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Per form (mnemonic and operand kinds, {@code "SHL m32, imm8"}), how often translated code ran an
 * instruction out of line (through {@code Interpreter.step}): what the inline forms still miss,
 * weighted by execution. Only with {@code -Djvmx.jit.stats=true}: then each out-of-line call in
 * generated code first bumps its form's {@link Form#count} (a plain field on the guest thread, as
 * in {@link JitCounters}); without it nothing is emitted. The forms are shared by every
 * translation of the JVM (translation runs on the compiler thread, hence the concurrent map).
 */
public final class OutOfLineCounts {
    /** One form's counter; generated code increments {@link #count} directly. */
    public static final class Form {
        final String name;
        public long count;

        Form(String name) { this.name = name; }
    }

    /** Read when a translation is generated (tests switch it on for the translations they make). */
    static volatile boolean enabled = Boolean.getBoolean(TieredExecutor.STATS_PROPERTY);
    private static final ConcurrentHashMap<String, Form> FORMS = new ConcurrentHashMap<>();

    private OutOfLineCounts() {}

    /** Whether generated code counts its out-of-line instructions. */
    static boolean enabled() { return enabled; }

    /** The counter of {@code i}'s form. */
    static Form of(Instruction i) {
        return FORMS.computeIfAbsent(name(i), Form::new);
    }

    /** {@code "REP MOVSB"}, {@code "BT r64, imm8"}, {@code "SHL m32, r8"}: the mnemonic and each operand's kind and size. */
    static String name(Instruction i) {
        StringBuilder s = new StringBuilder();
        if (i.has(Prefix.LOCK)) s.append("LOCK ");
        if (i.has(Prefix.REP)) s.append("REP ");
        if (i.has(Prefix.REPNE)) s.append("REPNE ");
        s.append(i.mnemonic());
        for (int n = 0; n < i.operandCount(); n++) {
            s.append(n == 0 ? " " : ", ").append(kind(i.op(n)));
        }
        return s.toString();
    }

    private static String kind(Operand o) {
        return switch (o) {
            case Operand.Reg r -> (r.cls() == RegClass.GPR || r.cls() == RegClass.GPR8H ? "r" : r.cls().name().toLowerCase()) + r.size();
            case Operand.Mem m -> "m" + m.size();
            case Operand.Imm m -> "imm" + m.size();
            case Operand.Rel r -> "rel";
            case Operand.Far f -> "far";
        };
    }

    /** The forms counted so far, most frequent first, at most {@code limit} ("none" if none ran). */
    public static String report(int limit) {
        List<Form> all = new ArrayList<>(FORMS.values());
        all.removeIf(f -> f.count == 0);
        all.sort(Comparator.comparingLong((Form f) -> f.count).reversed());
        long total = all.stream().mapToLong(f -> f.count).sum();
        StringBuilder s = new StringBuilder("out-of-line in translated code: " + total);
        for (int n = 0; n < Math.min(limit, all.size()); n++) {
            s.append("\n  ").append(String.format("%14d  %s", all.get(n).count, all.get(n).name));
        }
        if (all.size() > limit) s.append("\n  ... ").append(all.size() - limit).append(" more forms");
        return s.toString();
    }

    /** The count of the form named {@code name} so far (0 if it never ran out of line). */
    static long count(String name) {
        Form f = FORMS.get(name);
        return f == null ? 0 : f.count;
    }
}
