/**
 * VMX non-root operation (SDM Vol. 3C ch. 26): which guest instructions and events cause VM
 * exits, and how others behave differently, decided from the controls VM entry read.
 * <pre>
 *   §26.1.2 unconditional exits (CPUID, GETSEC, INVD, XSETBV)   SensitiveInstruction
 *   §26.1.3 conditional exits: one control each                 SensitiveInstruction, Intercepts
 *           I/O bitmaps, MSR bitmaps, CR masks / CR3 targets    Intercepts
 *   §26.2   exceptions: exception bitmap, #PF mask / match      Intercepts#exception
 *   §26.2   interrupts, NMIs, INIT, triple fault, task switch   EventIntercepts
 *   §26.5.1 VMX-preemption timer                                EventIntercepts
 *   §26.7   interrupt / NMI windows, monitor trap flag          EventIntercepts
 *   §26.3   changed behaviour: CR read shadows, TSC offset      Intercepts#readCr, #tsc
 *   §30.1   virtual-APIC page: TPR, PPR, EOI, self-IPI virt.     VirtualApic
 *   §30.2   evaluation and delivery of virtual interrupts       VirtualApic#deliver
 *   §30.3   TPR shadow: CR8 via VTPR, TPR below threshold        VirtualApic#readCr8, #writeCr8
 *   §30.4   APIC-access page: virtualized reads / writes,       VirtualApic#readVirtualized,
 *           APIC-write emulation and APIC-write exits           #writeVirtualized, #emulateWrite
 *   §30.5   x2APIC MSRs with "virtualize x2APIC mode"           VirtualApic#readMsr, #writeMsr
 * </pre>
 * {@link dev.jvmx.vmx.nonroot.ExecutionControls} is the snapshot of the controls with a
 * fingerprint: controls are read only at VM entry, so translated non-root code may treat them
 * as constants and key its cache by the fingerprint. VMX instructions in non-root operation are
 * decided in {@code insn} (they always exit, or #UD for VMFUNC / INVEPT / INVVPID).
 */
package dev.jvmx.vmx.nonroot;
