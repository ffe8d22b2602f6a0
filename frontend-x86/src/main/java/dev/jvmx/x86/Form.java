package dev.jvmx.x86;

/**
 * One row of the definition table: an instruction form with its metadata.
 * PLACEHOLDER CONTRACT — the decoder owns and extends this; the accessors below must stay.
 */
public interface Form {
    Mnemonic mnemonic();

    /** RFLAGS bits this form reads (mask of {@link Flags} bits). */
    int flagsRead();

    /** RFLAGS bits this form writes with defined values. */
    int flagsWritten();

    /** RFLAGS bits this form leaves undefined. */
    int flagsUndefined();

    Flow flow();
}
