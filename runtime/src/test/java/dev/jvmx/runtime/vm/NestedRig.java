package dev.jvmx.runtime.vm;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.jvmx.runtime.exec.Nasm;
import dev.jvmx.vmx.cap.SecondaryProcessorBasedControl;
import dev.jvmx.vmx.cap.VmxCapabilities;
import dev.jvmx.vmx.exit.VmExit;
import dev.jvmx.vmx.vmcs.FieldType;
import dev.jvmx.vmx.vmcs.Vmcs;
import dev.jvmx.vmx.vmcs.VmcsField;
import dev.jvmx.vmx.vmcs.VmcsTemplate;
import dev.jvmx.vmx.vmcs.VmcsTemplate.GuestMode;

/**
 * An L1 hypervisor's machine for the nested-VMX tests: a {@link GuestRig} whose vCPU has nested
 * VMX enabled, with what L1 code needs around it. Guest-physical layout (EPT01 is the identity):
 * <pre>
 *   0x1000  L1 code: +0x10 #UD handler (R15 = 0x106), +0x20 #GP handler (R15 = 0x10D; both
 *           keep an R15 already set and HLT),
 *           +0x30 L1's host entry after an L2 exit (R14 = VM_EXIT_REASON, R13 = exit
 *           interruption information, then jumps to after_host), then start:
 *   0x4000  GDT: 08 code64, 10 data, 18 TSS, 28 code64 DPL 3, 30 data DPL 3, 38 code32 (compatibility mode)
 *   0x5000  IDT (#UD, #GP)    0x6000 TSS (RSP0 = 0x7F00)    0x8000 L1 stack    0x9000 L2 stack
 *  0x10000  page tables (2-MByte pages, user)  0x20000 VMXON region  0x21000 / 0x22000 VMCS regions
 *  0x23000  region with a wrong revision      0x24000 EPTP list      0x30000 VMWRITE table of vmcs12
 *  0x40000  L2 code     0x100000 EPT12 tables
 * </pre>
 * L1's data labels: p_vmxon, p_vmcs, p_vmcs2, p_bad, p_tmp (a scratch qword), desc (16 bytes).
 */
final class NestedRig {
    static final long VMXON = 0x20000, VMCS = 0x21000, VMCS2 = 0x22000, BAD_REVISION = 0x23000, EPTP_LIST = 0x24000;
    static final long TABLE = 0x30000, L2_CODE = 0x40000, GDT = 0x4000, IDT = 0x5000, TSS = 0x6000;
    static final long HOST_ENTRY = GuestRig.CODE + 0x30;
    static final int MARK_DONE = 0xD0, MARK_HOST = 0xE0, MARK_UD = 0x106, MARK_GP = 0x10D;

    final GuestRig g;
    final NestedVmx nested;
    final VmxCapabilities offered;
    final Ept ept12, ept12b;
    private long eptPages = 0x100000;

    NestedRig(GuestMode mode, VmxCapabilities offered) {
        g = new GuestRig(mode);
        this.offered = offered;
        nested = g.cpu.enableNestedVmx(offered);
        var mem = g.vm.hostMemory();
        // user-accessible paging structures, so that CPL 3 code runs
        long pml4 = GuestRig.PAGE_TABLES, pdpt = pml4 + 0x1000, pd = pml4 + 0x2000;
        mem.write(pml4, 8, pdpt | 7);
        mem.write(pdpt, 8, pd | 7);
        for (int i = 0; i < 2; i++) mem.write(pd + 8L * i, 8, ((long) i << 21) | 0x87);
        long[] gdt = {0, 0x00AF9B000000FFFFL, 0x00CF93000000FFFFL, 0x0000890000000067L | TSS << 16, 0,
            0x00AFFB000000FFFFL, 0x00CFF3000000FFFFL, 0x00CF9B000000FFFFL};
        for (int i = 0; i < gdt.length; i++) mem.write(GDT + 8L * i, 8, gdt[i]);
        gate(6, GuestRig.CODE + 0x10);
        gate(13, GuestRig.CODE + 0x20);
        mem.write(TSS + 4, 8, 0x7F00);
        g.set(VmcsField.GUEST_GDTR_BASE, GDT).set(VmcsField.GUEST_GDTR_LIMIT, 8 * gdt.length - 1)
                .set(VmcsField.GUEST_IDTR_BASE, IDT).set(VmcsField.GUEST_IDTR_LIMIT, 0xFFF)
                .set(VmcsField.GUEST_TR_BASE, TSS)
                .set(VmcsField.EXCEPTION_BITMAP, 1 << 6 | 1 << 13);
        mem.write(VMXON, 4, offered.revisionId());
        mem.write(VMCS, 4, offered.revisionId());
        mem.write(VMCS2, 4, offered.revisionId());
        mem.write(BAD_REVISION, 4, offered.revisionId() ^ 1);
        ept12 = new Ept(mem, this::eptPage);
        ept12.map2M(0, 0, Ept.RWX);
        ept12.map2M(0x20_0000, 0x20_0000, Ept.RWX);
        ept12b = new Ept(mem, this::eptPage);
        ept12b.map2M(0, 0, Ept.RWX);
        ept12b.map2M(0x20_0000, 0x20_0000, Ept.RWX);
        vmcs12Table();
    }

