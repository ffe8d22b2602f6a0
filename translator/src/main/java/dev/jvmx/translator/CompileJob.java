package dev.jvmx.translator;

import dev.jvmx.x86.Instruction;
import java.util.Queue;

/**
 * A translation request from a vCPU thread to the compiler thread, and where its result goes.
 * The job carries everything the compiler reads (the decoded instructions are immutable), so the
 * compiler never touches executor state; the executor installs the result on its own thread.
 *
 * @param result filled by the compiler: the translation, or null when translation failed
 */
final class CompileJob {
    final Block block;
    /** The block's instructions, or a region: the block first, then the blocks it chains to. */
    final Instruction[][] code;
    final BlockTranslator translator;
    final Queue<CompileJob> results;
    /** The executor's invalidation epoch when the job was made: a result from an older epoch may be stale. */
    final long epoch;
    Translation result;
    Throwable failure;

    CompileJob(Block block, Instruction[][] code, BlockTranslator translator, Queue<CompileJob> results, long epoch) {
        this.block = block;
        this.code = code;
        this.epoch = epoch;
        this.translator = translator;
        this.results = results;
    }

    /**
     * Runs on the compiler thread. Any failure, even an Error (a class the JVM rejects, metaspace
     * exhausted), goes back to the executor as this job's result, so the compiler thread survives
     * and the block simply stays in the interpreter.
     */
    void compile() {
        try {
            result = translator.translate(block.key, block.lastPage, code);
        } catch (RuntimeException | Error e) {
            failure = e;
        }
        results.offer(this);
    }
}
