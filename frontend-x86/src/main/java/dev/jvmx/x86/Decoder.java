package dev.jvmx.x86;

/**
 * Bytes to {@link Instruction}. CONTRACT — implemented by the decoder work (issue 3).
 *
 * <p>{@code decode} never throws on guest bytes: an invalid encoding yields {@link Mnemonic#INVALID}
 * with the bytes consumed, more than 15 bytes yields {@link Mnemonic#TOO_LONG}, and running out of
 * {@code available} bytes before the instruction is complete yields {@link Mnemonic#TRUNCATED}
 * (the caller fetches more, or raises the fetch fault of the next page).
 */
public final class Decoder {
    private Decoder() {}

    public static Instruction decode(Mode mode, byte[] code, int offset, int available, long address) {
        throw new UnsupportedOperationException("decoder not written yet");
    }
}