    NestedRig(GuestMode mode) {
        this(mode, NestedVmx.offerable(VmxCapabilities.full()));
    }

    private long eptPage() {
        long p = eptPages;
        eptPages += 0x1000;
        return p;
    }

    /** A 64-bit interrupt gate to {@code handler} through selector 08 (Vol. 3A §6.14.1). */
    private void gate(int vector, long handler) {
        var mem = g.vm.hostMemory();
        long low = (handler & 0xFFFF) | 0x08L << 16 | 0x8EL << 40 | (handler >>> 16 & 0xFFFF) << 48;
        mem.write(IDT + 16L * vector, 8, low);
        mem.write(IDT + 16L * vector + 8, 8, handler >>> 32);
    }

    /**
     * vmcs12 as L1 writes it (encoding, value pairs ending in -1): a 64-bit L2 at {@link #L2_CODE}
     * under EPT12 with VPID 1, exiting on #UD and #GP; the host state is L1's own, entering at
     * {@link #HOST_ENTRY}; VM functions with EPTP switching over {@link #EPTP_LIST}.
     */
    private void vmcs12Table() {
        Vmcs v = VmcsTemplate.initialize(new Vmcs(offered, offered.revisionId()), GuestMode.LONG_FLAT,
                offered.allows(SecondaryProcessorBasedControl.ENABLE_EPT) ? ept12.pointer() : 0, 1, GuestRig.PAGE_TABLES);
        v.write(VmcsField.HOST_RIP, HOST_ENTRY);
        v.write(VmcsField.HOST_RSP, 0x7800);
        v.write(VmcsField.HOST_CR3, GuestRig.PAGE_TABLES);
        v.write(VmcsField.HOST_GDTR_BASE, GDT);
        v.write(VmcsField.HOST_IDTR_BASE, IDT);
        v.write(VmcsField.HOST_TR_BASE, TSS);
        v.write(VmcsField.GUEST_RIP, L2_CODE);
        v.write(VmcsField.GUEST_RSP, 0x9000);
        v.write(VmcsField.GUEST_GDTR_BASE, GDT);
        v.write(VmcsField.GUEST_IDTR_BASE, IDT);
        v.write(VmcsField.GUEST_TR_BASE, TSS);
        v.write(VmcsField.EXCEPTION_BITMAP, 1 << 6 | 1 << 13);
        if (offered.allows(SecondaryProcessorBasedControl.ENABLE_VM_FUNCTIONS)) {
            v.write(VmcsField.SECONDARY_PROCESSOR_BASED_VM_EXECUTION_CONTROLS,
                    v.read(VmcsField.SECONDARY_PROCESSOR_BASED_VM_EXECUTION_CONTROLS) | SecondaryProcessorBasedControl.ENABLE_VM_FUNCTIONS.mask());
            v.write(VmcsField.VM_FUNCTION_CONTROLS, 1);
            v.write(VmcsField.EPTP_LIST_ADDRESS, EPTP_LIST);
            g.vm.hostMemory().write(EPTP_LIST + 8 * 5, 8, ept12b.pointer());
        }
        long at = TABLE;
        var mem = g.vm.hostMemory();
        for (VmcsField f : VmcsField.values()) {
            if (!f.supportedBy(offered) || f.type() == FieldType.READ_ONLY_DATA || v.read(f) == 0) continue;
            mem.write(at, 8, f.encoding());
            mem.write(at + 8, 8, v.read(f));
            at += 16;
        }
        mem.write(at, 8, -1L);
    }

