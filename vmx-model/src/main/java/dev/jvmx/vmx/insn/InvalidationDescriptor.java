package dev.jvmx.vmx.insn;

/**
 * The 128-bit memory operand of INVEPT and INVVPID (SDM Vol. 3C §31.3):
 * <pre>
 *  INVEPT:   127             64 63                          0
 *           +-----------------+------------------------------+
 *           |    reserved     |             EPTP             |
 *           +-----------------+------------------------------+
 *  INVVPID:  127             64 63                  16 15    0
 *           +-----------------+----------------------+-------+
 *           | linear address  |  reserved (must be 0)|  VPID |
 *           +-----------------+----------------------+-------+
 * </pre>
 */
public record InvalidationDescriptor(long low, long high) {

    /** INVEPT: the EPTP in bits 63:0. */
    public long eptp() {
        return low;
    }

    /** INVVPID: the VPID in bits 15:0. */
    public int vpid() {
        return (int) low & 0xFFFF;
    }

    /** INVVPID: bits 63:16 must be zero. */
    public boolean reservedBitsSet() {
        return (low >>> 16) != 0;
    }

    /** INVVPID: the linear address in bits 127:64. */
    public long linearAddress() {
        return high;
    }
}
