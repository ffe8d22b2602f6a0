package dev.jvmx.runtime.machine.boot;

import java.util.Map;

/**
 * Processor state after power-up, RESET or INIT (SDM Vol. 3A §10.1.1, Table 10-1, "IA-32 and
 * Intel 64 Processor States Following Power-up, Reset, or INIT"): real mode, CS selector 0xF000
 * with base 0xFFFF_0000 and IP 0xFFF0, so the first fetch is at 0xFFFF_FFF0 (the top of the ROM
 * alias); EDX holds the processor signature; CR0 = 0x6000_0010 (CD, NW, ET). A start-up IPI with
 * vector V starts an AP at V:0000, i.e. CS base V * 4096 (§10.4.4).
 */
public final class ResetState {
    public static final long CR0_RESET = 0x6000_0010L;

    private ResetState() {
    }

    /** The state after RESET; {@code signature} goes to EDX (CPUID.01H:EAX). */
    public static InitialCpuState reset(int signature) {
        SegmentState cs = new SegmentState(0xF000, 0xFFFF_0000L, 0xFFFF, 0x9B);
        SegmentState d = SegmentState.realData(0);
        return new InitialCpuState(CpuMode.REAL, 0xFFF0, 0x2, Map.of(2, signature & 0xFFFF_FFFFL),
                d, cs, d, d, d, d, new SegmentState(0, 0, 0xFFFF, 0x82), new SegmentState(0, 0, 0xFFFF, 0x8B),
                0, 0xFFFF, 0, 0xFFFF, CR0_RESET, 0, 0, 0, InitialCpuState.Activity.ACTIVE);
    }

    /** An application processor after INIT: reset state, waiting for a start-up IPI. */
    public static InitialCpuState waitForSipi(int signature) {
        return reset(signature).withActivity(InitialCpuState.Activity.WAIT_FOR_SIPI);
    }

    /** The state a start-up IPI with {@code vector} gives: real mode at vector:0000. */
    public static InitialCpuState startup(int signature, int vector) {
        return reset(signature).withCode(SegmentState.realCode((vector & 0xFF) << 8), 0);
    }
}
