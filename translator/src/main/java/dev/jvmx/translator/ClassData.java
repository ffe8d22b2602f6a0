package dev.jvmx.translator;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.objectweb.asm.ConstantDynamic;
import org.objectweb.asm.Handle;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

/**
 * The objects one generated class refers to (decoded instructions, handlers, memory operands, its
 * {@link FaultMap}), passed as the hidden class's class data and loaded in bytecode with
 * {@code ldc} of a dynamic constant bootstrapped by {@code MethodHandles.classDataAt}: true
 * constants to C2, so a call through a constant handler inlines and a constant record folds.
 * One per translation.
 */
final class ClassData {
    private static final Handle CLASS_DATA_AT = new Handle(Opcodes.H_INVOKESTATIC, "java/lang/invoke/MethodHandles",
            "classDataAt", "(Ljava/lang/invoke/MethodHandles$Lookup;Ljava/lang/String;Ljava/lang/Class;I)Ljava/lang/Object;",
            false);

    private final List<Object> values = new ArrayList<>();
    private final Map<Object, Integer> index = new IdentityHashMap<>();

    /** The dynamic constant for {@code value}, typed as {@code type} in the generated code. */
    ConstantDynamic constant(Object value, Class<?> type) {
        int i = index.computeIfAbsent(value, v -> {
            values.add(v);
            return values.size() - 1;
        });
        return new ConstantDynamic("_", Type.getDescriptor(type), CLASS_DATA_AT, i);
    }

    /** What {@code defineHiddenClassWithClassData} gets (index order). */
    List<Object> values() { return List.copyOf(values); }
}