    /** Sets one vmcs12 field in the VMWRITE table (overwritten, or appended). */
    NestedRig vmcs12(VmcsField f, long value) {
        var mem = g.vm.hostMemory();
        long at = TABLE;
        for (; mem.read(at, 8) != -1L; at += 16) {
            if (mem.read(at, 8) == f.encoding()) {
                mem.write(at + 8, 8, value);
                return this;
            }
        }
        mem.write(at, 8, f.encoding());
        mem.write(at + 8, 8, value);
        mem.write(at + 16, 8, -1L);
        return this;
    }

    /** A vmcs12 field's value in the VMWRITE table (0 if absent, as in a fresh VMCS). */
    long vmcs12(VmcsField f) {
        var mem = g.vm.hostMemory();
        for (long at = TABLE; mem.read(at, 8) != -1L; at += 16) {
            if (mem.read(at, 8) == f.encoding()) return mem.read(at + 8, 8);
        }
        return 0;
    }

    /** L1's prologue reaching each VMX state; the actions follow it. */
    enum State {
        FRESH(""),
        ROOT("vmxon [p_vmxon]\n"),
        CURRENT(ROOT.asm + "vmclear [p_vmcs]\nvmptrld [p_vmcs]\n"),
        READY(CURRENT.asm + """
                mov rsi, 0x30000
            .w: mov rax, [rsi]
                cmp rax, -1
                je .wd
                mov rbx, [rsi + 8]
                vmwrite rax, rbx
                add rsi, 16
                jmp .w
            .wd:
            """),
        NON_ROOT(READY.asm + "vmlaunch\nmov r15d, 0xBAD\nhlt\n");

        final String asm;

        State(String asm) { this.asm = asm; }
    }

    /** Loads L1's 64-bit program: handlers, host entry, {@code state}'s prologue, {@code body}, {@code afterHost}. */
    NestedRig l1(State state, String body, String afterHost) {
        String src = """
                jmp start
                times 0x10-($-$$) nop
                mov r11d, 0x106
                jmp fault
                times 0x20-($-$$) nop
                mov r11d, 0x10D
                jmp fault
                times 0x30-($-$$) nop
                mov ebx, 0x4402
                vmread r14, rbx
                mov ebx, 0x4404
                vmread r13, rbx
                jmp after_host
            fault:
                test r15d, r15d
                jnz .seen
                mov r15d, r11d
            .seen:
                hlt
            start:
            """ + state.asm + body + "\nbits 64\nafter_host:\n" + afterHost + """

                mov r15d, 0xE0
                hlt
                align 8
            p_vmxon: dq 0x20000
            p_vmcs: dq 0x21000
            p_vmcs2: dq 0x22000
            p_bad: dq 0x23000
            p_tmp: dq 0
            desc: dq 0, 0
            """;
        GuestRig.requireNasm();
        g.vm.load(GuestRig.CODE, Nasm.assemble("64", GuestRig.CODE, src));
        return this;
    }

    /** Loads a whole L1 program in the rig's mode (16-bit real, 32-bit protected), data labels p_vmxon and p_tmp included. */
    NestedRig raw(String src) {
        GuestRig.requireNasm();
        g.vm.load(GuestRig.CODE, Nasm.assemble(g.bits(), GuestRig.CODE, src + "\nalign 8\np_vmxon: dq 0x20000\np_tmp: dq 0\n"));
        return this;
    }

    /** Loads L2's 64-bit code at {@link #L2_CODE}. */
    NestedRig l2(String asm) {
        GuestRig.requireNasm();
        g.vm.load(L2_CODE, Nasm.assemble("64", L2_CODE, asm));
        return this;
    }

    /** Runs until the program gets an exit (L0's nested exits are not among them). */
    VmExit exit() {
        RunResult r = g.cpu.run(1_000_000);
        return assertInstanceOf(RunResult.Exited.class, r, () -> "expected a VM exit, got " + r).exit();
    }

    long gpr(int i) { return g.cpu.gpr(i); }
}
