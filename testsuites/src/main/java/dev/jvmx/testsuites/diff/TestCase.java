package dev.jvmx.testsuites.diff;

import java.util.HexFormat;

/**
 * One differential case: code, the state it starts from, the flags it may leave undefined
 * (SDM "undefined" flags of any of its instructions) and a human-readable text.
 *
 * @param code           instruction bytes, at most {@link HostLayout#CODE_MAX}
 * @param initial        the starting state
 * @param undefinedFlags RFLAGS bits the comparison ignores
 * @param text           e.g. {@code "add r/m64, r64 [48 01 d8]"}; for diffs and logs
 * @param approximate    whether XMM results are approximations the SDM bounds only (RCPPS, RSQRTPS):
 *                       {@link StateDiff} then compares single-precision lanes to {@link StateDiff#APPROXIMATION}
 * @param xsave          for an XSAVE or XSAVEOPT case, where it saves what ({@link StateDiff} then leaves out
 *                       the area fields the SDM lets an implementation choose); null otherwise
 */
public record TestCase(byte[] code, MachineState initial, long undefinedFlags, String text, boolean approximate, XsaveArea xsave) {

    /**
     * The XSAVE area of an XSAVE/XSAVEOPT case.
     *
     * @param address   its linear address (in the data page when the case completes)
     * @param rfbm      the requested-feature bitmap, XCR0 AND EDX:EAX (x87 = 1, SSE = 2, AVX = 4)
     * @param optimised XSAVEOPT: a component whose XSTATE_BV bit is 0 may be left unwritten
     */
    public record XsaveArea(long address, long rfbm, boolean optimised) {}

    /** A case with exact results. */
    public TestCase(byte[] code, MachineState initial, long undefinedFlags, String text) {
        this(code, initial, undefinedFlags, text, false);
    }

    /** A case that is not an XSAVE. */
    public TestCase(byte[] code, MachineState initial, long undefinedFlags, String text, boolean approximate) {
        this(code, initial, undefinedFlags, text, approximate, null);
    }

    public TestCase {
        if (code.length > HostLayout.CODE_MAX) throw new IllegalArgumentException("code too long: " + code.length);
        code = code.clone();
    }

    /** A case from hex bytes with no undefined flags. */
    public static TestCase of(String hex, MachineState initial) {
        return new TestCase(HexFormat.of().parseHex(hex.replace(" ", "")), initial, 0, hex);
    }

    @Override
    public byte[] code() {
        return code.clone();
    }
}
