package dev.jvmx.translator;

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
    final BlockTranslator translator;
    final Queue<CompileJob> results;
    /** The executor's invalidation epoch when the job was made: a result from an older epoch may be stale. */
    final long epoch;
    Translation result;
    Throwable failure;

    CompileJob(Block block, BlockTranslator translator, Queue<CompileJob> results, long epoch) {
        this.block = block;
        this.epoch = epoch;
        this.translator = translator;
        this.results = results;
    }

    /** Runs on the compiler thread. */
    void compile() {
        try {
            result = translator.translate(block.key, block.lastPage, block.instructions);
        } catch (RuntimeException | LinkageError e) {
            failure = e;
        }
        results.offer(this);
    }
}
