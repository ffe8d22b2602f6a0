package dev.jvmx.runtime.machine;

/**
 * Why a machine stopped and the exit status {@code jvmx boot} returns for it. Statuses of the
 * exit device are always odd ({@code (code << 1) | 1}); the others are even, so they never clash:
 * <pre>
 *  EXIT_DEVICE         (code &lt;&lt; 1) | 1   the guest wrote code to port 0xF4
 *  HALTED              0                HLT with RFLAGS.IF = 0 on the bootstrap processor
 *  TRIPLE_FAULT        2                shutdown
 *  IDLE_FOREVER        4                every vCPU waits for an interrupt and no timer is armed
 *  RESET               6                the guest pulsed reset (8042 command 0xFE, port 0x92 bit 0)
 *  INSTRUCTION_LIMIT   122              --max-instructions reached
 *  TIMEOUT             124              --timeout reached (as timeout(1))
 *  INTERNAL_ERROR      126              an exit the monitor cannot handle
 * </pre>
 * A process exit status keeps only the low 8 bits.
 */
public record MachineStop(Reason reason, int status, String detail) {
    public enum Reason {
        EXIT_DEVICE(-1), HALTED(0), TRIPLE_FAULT(2), IDLE_FOREVER(4), RESET(6), INSTRUCTION_LIMIT(122), TIMEOUT(124),
        INTERNAL_ERROR(126);

        private final int status;

        Reason(int status) { this.status = status; }

        /** The documented status (-1 for the exit device, whose status the guest chooses). */
        public int status() { return status; }
    }

    public static MachineStop of(Reason reason, String detail) {
        if (reason == Reason.EXIT_DEVICE) throw new IllegalArgumentException("use exitDevice(code)");
        return new MachineStop(reason, reason.status(), detail);
    }

    public static MachineStop exitDevice(int code) {
        return new MachineStop(Reason.EXIT_DEVICE, (code << 1) | 1, String.format("exit device: code 0x%x", code));
    }

    /** The low 8 bits, as a process exit status. */
    public int processStatus() { return status & 0xFF; }
}
