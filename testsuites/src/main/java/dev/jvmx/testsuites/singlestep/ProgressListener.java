package dev.jvmx.testsuites.singlestep;

/** Told about the suite's progress, for a progress bar. Called on the runner's thread. */
public interface ProgressListener {
    /** A file starts; {@code fileIndex} of {@code fileCount} (0-based). */
    default void fileStarted(TestFile file, int fileIndex, int fileCount) { }

    /** A file is done. */
    default void fileDone(OpcodeResult result, int fileIndex, int fileCount) { }

    ProgressListener NONE = new ProgressListener() { };
}
