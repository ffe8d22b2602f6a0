package dev.jvmx.x86;

/**
 * Which VT-x mechanism can make a form cause a VM exit in VMX non-root operation
 * (SDM Vol. 3C §26.1.2 unconditional exits, §26.1.3 exits controlled by execution controls,
 * Table 25-6/25-7 for the control names). {@code NONE}: never exits by itself.
 */
public enum ExitClass {
    NONE,
    /** CPUID, GETSEC, INVD, XSETBV, VMX instructions: always exit (§26.1.2). */
    UNCONDITIONAL,
    /** HLT exiting. */ HLT,
    /** INVLPG exiting. */ INVLPG,
    /** INVPCID: "enable INVPCID" and INVLPG exiting. */ INVPCID,
    /** MWAIT exiting. */ MWAIT,
    /** MONITOR exiting. */ MONITOR,
    /** PAUSE exiting / PAUSE-loop exiting. */ PAUSE,
    /** RDPMC exiting. */ RDPMC,
    /** RDTSC exiting. */ RDTSC,
    /** RDTSC exiting with "enable RDTSCP". */ RDTSCP,
    /** CR0/CR4 guest/host masks, CR3-load/store exiting, CR8-load/store exiting, CLTS, LMSW. */
    CR_ACCESS,
    /** MOV-DR exiting. */ DR_ACCESS,
    /** Unconditional I/O exiting, use I/O bitmaps. */ IO,
    /** Use MSR bitmaps. */ MSR,
    /** Descriptor-table exiting (LGDT, LIDT, LLDT, LTR, SGDT, SIDT, SLDT, STR). */ DESC_TABLE,
    /** WBINVD exiting. */ WBINVD,
    /** RDRAND exiting. */ RDRAND,
    /** RDSEED exiting. */ RDSEED,
    /** Enable XSAVES/XRSTORS with the XSS-exiting bitmap. */ XSAVES,
    /** VMFUNC: exits for an invalid function or EPTP switching failure. */ VMFUNC,
    /** VMX instructions (VMXON..INVVPID, VMCALL): always exit from non-root operation. */ VMX,
    /** "Enable ENCLS exiting" / "enable ENCLV exiting" with the ENCLS- / ENCLV-exiting bitmap indexed by EAX. */ ENCLS,
    /** "Enable PCONFIG" with the PCONFIG-exiting bitmap indexed by EAX. */ PCONFIG,
    /** "LOADIWKEY exiting" (tertiary control). */ LOADIWKEY,
    /** Exception bitmap (INT3, INTO, INT n via #GP...) and interrupt-window controls. */ EXCEPTION
}
