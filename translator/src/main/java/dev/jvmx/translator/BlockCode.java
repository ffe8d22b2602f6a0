package dev.jvmx.translator;

import dev.jvmx.runtime.exec.ExecContext;
import dev.jvmx.runtime.exec.Exit;

/**
 * A translated block, as the executor calls it. Each generated hidden class implements this with
 * one bridge method that calls its static {@code block(ExecContext, RunBudget)} method.
 *
 * <p>CONTRACT of the generated code: on return, {@code cpu.rip} is the next guest instruction and
 * the result is null (run on) or the {@link Exit} an instruction asked for; on a guest fault the
 * result is {@link Exit.Kind#EXCEPTION} with RIP and flags as they were before the faulting
 * instruction (exactly like {@link dev.jvmx.runtime.exec.Interpreter#step}).
 */
public interface BlockCode {
    /** Runs the block (and, for a block that loops on itself, further passes the budget covers). */
    Exit run(ExecContext c, RunBudget budget);
}
