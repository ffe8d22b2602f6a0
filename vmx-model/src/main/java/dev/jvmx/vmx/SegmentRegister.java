package dev.jvmx.vmx;

/** The segment registers the VMCS guest-state area holds (SDM Vol. 3C §25.4.1), in field order. */
public enum SegmentRegister {
    ES, CS, SS, DS, FS, GS, LDTR, TR
}
