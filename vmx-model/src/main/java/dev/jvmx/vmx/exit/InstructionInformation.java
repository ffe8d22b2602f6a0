package dev.jvmx.vmx.exit;

/**
 * Builders for VM_EXIT_INSTRUCTION_INFORMATION (SDM Vol. 3C §28.2.5, Tables 28-8 to 28-15). The
 * format for VMX instructions with a memory or register operand (VMCLEAR, VMPTRLD, VMPTRST,
 * VMXON, VMREAD, VMWRITE, INVEPT, INVVPID, INVPCID, XSAVES, XRSTORS):
 * <pre>
 *  31  28 27 26  23 22 21  18 17 15 14 11 10 9   7 6   3 2 1 0
 * +------+--+------+--+------+-----+-----+--+-----+-----+-+---+
 * | reg2 |BI| base |II| index| seg | 0   |MR|asize| reg1|0|scl|
 * +------+--+------+--+------+-----+-----+--+-----+-----+-+---+
 *   scl scaling (0..3), asize 0=16 1=32 2=64, MR 1 = register operand (reg1 valid),
 *   II / BI index / base register invalid
 * </pre>
 */
public final class InstructionInformation {

    /** Address sizes (bits 9:7). */
    public static final int ADDRESS_16 = 0;
    public static final int ADDRESS_32 = 1;
    public static final int ADDRESS_64 = 2;

    private InstructionInformation() {
    }

    /**
     * A memory operand: {@code index} / {@code base} of -1 mean "invalid"; {@code reg2} is the
     * register operand of VMREAD / VMWRITE / INVEPT / INVVPID.
     */
    public static int memoryOperand(int scaling, int addressSize, int segment, int index,
            int base, int reg2) {
        int v = (scaling & 3) | (addressSize & 7) << 7 | (segment & 7) << 15 | (reg2 & 0xF) << 28;
        v |= index < 0 ? 1 << 22 : (index & 0xF) << 18;
        v |= base < 0 ? 1 << 27 : (base & 0xF) << 23;
        return v;
    }

    /** A register operand in reg1 (bits 6:3) with bit 10 set; reg2 as for memory operands. */
    public static int registerOperand(int reg1, int reg2) {
        return (reg1 & 0xF) << 3 | 1 << 10 | (reg2 & 0xF) << 28;
    }

    /** LOADIWKEY (§28.2.5): the XMM register of ModRM.reg in reg1 (bits 6:3), that of ModRM.rm in reg2 (31:28). */
    public static int loadiwkey(int xmm1, int xmm2) {
        return (xmm1 & 0xF) << 3 | (xmm2 & 0xF) << 28;
    }

    /** INS / OUTS (Table 28-8): address size [9:7], segment [17:15] (OUTS only). */
    public static int insOuts(int addressSize, int segment) {
        return (addressSize & 7) << 7 | (segment & 7) << 15;
    }
}
