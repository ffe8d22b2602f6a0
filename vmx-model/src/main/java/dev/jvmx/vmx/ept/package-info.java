/**
 * EPT and VPID (SDM Vol. 3C ch. 29). {@link dev.jvmx.vmx.ept.EptWalker} is the 4-level walk of
 * §29.3.2 with 2-MByte and 1-GByte pages, memory types, execute-only pages (if advertised), the
 * accessed and dirty flags of §29.3.5 (EPTP bit 6), EPT violations with the qualification bits of
 * Table 28-7 and EPT misconfigurations (§29.3.3.1). {@link dev.jvmx.vmx.ept.EptPointer} is the
 * EPTP and its validity rule (§25.6.11), shared by VM entry, VMFUNC and INVEPT.
 * {@link dev.jvmx.vmx.ept.TlbTag} says how cached translations are tagged (VPID, EPTRTA, PCID,
 * §29.4) and which INVEPT / INVVPID types drop them.
 *
 * <p>Not modelled: 5-level EPT, mode-based execute control, sub-page permissions, #VE,
 * supervisor shadow-stack control, advanced VM-exit information for EPT violations.
 */
package dev.jvmx.vmx.ept;
