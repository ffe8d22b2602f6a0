package dev.jvmx.x86;

/** The register files an operand can name. */
public enum RegClass {
    /** RAX..R15 in encoding order (0=AX 1=CX 2=DX 3=BX 4=SP 5=BP 6=SI 7=DI 8..15=R8..R15); 8-bit low bytes AL..R15B incl. SPL/BPL/SIL/DIL. */
    GPR,
    /** AH, CH, DH, BH (encoded as 4..7 without REX): {@code num} is 0..3, the GPR whose byte 1 it names (AH: num 0). */
    GPR8H,
    SEG, CR, DR, MMX, XMM, YMM,
    /** x87 stack register ST(num), relative to TOP. */
    ST
}
