package dev.jvmx.runtime.vm;

import static dev.jvmx.runtime.vm.NestedRig.State.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.jvmx.vmx.VmxOutcome;
import dev.jvmx.vmx.cap.EptVpidCapability;
import dev.jvmx.vmx.cap.SecondaryProcessorBasedControl;
import dev.jvmx.vmx.cap.VmxCapabilities;
import dev.jvmx.vmx.exit.ExitReason;
import dev.jvmx.vmx.exit.InterruptionInfo;
import dev.jvmx.vmx.exit.VmExit;
import dev.jvmx.vmx.vmcs.VmcsField;
import dev.jvmx.vmx.vmcs.VmcsTemplate.GuestMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every path of vmx-model's {@code VmxInstructionFailureTest} table, taken by guest code: an L1
 * hypervisor (64-bit unless the path needs another mode) executes the instruction in the state
 * the row names, through L0's nested VMX ({@link NestedVmx}) — its own VMX operation, its
 * vmcs12, its L2. Legend of a vector: the model row's name; L1's state (FRESH, ROOT, CURRENT,
 * READY, NON_ROOT: {@link NestedRig.State}); the L1 instructions after the prologue, or L2's
 * code for NON_ROOT ({@code l2}), or L1's code after L2's first exit ({@code afterL2}); the
 * outcome L1 observes:
 * <ul>
 * <li>{@code fault(v)}: #UD / #GP reaches L1 — injected by L0 (L1's IDT handler marks R15), or
 *     raised by the vCPU before any exit (vmcs01's exception bitmap hands it to the test), or,
 *     in L2, reflected to L1 as exit 0 with that vector;</li>
 * <li>{@code invalid}, {@code valid(n)}, {@code succeed}, {@code value(v)}: RFLAGS after the
 *     instruction (CF / ZF, §31.2), VM_INSTRUCTION_ERROR read back by VMREAD, the stored value;</li>
 * <li>{@code exit(r)}: L2's instruction reached L1 as a VM exit with basic reason r.</li>
 * </ul>
 * A meta-test fails if a row of the model's table has no vector here (or one here names no row).
 */
class NestedVmxFailurePathsTest {
    private static final long CF = VmxOutcome.CF, ZF = VmxOutcome.ZF, STATUS = VmxOutcome.STATUS_FLAGS;
    private static final String MODEL_TABLE = "../vmx-model/src/test/java/dev/jvmx/vmx/insn/VmxInstructionFailureTest.java";

    /** Rows of the model's table no guest can take, and why. */
    static final Map<String, String> NO_GUEST_PATH = Map.of(
            "VMCALL outside VMX #UD", "outside VMX operation L1's VMCALL is a hypercall to L0 (the program gets the VMCALL exit), as KVM treats it");

    /** What L1 observes. */
    sealed interface Expect {
        record Fault(int vector) implements Expect {}
        record Flags(long flags, int error, Long value) implements Expect {}
        record Exit(ExitReason reason) implements Expect {}
    }

    static Expect fault(int vector) { return new Expect.Fault(vector); }
    static final Expect UD = fault(6), GP = fault(13);
    static final Expect INVALID = new Expect.Flags(CF, -1, null), SUCCEED = new Expect.Flags(0, -1, null);
    static Expect valid(int error) { return new Expect.Flags(ZF, error, null); }
    static Expect value(long v) { return new Expect.Flags(0, -1, v); }
    static Expect exit(ExitReason r) { return new Expect.Exit(r); }

    /** One guest vector: {@code setup} builds the rig and loads the code. */
    record Vector(String name, Function<Vector, NestedRig> setup, Expect expect) {}

    private static final Map<String, Vector> VECTORS = new LinkedHashMap<>();

    private static void add(String name, Function<Vector, NestedRig> setup, Expect expect) {
        if (VECTORS.put(name, new Vector(name, setup, expect)) != null) throw new AssertionError("two vectors for " + name);
    }

    /** L1 in 64-bit mode, offering {@code caps}, {@code tune} applied to the rig first. */
    private static Function<Vector, NestedRig> l1(VmxCapabilities caps, java.util.function.Consumer<NestedRig> tune,
            NestedRig.State state, String action) {
        return v -> {
            NestedRig n = new NestedRig(GuestMode.LONG_FLAT, caps);
            tune.accept(n);
            return n.l1(state, action.replace("EPTP12", Long.toString(n.ept12.pointer())) + epilogue(v.expect()), "");
        };
    }

    private static Function<Vector, NestedRig> l1(NestedRig.State state, String action) {
        return l1(NestedVmx.offerable(VmxCapabilities.full()), n -> { }, state, action);
    }

    private static Function<Vector, NestedRig> l1(java.util.function.Consumer<NestedRig> tune, NestedRig.State state, String action) {
        return l1(NestedVmx.offerable(VmxCapabilities.full()), tune, state, action);
    }

    /** {@code action} executed by L2 (then VMCALL, so a missing exit shows). */
    private static Function<Vector, NestedRig> l2(java.util.function.Consumer<NestedRig> tune, String action) {
        return v -> {
            NestedRig n = new NestedRig(GuestMode.LONG_FLAT);
            tune.accept(n);
            return n.l2(action + "\nvmcall\n").l1(NON_ROOT, "", "");
        };
    }

    private static Function<Vector, NestedRig> l2(String action) {
        return l2(n -> { }, action);
    }

    /** After L2 (a VMCALL) exits to L1, L1 executes {@code action}. */
    private static Function<Vector, NestedRig> afterL2(String action) {
        return v -> new NestedRig(GuestMode.LONG_FLAT).l2("vmcall\n").l1(NON_ROOT, "", action + epilogue(v.expect()));
    }

    /** RFLAGS in RAX, [p_tmp] in R9, R15 = 0xD0, VM_INSTRUCTION_ERROR in RCX when a VMfailValid is expected. */
    private static String epilogue(Expect e) {
        String read = e instanceof Expect.Flags f && f.error() >= 0 ? "mov ebx, 0x4400\nvmread rcx, rbx\n" : "";
        return "\npushfq\npop rax\nmov r9, [p_tmp]\nmov r15d, 0xD0\n" + read + "hlt\n";
    }

    /** Drops to CPL 3 (IRETQ to selector 2B, stack 33:7000). */
    private static final String CPL3 = """
            push 0x33
            push 0x7000
            push 0x2
            push 0x2B
            lea rcx, [rel .user]
            push rcx
            iretq
        .user:
        """;

    /** A far jump to compatibility mode (selector 38: 32-bit code), then {@code action} and HLT. */
    private static String compat(String action) {
        return "jmp far dword [rel .fp]\n.fp: dd .c\ndw 0x38\nbits 32\n.c:\n" + action + "\nhlt\nbits 64\n";
    }

    private static String tmp(long value) {
        return "mov rax, " + value + "\nmov [p_tmp], rax\n";
    }

    private static String descriptor(long type, long low, long high) {
        return "mov rax, " + low + "\nmov [desc], rax\nmov rax, " + high + "\nmov [desc + 8], rax\nmov eax, " + type + "\n";
    }

    private static final String VMREAD_RIP = "mov ebx, 0x681E\nvmread [p_tmp], rbx\n";
    private static final String VMWRITE_RIP = "mov ebx, 0x681E\nmov eax, 5\nvmwrite rbx, rax\n";

    /** Masks bits of L1's CR0 / CR4 with the read shadow showing them as {@code shadowBits}. */
    private static java.util.function.Consumer<NestedRig> shadow(VmcsField mask, VmcsField shadow, VmcsField cr, long bits, long shadowBits) {
        return n -> n.g.set(mask, bits).set(shadow, n.g.cpu.vmread(cr) & ~bits | shadowBits);
    }

    /**
     * L1 in 32-bit protected mode with paging (4-MByte pages) and "unrestricted guest" in vmcs01,
     * for the paths in virtual-8086 and real mode.
     */
    private static Function<Vector, NestedRig> paged32(String program) {
        return v -> {
            NestedRig n = new NestedRig(GuestMode.PROTECTED_FLAT);
            n.g.vm.hostMemory().write(0x11000, 8, 0x87 | 0x80);
            n.g.set(VmcsField.GUEST_CR3, 0x11000).set(VmcsField.GUEST_CR4, 0x2010).set(VmcsField.GUEST_CR0, 0x8000_0031L);
            return n.raw(program);
        };
    }

    /** IRETD from CPL 0 to virtual-8086 mode at .v86 (16-bit code follows). */
    private static final String TO_V86 = """
            push 0
            push 0
            push 0
            push 0
            push 0
            push 0x7000
            push 0x20002
            push 0
            push .v86
            iretd
        bits 16
        .v86:
        """;

    static {
        String on = "vmxon [p_vmxon]\n";
        add("VMXON CR0.PE=0 #UD", v -> new NestedRig(GuestMode.REAL).raw("vmxon [0x3000]\nhlt\n"), UD);
        add("VMXON CR4.VMXE=0 #UD", l1(shadow(VmcsField.CR4_GUEST_HOST_MASK, VmcsField.CR4_READ_SHADOW, VmcsField.GUEST_CR4, 0x2000, 0), FRESH, on), UD);
        add("VMXON RFLAGS.VM=1 #UD", paged32("start:\n" + TO_V86 + "vmxon [0x3000]\nhlt\n"), UD);
        add("VMXON compatibility mode #UD", l1(FRESH, compat(on)), UD);
        add("VMXON in non-root exits", l2(on.replace("p_vmxon", "0x3000")), exit(ExitReason.VMXON));
        add("VMXON CPL>0 #GP", l1(FRESH, CPL3 + on), GP);
        add("VMXON feature control unlocked #GP", l1(n -> n.nested.setFeatureControl(4), FRESH, on), GP);
        add("VMXON outside SMX disabled #GP", l1(n -> n.nested.setFeatureControl(1), FRESH, on), GP);
        add("VMXON CR0.NE=0 #GP", l1(shadow(VmcsField.CR0_GUEST_HOST_MASK, VmcsField.CR0_READ_SHADOW, VmcsField.GUEST_CR0, 0x20, 0), FRESH, on), GP);
        add("VMXON CR4.PKE (unsupported) #GP", l1(shadow(VmcsField.CR4_GUEST_HOST_MASK, VmcsField.CR4_READ_SHADOW, VmcsField.GUEST_CR4, 1 << 22, 1 << 22), FRESH, on), GP);
        add("VMXON unaligned region VMfailInvalid", l1(FRESH, tmp(NestedRig.VMXON + 8) + "vmxon [p_tmp]\n"), INVALID);
        add("VMXON region beyond MAXPHYADDR VMfailInvalid", l1(FRESH, tmp(1L << 40) + "vmxon [p_tmp]\n"), INVALID);
        add("VMXON wrong revision VMfailInvalid", l1(FRESH, "vmxon [p_bad]\n"), INVALID);
        add("VMXON shadow bit set VMfailInvalid", l1(n -> n.g.vm.hostMemory().write(NestedRig.VMXON, 4, n.offered.revisionId() | 0x8000_0000L),
                FRESH, on), INVALID);
        add("VMXON in root CPL>0 #GP", l1(ROOT, CPL3 + on), GP);
        add("VMXON in root, no current VMCS, VMfailInvalid", l1(ROOT, on), INVALID);
        add("VMXON in root VMfailValid(15)", l1(CURRENT, on), valid(15));
        add("VMXON succeeds", l1(FRESH, on), SUCCEED);

        String off = "vmxoff\n", clear = "vmclear [p_vmcs]\n";
        add("VMXOFF outside VMX #UD", l1(FRESH, off), UD);
        add("VMXOFF compatibility mode #UD", l1(ROOT, compat(off)), UD);
        add("VMXOFF RFLAGS.VM #UD", paged32("vmxon [p_vmxon]\n" + TO_V86 + "vmxoff\nhlt\n"), UD);
        add("VMXOFF CR0.PE=0 #UD", paged32("vmxon [p_vmxon]\nmov eax, cr0\nand eax, 0x7FFFFFFE\nmov cr0, eax\nbits 16\nvmxoff\nhlt\n"), UD);
        add("VMXOFF in non-root exits", l2(off), exit(ExitReason.VMXOFF));
        add("VMXOFF CPL>0 #GP", l1(ROOT, CPL3 + off), GP);
        add("VMXOFF succeeds", l1(ROOT, off), SUCCEED);
        add("VMCLEAR outside VMX #UD", l1(FRESH, clear), UD);
        add("VMCLEAR in non-root exits", l2(clear.replace("p_vmcs", "0x3000")), exit(ExitReason.VMCLEAR));
        add("VMCLEAR CPL>0 #GP", l1(ROOT, CPL3 + clear), GP);
        add("VMCLEAR unaligned, no current VMCS, VMfailInvalid", l1(ROOT, tmp(NestedRig.VMCS + 1) + "vmclear [p_tmp]\n"), INVALID);
        add("VMCLEAR unaligned VMfailValid(2)", l1(CURRENT, tmp(NestedRig.VMCS2 + 0x10) + "vmclear [p_tmp]\n"), valid(2));
        add("VMCLEAR beyond MAXPHYADDR VMfailValid(2)", l1(CURRENT, tmp(1L << 45) + "vmclear [p_tmp]\n"), valid(2));
        add("VMCLEAR VMXON pointer VMfailValid(3)", l1(CURRENT, "vmclear [p_vmxon]\n"), valid(3));
        add("VMCLEAR succeeds", l1(CURRENT, "vmclear [p_vmcs2]\n"), SUCCEED);

        String load = "vmptrld [p_vmcs]\n", store = "vmptrst [p_tmp]\n";
        add("VMPTRLD outside VMX #UD", l1(FRESH, load), UD);
        add("VMPTRLD in non-root exits", l2(load.replace("p_vmcs", "0x3000")), exit(ExitReason.VMPTRLD));
        add("VMPTRLD CPL>0 #GP", l1(ROOT, CPL3 + load), GP);
        add("VMPTRLD unaligned VMfailValid(9)", l1(CURRENT, tmp(NestedRig.VMCS2 + 4) + "vmptrld [p_tmp]\n"), valid(9));
        add("VMPTRLD unaligned, no current VMCS, VMfailInvalid", l1(ROOT, tmp(NestedRig.VMCS2 + 4) + "vmptrld [p_tmp]\n"), INVALID);
        add("VMPTRLD VMXON pointer VMfailValid(10)", l1(CURRENT, "vmptrld [p_vmxon]\n"), valid(10));
        add("VMPTRLD wrong revision VMfailValid(11)", l1(CURRENT, "vmptrld [p_bad]\n"), valid(11));
        add("VMPTRLD shadow VMCS without shadowing VMfailValid(11)", l1(n -> n.g.vm.hostMemory().write(NestedRig.VMCS2, 4,
                n.offered.revisionId() | 0x8000_0000L), CURRENT, "vmptrld [p_vmcs2]\n"), valid(11));
        add("VMPTRLD succeeds", l1(ROOT, "vmptrld [p_vmcs2]\n"), SUCCEED);
        add("VMPTRST outside VMX #UD", l1(FRESH, store), UD);
        add("VMPTRST in non-root exits", l2(store.replace("p_tmp", "0x3000")), exit(ExitReason.VMPTRST));
        add("VMPTRST CPL>0 #GP", l1(ROOT, CPL3 + store), GP);
        add("VMPTRST without current VMCS stores all-ones", l1(ROOT, store), value(-1));
        add("VMPTRST stores the current-VMCS pointer", l1(CURRENT, store), value(NestedRig.VMCS));

        add("VMREAD outside VMX #UD", l1(FRESH, VMREAD_RIP), UD);
        add("VMREAD in non-root exits", l2(VMREAD_RIP.replace("p_tmp", "0x3000")), exit(ExitReason.VMREAD));
        add("VMREAD CPL>0 #GP", l1(CURRENT, CPL3 + VMREAD_RIP), GP);
        add("VMREAD no current VMCS VMfailInvalid", l1(ROOT, VMREAD_RIP), INVALID);
        add("VMREAD unsupported component VMfailValid(12)", l1(CURRENT, "mov ebx, 0x1000\nvmread [p_tmp], rbx\n"), valid(12));
        add("VMREAD encoding bits 63:32 set VMfailValid(12)", l1(CURRENT, "mov rbx, 0x10000681E\nvmread [p_tmp], rbx\n"), valid(12));
        add("VMREAD reads the field", l1(CURRENT, "mov ebx, 0x681E\nmov eax, 0x12345678\nvmwrite rbx, rax\n" + VMREAD_RIP), value(0x1234_5678L));
        add("VMWRITE outside VMX #UD", l1(FRESH, VMWRITE_RIP), UD);
        add("VMWRITE in non-root exits", l2(VMWRITE_RIP), exit(ExitReason.VMWRITE));
        add("VMWRITE CPL>0 #GP", l1(CURRENT, CPL3 + VMWRITE_RIP), GP);
        add("VMWRITE no current VMCS VMfailInvalid", l1(ROOT, VMWRITE_RIP), INVALID);
        add("VMWRITE unsupported component VMfailValid(12)", l1(CURRENT, "mov ebx, " + VmcsField.POSTED_INTERRUPT_DESCRIPTOR_ADDRESS.encoding()
                + "\nmov eax, 1\nvmwrite rbx, rax\n"), valid(12));
        add("VMWRITE read-only component VMfailValid(13)", l1(NestedVmx.capabilitiesBuilder().vmwriteAnyField(false).build(), n -> { },
                CURRENT, "mov ebx, 0x4402\nmov eax, 1\nvmwrite rbx, rax\n"), valid(13));
        add("VMWRITE succeeds", l1(CURRENT, VMWRITE_RIP), SUCCEED);

        add("VMLAUNCH outside VMX #UD", l1(FRESH, "vmlaunch\n"), UD);
        add("VMLAUNCH compatibility mode #UD", l1(READY, compat("vmlaunch")), UD);
        add("VMLAUNCH in non-root exits", l2("vmlaunch"), exit(ExitReason.VMLAUNCH));
        add("VMLAUNCH CPL>0 #GP", l1(READY, CPL3 + "vmlaunch\n"), GP);
        add("VMLAUNCH no current VMCS VMfailInvalid", l1(ROOT, "vmlaunch\n"), INVALID);
        add("VMLAUNCH blocked by MOV SS VMfailValid(26)", l1(READY, "mov ax, ss\nmov ss, ax\nvmlaunch\n"), valid(26));
        add("VMLAUNCH launched VMCS VMfailValid(4)", afterL2("vmlaunch\n"), valid(4));
        add("VMLAUNCH invalid control VMfailValid(7)", l1(READY, "xor eax, eax\nxor ebx, ebx\nvmwrite rbx, rax\nvmlaunch\n"), valid(7));
        add("VMLAUNCH invalid host state VMfailValid(8)", l1(READY, "xor eax, eax\nmov ebx, 0x0C0C\nvmwrite rbx, rax\nvmlaunch\n"), valid(8));
        add("VMLAUNCH succeeds", l2(""), exit(ExitReason.VMCALL));
        add("VMRESUME clear VMCS VMfailValid(5)", l1(READY, "vmresume\n"), valid(5));
        add("VMRESUME after VMXOFF without VMCLEAR VMfailValid(6)", afterL2("vmxoff\nvmxon [p_vmxon]\nvmptrld [p_vmcs]\nvmresume\n"), valid(6));
        add("VMRESUME in non-root exits", l2("vmresume"), exit(ExitReason.VMRESUME));
        add("VMRESUME no current VMCS VMfailInvalid", l1(ROOT, "vmresume\n"), INVALID);

        add("VMCALL in non-root exits", l2(""), exit(ExitReason.VMCALL));
        add("VMCALL in root compatibility mode #UD", l1(ROOT, compat("vmcall")), UD);
        add("VMCALL in root CPL>0 #GP", l1(ROOT, CPL3 + "vmcall\n"), GP);
        add("VMCALL in root, no current VMCS, VMfailInvalid", l1(ROOT, "vmcall\n"), INVALID);
        add("VMCALL in root VMfailValid(1)", l1(CURRENT, "vmcall\n"), valid(1));

        String invept = "invept rax, [desc]\n";
        String eptp = descriptor(2, 0, 0).replace("mov rax, 0\nmov [desc], rax", "mov rax, EPTP12\nmov [desc], rax");
        add("INVEPT without EPT #UD", l1(NestedVmx.capabilitiesBuilder().without(SecondaryProcessorBasedControl.ENABLE_EPT).build(), n -> { },
                CURRENT, descriptor(2, 0, 0) + invept), UD);
        add("INVEPT outside VMX #UD", l1(FRESH, eptp + invept), UD);
        add("INVEPT in non-root exits", l2("mov eax, 2\ninvept rax, [0x3000]"), exit(ExitReason.INVEPT));
        add("INVEPT CPL>0 #GP", l1(CURRENT, CPL3 + eptp + invept), GP);
        add("INVEPT type 3 VMfailValid(28)", l1(CURRENT, eptp + "mov eax, 3\n" + invept), valid(28));
        add("INVEPT type 0, no current VMCS, VMfailInvalid", l1(ROOT, eptp + "mov eax, 0\n" + invept), INVALID);
        add("INVEPT unsupported single-context VMfailValid(28)", l1(NestedVmx.capabilitiesBuilder()
                .without(EptVpidCapability.INVEPT_SINGLE_CONTEXT).build(), n -> { }, CURRENT, eptp + "mov eax, 1\n" + invept), valid(28));
        add("INVEPT single-context invalid EPTP VMfailValid(28)", l1(CURRENT, eptp + "or qword [desc], 0x100\nmov eax, 1\n" + invept), valid(28));
        add("INVEPT single-context succeeds", l1(CURRENT, eptp + "mov eax, 1\n" + invept), SUCCEED);

        String invvpid = "invvpid rax, [desc]\n";
        add("INVVPID without VPID #UD", l1(NestedVmx.capabilitiesBuilder().without(SecondaryProcessorBasedControl.ENABLE_VPID).build(), n -> { },
                CURRENT, descriptor(2, 0, 0) + invvpid), UD);
        add("INVVPID in non-root exits", l2("mov eax, 2\ninvvpid rax, [0x3000]"), exit(ExitReason.INVVPID));
        add("INVVPID CPL>0 #GP", l1(CURRENT, CPL3 + descriptor(2, 0, 0) + invvpid), GP);
        add("INVVPID type 4 VMfailValid(28)", l1(CURRENT, descriptor(4, 1, 0) + invvpid), valid(28));
        add("INVVPID descriptor bits 63:16 VMfailValid(28)", l1(CURRENT, descriptor(2, 0x1_0001, 0) + invvpid), valid(28));
        add("INVVPID single-context VPID 0 VMfailValid(28)", l1(CURRENT, descriptor(1, 0, 0) + invvpid), valid(28));
        add("INVVPID retaining-globals VPID 0 VMfailValid(28)", l1(CURRENT, descriptor(3, 0, 0) + invvpid), valid(28));
        add("INVVPID individual VPID 0 VMfailValid(28)", l1(CURRENT, descriptor(0, 0, 0x1000) + invvpid), valid(28));
        add("INVVPID individual non-canonical VMfailValid(28)", l1(CURRENT, descriptor(0, 1, 1L << 47) + invvpid), valid(28));
        add("INVVPID all-context with VPID 0 succeeds", l1(CURRENT, descriptor(2, 0, 0) + invvpid), SUCCEED);

        add("VMFUNC in root #UD", l1(CURRENT, "xor eax, eax\nxor ecx, ecx\nvmfunc\n"), UD);
        add("VMFUNC without enable VM functions #UD", l2(n -> n.vmcs12(VmcsField.SECONDARY_PROCESSOR_BASED_VM_EXECUTION_CONTROLS,
                n.vmcs12(VmcsField.SECONDARY_PROCESSOR_BASED_VM_EXECUTION_CONTROLS) & ~SecondaryProcessorBasedControl.ENABLE_VM_FUNCTIONS.mask()), "xor eax, eax\nxor ecx, ecx\nvmfunc"), UD);
        add("VMFUNC disabled function exits", l2("mov eax, 1\nxor ecx, ecx\nvmfunc"), exit(ExitReason.VMFUNC));
        add("VMFUNC EAX >= 64 exits", l2("mov eax, 64\nxor ecx, ecx\nvmfunc"), exit(ExitReason.VMFUNC));
        add("VMFUNC EPTP index >= 512 exits", l2("xor eax, eax\nmov ecx, 512\nvmfunc"), exit(ExitReason.VMFUNC));
        add("VMFUNC invalid EPTP-list entry exits", l2("xor eax, eax\nmov ecx, 1\nvmfunc"), exit(ExitReason.VMFUNC));
        add("VMFUNC switches EPTP", l2("xor eax, eax\nmov ecx, 5\nvmfunc"), exit(ExitReason.VMCALL));
    }

    @TestFactory
    Stream<DynamicTest> eachPathThroughAGuest() {
        return VECTORS.values().stream().map(v -> DynamicTest.dynamicTest(v.name(), () -> check(v)));
    }

    private static void check(Vector v) {
        NestedRig n = v.setup().apply(v);
        VmExit e = n.exit();
        String seen = describe(n, e);
        switch (v.expect()) {
            case Expect.Fault f -> {
                boolean injected = e.reason() == ExitReason.HLT && n.gpr(15) == 0x100 + f.vector();
                boolean raised = e.reason() == ExitReason.EXCEPTION_OR_NMI
                        && e.interruptionInformation() == InterruptionInfo.of(InterruptionInfo.TYPE_HARDWARE_EXCEPTION, f.vector(), f.vector() == 13).value();
                boolean inL2 = e.reason() == ExitReason.HLT && n.gpr(15) == NestedRig.MARK_HOST && n.gpr(14) == 0
                        && (n.gpr(13) & 0xFF) == f.vector();
                assertTrue(injected || raised || inL2, "expected #" + (f.vector() == 6 ? "UD" : "GP") + ", got " + seen);
            }
            case Expect.Flags f -> {
                assertEquals(ExitReason.HLT, e.reason(), seen);
                assertEquals(NestedRig.MARK_DONE, n.gpr(15), seen);
                assertEquals(f.flags(), n.gpr(0) & STATUS, "status flags: " + seen);
                if (f.error() >= 0) assertEquals(f.error(), n.gpr(1), "VM_INSTRUCTION_ERROR: " + seen);
                if (f.value() != null) assertEquals(f.value(), n.gpr(9), "value stored: " + seen);
            }
            case Expect.Exit x -> {
                assertEquals(ExitReason.HLT, e.reason(), seen);
                assertEquals(NestedRig.MARK_HOST, n.gpr(15), seen);
                assertEquals(x.reason().number(), n.gpr(14), "exit reason L1 read: " + seen);
            }
        }
        if (v.name().equals("VMFUNC switches EPTP")) {
            assertEquals(n.ept12b.pointer(), n.nested.currentVmcs12().read(VmcsField.EPT_POINTER), "vmcs12's EPTP after the switch");
        }
    }

    private static String describe(NestedRig n, VmExit e) {
        return String.format("%s, R15=%x R14=%d R13=%x RAX=%x RCX=%d R9=%x, L1 RIP=%x", e.reason(), n.gpr(15), n.gpr(14),
                n.gpr(13), n.gpr(0), n.gpr(1), n.gpr(9), n.g.cpu.vmcs().read(VmcsField.GUEST_RIP));
    }

    /** Every row of the model's table has a guest vector, or a reason here why none can exist. */
    @Test
    void everyModelPathHasAGuestVector() throws Exception {
        Path table = Path.of(MODEL_TABLE);
        Assumptions.assumeTrue(Files.exists(table), "the model's table is not at " + table.toAbsolutePath() + ": cannot compare");
        Set<String> rows = new TreeSet<>();
        Matcher m = Pattern.compile("row\\(\"([^\"]+)\"").matcher(Files.readString(table));
        while (m.find()) rows.add(m.group(1));
        assertTrue(rows.size() > 90, "rows read from the model's table: " + rows.size());
        Set<String> missing = new TreeSet<>(rows);
        missing.removeAll(VECTORS.keySet());
        missing.removeAll(NO_GUEST_PATH.keySet());
        assertEquals(Set.of(), missing, "model paths without a guest vector");
        Set<String> stale = new TreeSet<>(VECTORS.keySet());
        stale.addAll(NO_GUEST_PATH.keySet());
        stale.removeAll(rows);
        assertEquals(Set.of(), stale, "guest vectors naming no model path");
    }
}
