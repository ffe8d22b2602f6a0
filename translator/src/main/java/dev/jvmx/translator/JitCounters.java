package dev.jvmx.translator;

/**
 * What one executor did, cheap enough to leave on: plain long fields bumped on the executor's own
 * thread (no atomics on the hot path; read them from that thread or after it stopped). Compiler-side
 * figures live in {@link BackgroundCompiler} as LongAdders. The profiler builds on these.
 */
public final class JitCounters {
    long blocksDecoded;
    long interpretedBlocks;
    long interpretedInstructions;
    long translatedBlocks;
    long translatedInstructions;
    long translations;
    long regionRequests;
    long regions;
    long compileRequests;
    long discardedResults;
    long failedTranslations;
    long invalidatedPages;
    long invalidatedTranslations;
    long exits;

    /** Blocks decoded (first execution, or again after invalidation or a table collision). */
    public long blocksDecoded() { return blocksDecoded; }

    /** Block executions in the interpreter (tier 0). */
    public long interpretedBlocks() { return interpretedBlocks; }

    public long interpretedInstructions() { return interpretedInstructions; }

    /** Block executions as translated code (tier 1). */
    public long translatedBlocks() { return translatedBlocks; }

    /** Instructions covered by translated block executions (a block left early by an exit counts whole). */
    public long translatedInstructions() { return translatedInstructions; }

    /** Translations installed in the code cache. */
    public long translations() { return translations; }

    /** Region translations asked for (synchronously or from the compiler thread). */
    public long regionRequests() { return regionRequests; }

    /** Region translations installed (each replaces its head block's translation). */
    public long regions() { return regions; }

    /** Jobs handed to the background compiler. */
    public long compileRequests() { return compileRequests; }

    /** Background results dropped because their code changed while they were compiled. */
    public long discardedResults() { return discardedResults; }

    public long failedTranslations() { return failedTranslations; }

    /** invalidatePage calls. */
    public long invalidatedPages() { return invalidatedPages; }

    /** Translations dropped by page invalidation. */
    public long invalidatedTranslations() { return invalidatedTranslations; }

    /** Runs that ended in an exit other than the instruction limit (syscall, fault, HLT...). */
    public long exits() { return exits; }

    @Override
    public String toString() {
        return String.format("blocks decoded %d, interpreted %d (%d instructions), translated %d (%d instructions), "
                        + "translations %d (regions %d of %d asked), requests %d, discarded %d, failed %d, invalidated pages %d / translations %d, exits %d",
                blocksDecoded, interpretedBlocks, interpretedInstructions, translatedBlocks, translatedInstructions,
                translations, regions, regionRequests, compileRequests, discardedResults, failedTranslations, invalidatedPages,
                invalidatedTranslations, exits);
    }
}
