package dev.jvmx.vmx.insn;

import static dev.jvmx.vmx.VmInstructionError.*;
import static dev.jvmx.vmx.insn.VmxEnv.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.jvmx.vmx.ProcessorState;
import dev.jvmx.vmx.ValidVmcs;
import dev.jvmx.vmx.VmInstructionError;
import dev.jvmx.vmx.VmxOutcome;
import dev.jvmx.vmx.cap.EptVpidCapability;
import dev.jvmx.vmx.cap.SecondaryProcessorBasedControl;
import dev.jvmx.vmx.cap.VmxCapabilities;
import dev.jvmx.vmx.exit.ExitReason;
import dev.jvmx.vmx.vmcs.VmcsField;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every #UD, #GP(0), VM-exit, VMfailInvalid and VMfailValid path of the VMX instructions (SDM
 * Vol. 3C §31.3), as a table: name, set-up, instruction, expected outcome. A VMfailValid row
 * also checks that the error number landed in VM_INSTRUCTION_ERROR.
 */
class VmxInstructionFailureTest {

    private static final VmxOutcome UD = VmxOutcome.UD;
    private static final VmxOutcome GP = VmxOutcome.GP0;
    private static final VmxOutcome INVALID = VmxOutcome.FAIL_INVALID;

    private static VmxOutcome valid(VmInstructionError e) {
        return new VmxOutcome.FailedValid(e);
    }

    private static VmxOutcome exit(ExitReason r) {
        return new VmxOutcome.ExitToRoot(r);
    }

    private static Arguments row(String name, Supplier<VmxEnv> setup,
            Function<VmxEnv, VmxOutcome> action, VmxOutcome expected) {
        return Arguments.of(name, setup, action, expected);
    }

    private static VmxEnv cpl3(VmxEnv e) {
        e.cpu.cpl = 3;
        return e;
    }

    static Stream<Arguments> vmxon() {
        Function<VmxEnv, VmxOutcome> on = e -> e.insn.vmxon(() -> VMXON);
        return Stream.of(
                row("VMXON CR0.PE=0 #UD", () -> { var e = new VmxEnv(); e.cpu.cr0 = 0x20; return e; }, on, UD),
                row("VMXON CR4.VMXE=0 #UD", () -> { var e = new VmxEnv(); e.cpu.cr4 = 0x20; return e; }, on, UD),
                row("VMXON RFLAGS.VM=1 #UD", () -> { var e = new VmxEnv(); e.cpu.rflags = 0x20002; return e; }, on, UD),
                row("VMXON compatibility mode #UD", () -> new VmxEnv().compatibilityMode(), on, UD),
                row("VMXON in non-root exits", () -> new VmxEnv().nonRoot(), on, exit(ExitReason.VMXON)),
                row("VMXON CPL>0 #GP", () -> cpl3(new VmxEnv()), on, GP),
                row("VMXON feature control unlocked #GP", () -> {
                    var e = new VmxEnv(); e.cpu.msrs.put(ProcessorState.IA32_FEATURE_CONTROL, 4L); return e; }, on, GP),
                row("VMXON VMX outside SMX disabled #GP", () -> {
                    var e = new VmxEnv(); e.cpu.msrs.put(ProcessorState.IA32_FEATURE_CONTROL, 1L); return e; }, on, GP),
                row("VMXON CR0.NE=0 #GP", () -> { var e = new VmxEnv(); e.cpu.cr0 = 0x8000_0011L; return e; }, on, GP),
                row("VMXON unsupported CR4 bit #GP", () -> { var e = new VmxEnv(); e.cpu.cr4 = 0x402020; return e; }, on, GP),
                row("VMXON unaligned region VMfailInvalid", VmxEnv::new, e -> e.insn.vmxon(() -> VMXON + 8), INVALID),
                row("VMXON region beyond MAXPHYADDR VMfailInvalid", VmxEnv::new, e -> e.insn.vmxon(() -> 1L << 40), INVALID),
                row("VMXON wrong revision VMfailInvalid", VmxEnv::new, e -> e.insn.vmxon(() -> BAD_REVISION), INVALID),
                row("VMXON shadow bit set VMfailInvalid", () -> {
                    var e = new VmxEnv(); e.cpu.memory.writeInt(VMXON, e.caps.revisionId() | 0x8000_0000); return e; }, on, INVALID),
                row("VMXON in root CPL>0 #GP", () -> cpl3(new VmxEnv().root()), on, GP),
                row("VMXON in root, no current VMCS, VMfailInvalid", () -> new VmxEnv().root(), on, INVALID),
                row("VMXON in root VMfailValid(15)", () -> new VmxEnv().current(), on, valid(VMXON_IN_VMX_ROOT_OPERATION)),
                row("VMXON succeeds", VmxEnv::new, on, VmxOutcome.SUCCEED));
    }

    static Stream<Arguments> vmxoffVmclearVmptrld() {
        Function<VmxEnv, VmxOutcome> off = e -> e.insn.vmxoff();
        return Stream.of(
                row("VMXOFF outside VMX #UD", VmxEnv::new, off, UD),
                row("VMXOFF compatibility mode #UD", () -> new VmxEnv().root().compatibilityMode(), off, UD),
                row("VMXOFF RFLAGS.VM #UD", () -> { var e = new VmxEnv().root(); e.cpu.rflags = 0x20002; return e; }, off, UD),
                row("VMXOFF in non-root exits", () -> new VmxEnv().nonRoot(), off, exit(ExitReason.VMXOFF)),
                row("VMXOFF CPL>0 #GP", () -> cpl3(new VmxEnv().root()), off, GP),
                row("VMXOFF succeeds", () -> new VmxEnv().root(), off, VmxOutcome.SUCCEED),
                row("VMCLEAR outside VMX #UD", VmxEnv::new, e -> e.insn.vmclear(() -> VMCS), UD),
                row("VMCLEAR in non-root exits", () -> new VmxEnv().nonRoot(), e -> e.insn.vmclear(() -> VMCS), exit(ExitReason.VMCLEAR)),
                row("VMCLEAR CPL>0 #GP", () -> cpl3(new VmxEnv().root()), e -> e.insn.vmclear(() -> VMCS), GP),
                row("VMCLEAR unaligned, no current VMCS, VMfailInvalid", () -> new VmxEnv().root(), e -> e.insn.vmclear(() -> VMCS + 1), INVALID),
                row("VMCLEAR unaligned VMfailValid(2)", () -> new VmxEnv().current(), e -> e.insn.vmclear(() -> VMCS2 + 0x10), valid(VMCLEAR_INVALID_PHYSICAL_ADDRESS)),
                row("VMCLEAR beyond MAXPHYADDR VMfailValid(2)", () -> new VmxEnv().current(), e -> e.insn.vmclear(() -> 1L << 45), valid(VMCLEAR_INVALID_PHYSICAL_ADDRESS)),
                row("VMCLEAR VMXON pointer VMfailValid(3)", () -> new VmxEnv().current(), e -> e.insn.vmclear(() -> VMXON), valid(VMCLEAR_VMXON_POINTER)),
                row("VMCLEAR succeeds", () -> new VmxEnv().current(), e -> e.insn.vmclear(() -> VMCS2), VmxOutcome.SUCCEED),
                row("VMPTRLD outside VMX #UD", VmxEnv::new, e -> e.insn.vmptrld(() -> VMCS), UD),
                row("VMPTRLD in non-root exits", () -> new VmxEnv().nonRoot(), e -> e.insn.vmptrld(() -> VMCS), exit(ExitReason.VMPTRLD)),
                row("VMPTRLD CPL>0 #GP", () -> cpl3(new VmxEnv().root()), e -> e.insn.vmptrld(() -> VMCS), GP),
                row("VMPTRLD unaligned VMfailValid(9)", () -> new VmxEnv().current(), e -> e.insn.vmptrld(() -> VMCS2 + 4), valid(VMPTRLD_INVALID_PHYSICAL_ADDRESS)),
                row("VMPTRLD unaligned, no current VMCS, VMfailInvalid", () -> new VmxEnv().root(), e -> e.insn.vmptrld(() -> VMCS2 + 4), INVALID),
                row("VMPTRLD VMXON pointer VMfailValid(10)", () -> new VmxEnv().current(), e -> e.insn.vmptrld(() -> VMXON), valid(VMPTRLD_VMXON_POINTER)),
                row("VMPTRLD wrong revision VMfailValid(11)", () -> new VmxEnv().current(), e -> e.insn.vmptrld(() -> BAD_REVISION), valid(VMPTRLD_INCORRECT_REVISION)),
                row("VMPTRLD shadow VMCS without shadowing VMfailValid(11)", () -> {
                    var e = new VmxEnv().current(); e.cpu.memory.writeInt(VMCS2, e.caps.revisionId() | 0x8000_0000); return e; },
                        e -> e.insn.vmptrld(() -> VMCS2), valid(VMPTRLD_INCORRECT_REVISION)),
                row("VMPTRLD succeeds", () -> new VmxEnv().root(), e -> e.insn.vmptrld(() -> VMCS2), VmxOutcome.SUCCEED),
                row("VMPTRST outside VMX #UD", VmxEnv::new, e -> e.insn.vmptrst(), UD),
                row("VMPTRST in non-root exits", () -> new VmxEnv().nonRoot(), e -> e.insn.vmptrst(), exit(ExitReason.VMPTRST)),
                row("VMPTRST CPL>0 #GP", () -> cpl3(new VmxEnv().root()), e -> e.insn.vmptrst(), GP),
                row("VMPTRST without current VMCS stores all-ones", () -> new VmxEnv().root(), e -> e.insn.vmptrst(), new VmxOutcome.Succeeded(-1L)),
                row("VMPTRST stores the current-VMCS pointer", () -> new VmxEnv().current(), e -> e.insn.vmptrst(), new VmxOutcome.Succeeded(VMCS)));
    }

    static Stream<Arguments> vmreadVmwrite() {
        long rip = VmcsField.GUEST_RIP.encoding();
        VmxCapabilities strict = VmxCapabilities.builder().vmwriteAnyField(false).build();
        return Stream.of(
                row("VMREAD outside VMX #UD", VmxEnv::new, e -> e.insn.vmread(rip), UD),
                row("VMREAD in non-root exits", () -> new VmxEnv().nonRoot(), e -> e.insn.vmread(rip), exit(ExitReason.VMREAD)),
                row("VMREAD CPL>0 #GP", () -> cpl3(new VmxEnv().current()), e -> e.insn.vmread(rip), GP),
                row("VMREAD no current VMCS VMfailInvalid", () -> new VmxEnv().root(), e -> e.insn.vmread(rip), INVALID),
                row("VMREAD unsupported component VMfailValid(12)", () -> new VmxEnv().current(), e -> e.insn.vmread(0x1000), valid(UNSUPPORTED_VMCS_COMPONENT)),
                row("VMREAD encoding bits 63:32 set VMfailValid(12)", () -> new VmxEnv().current(), e -> e.insn.vmread(1L << 32 | rip), valid(UNSUPPORTED_VMCS_COMPONENT)),
                row("VMREAD reads the field", () -> { var e = new VmxEnv().current(); e.vmcs().write(VmcsField.GUEST_RIP, 0x1234_5678_9ABCL); return e; },
                        e -> e.insn.vmread(rip), new VmxOutcome.Succeeded(0x1234_5678_9ABCL)),
                row("VMWRITE outside VMX #UD", VmxEnv::new, e -> e.insn.vmwrite(rip, 1), UD),
                row("VMWRITE in non-root exits", () -> new VmxEnv().nonRoot(), e -> e.insn.vmwrite(rip, 1), exit(ExitReason.VMWRITE)),
                row("VMWRITE CPL>0 #GP", () -> cpl3(new VmxEnv().current()), e -> e.insn.vmwrite(rip, 1), GP),
                row("VMWRITE no current VMCS VMfailInvalid", () -> new VmxEnv().root(), e -> e.insn.vmwrite(rip, 1), INVALID),
                row("VMWRITE unsupported component VMfailValid(12)", () -> new VmxEnv().current(),
                        e -> e.insn.vmwrite(VmcsField.POSTED_INTERRUPT_DESCRIPTOR_ADDRESS.encoding(), 1), valid(UNSUPPORTED_VMCS_COMPONENT)),
                row("VMWRITE read-only component VMfailValid(13)", () -> new VmxEnv(strict).current(),
                        e -> e.insn.vmwrite(VmcsField.VM_EXIT_REASON.encoding(), 1), valid(VMWRITE_READ_ONLY_COMPONENT)),
                row("VMWRITE succeeds", () -> new VmxEnv().current(), e -> e.insn.vmwrite(rip, 5), VmxOutcome.SUCCEED));
    }

    static Stream<Arguments> vmentryAndVmcall() {
        Function<VmxEnv, VmxOutcome> launch = e -> e.insn.vmlaunch();
        Function<VmxEnv, VmxOutcome> resume = e -> e.insn.vmresume();
        Function<VmxEnv, VmxOutcome> call = e -> e.insn.vmcall();
        return Stream.of(
                row("VMLAUNCH outside VMX #UD", VmxEnv::new, launch, UD),
                row("VMLAUNCH compatibility mode #UD", () -> new VmxEnv().ready().compatibilityMode(), launch, UD),
                row("VMLAUNCH in non-root exits", () -> new VmxEnv().nonRoot(), launch, exit(ExitReason.VMLAUNCH)),
                row("VMLAUNCH CPL>0 #GP", () -> cpl3(new VmxEnv().ready()), launch, GP),
                row("VMLAUNCH no current VMCS VMfailInvalid", () -> new VmxEnv().root(), launch, INVALID),
                row("VMLAUNCH blocked by MOV SS VMfailValid(26)", () -> { var e = new VmxEnv().ready(); e.cpu.movSsBlocking = true; return e; },
                        launch, valid(ENTRY_EVENTS_BLOCKED_BY_MOV_SS)),
                row("VMLAUNCH launched VMCS VMfailValid(4)", () -> { var e = new VmxEnv().ready(); e.vmcs().setLaunchState(dev.jvmx.vmx.vmcs.Vmcs.LaunchState.LAUNCHED); return e; },
                        launch, valid(VMLAUNCH_NON_CLEAR_VMCS)),
                row("VMLAUNCH invalid control VMfailValid(7)", () -> { var e = new VmxEnv().ready(); e.vmcs().write(VmcsField.VIRTUAL_PROCESSOR_IDENTIFIER, 0); return e; },
                        launch, valid(ENTRY_INVALID_CONTROL_FIELD)),
                row("VMLAUNCH invalid host state VMfailValid(8)", () -> { var e = new VmxEnv().ready(); e.vmcs().write(VmcsField.HOST_TR_SELECTOR, 0); return e; },
                        launch, valid(ENTRY_INVALID_HOST_STATE_FIELD)),
                row("VMLAUNCH succeeds", () -> new VmxEnv().ready(), launch, new VmxOutcome.Entered(true)),
                row("VMRESUME clear VMCS VMfailValid(5)", () -> new VmxEnv().ready(), resume, valid(VMRESUME_NON_LAUNCHED_VMCS)),
                row("VMRESUME after VMXOFF without VMCLEAR VMfailValid(6)", () -> {
                    var e = new VmxEnv().nonRoot();
                    e.vmx.exit(dev.jvmx.vmx.exit.VmExit.of(ExitReason.HLT), e.cpu);
                    e.insn.vmxoff();
                    e.insn.vmxon(() -> VMXON);
                    e.insn.vmptrld(() -> VMCS);
                    return e; }, resume, valid(VMRESUME_AFTER_VMXOFF)),
                row("VMRESUME in non-root exits", () -> new VmxEnv().nonRoot(), resume, exit(ExitReason.VMRESUME)),
                row("VMRESUME no current VMCS VMfailInvalid", () -> new VmxEnv().root(), resume, INVALID),
                row("VMCALL outside VMX #UD", VmxEnv::new, call, UD),
                row("VMCALL in non-root exits", () -> new VmxEnv().nonRoot(), call, exit(ExitReason.VMCALL)),
                row("VMCALL in root compatibility mode #UD", () -> new VmxEnv().root().compatibilityMode(), call, UD),
                row("VMCALL in root CPL>0 #GP", () -> cpl3(new VmxEnv().root()), call, GP),
                row("VMCALL in root, no current VMCS, VMfailInvalid", () -> new VmxEnv().root(), call, INVALID),
                row("VMCALL in root VMfailValid(1)", () -> new VmxEnv().current(), call, valid(VMCALL_IN_VMX_ROOT_OPERATION)));
    }

    static Stream<Arguments> invalidationsAndVmfunc() {
        Supplier<dev.jvmx.vmx.insn.InvalidationDescriptor> eptp =
                () -> new InvalidationDescriptor(ValidVmcs.EPTP, 0);
        VmxCapabilities noEpt = VmxCapabilities.builder().without(SecondaryProcessorBasedControl.ENABLE_EPT).build();
        VmxCapabilities noVpid = VmxCapabilities.builder().without(SecondaryProcessorBasedControl.ENABLE_VPID).build();
        VmxCapabilities noSingle = VmxCapabilities.builder().without(EptVpidCapability.INVEPT_SINGLE_CONTEXT).build();
        return Stream.of(
                row("INVEPT without EPT #UD", () -> new VmxEnv(noEpt).current(), e -> e.inv.invept(2, eptp), UD),
                row("INVEPT outside VMX #UD", VmxEnv::new, e -> e.inv.invept(2, eptp), UD),
                row("INVEPT in non-root exits", () -> new VmxEnv().nonRoot(), e -> e.inv.invept(2, eptp), exit(ExitReason.INVEPT)),
                row("INVEPT CPL>0 #GP", () -> cpl3(new VmxEnv().current()), e -> e.inv.invept(2, eptp), GP),
                row("INVEPT type 3 VMfailValid(28)", () -> new VmxEnv().current(), e -> e.inv.invept(3, eptp), valid(INVALID_OPERAND_TO_INVEPT_INVVPID)),
                row("INVEPT type 0 VMfailInvalid without current VMCS", () -> new VmxEnv().root(), e -> e.inv.invept(0, eptp), INVALID),
                row("INVEPT unsupported single-context VMfailValid(28)", () -> new VmxEnv(noSingle).current(), e -> e.inv.invept(1, eptp), valid(INVALID_OPERAND_TO_INVEPT_INVVPID)),
                row("INVEPT single-context invalid EPTP VMfailValid(28)", () -> new VmxEnv().current(),
                        e -> e.inv.invept(1, () -> new InvalidationDescriptor(ValidVmcs.EPTP | 0x100, 0)), valid(INVALID_OPERAND_TO_INVEPT_INVVPID)),
                row("INVEPT single-context succeeds", () -> new VmxEnv().current(), e -> e.inv.invept(1, eptp), VmxOutcome.SUCCEED),
                row("INVVPID without VPID #UD", () -> new VmxEnv(noVpid).current(), e -> e.inv.invvpid(2, () -> new InvalidationDescriptor(0, 0)), UD),
                row("INVVPID in non-root exits", () -> new VmxEnv().nonRoot(), e -> e.inv.invvpid(2, () -> new InvalidationDescriptor(0, 0)), exit(ExitReason.INVVPID)),
                row("INVVPID CPL>0 #GP", () -> cpl3(new VmxEnv().current()), e -> e.inv.invvpid(2, () -> new InvalidationDescriptor(0, 0)), GP),
                row("INVVPID type 4 VMfailValid(28)", () -> new VmxEnv().current(), e -> e.inv.invvpid(4, () -> new InvalidationDescriptor(1, 0)), valid(INVALID_OPERAND_TO_INVEPT_INVVPID)),
                row("INVVPID reserved descriptor bits VMfailValid(28)", () -> new VmxEnv().current(),
                        e -> e.inv.invvpid(2, () -> new InvalidationDescriptor(0x1_0001, 0)), valid(INVALID_OPERAND_TO_INVEPT_INVVPID)),
                row("INVVPID single-context VPID 0 VMfailValid(28)", () -> new VmxEnv().current(), e -> e.inv.invvpid(1, () -> new InvalidationDescriptor(0, 0)), valid(INVALID_OPERAND_TO_INVEPT_INVVPID)),
                row("INVVPID retaining-globals VPID 0 VMfailValid(28)", () -> new VmxEnv().current(), e -> e.inv.invvpid(3, () -> new InvalidationDescriptor(0, 0)), valid(INVALID_OPERAND_TO_INVEPT_INVVPID)),
                row("INVVPID individual non-canonical VMfailValid(28)", () -> new VmxEnv().current(),
                        e -> e.inv.invvpid(0, () -> new InvalidationDescriptor(1, 1L << 47)), valid(INVALID_OPERAND_TO_INVEPT_INVVPID)),
                row("INVVPID all-context succeeds with VPID 0", () -> new VmxEnv().current(), e -> e.inv.invvpid(2, () -> new InvalidationDescriptor(0, 0)), VmxOutcome.SUCCEED),
                row("VMFUNC in root #UD", () -> new VmxEnv().current(), e -> e.funcs.vmfunc(0, 0), UD),
                row("VMFUNC without enable VM functions #UD", () -> {
                    var e = new VmxEnv().ready(); ValidVmcs.set(e.vmcs(), SecondaryProcessorBasedControl.ENABLE_VM_FUNCTIONS, false);
                    e.insn.vmlaunch(); return e; }, e -> e.funcs.vmfunc(0, 0), UD),
                row("VMFUNC disabled function exits", () -> new VmxEnv().nonRoot(), e -> e.funcs.vmfunc(1, 0), exit(ExitReason.VMFUNC)),
                row("VMFUNC EAX >= 64 exits", () -> new VmxEnv().nonRoot(), e -> e.funcs.vmfunc(64, 0), exit(ExitReason.VMFUNC)),
                row("VMFUNC EPTP index >= 512 exits", () -> new VmxEnv().nonRoot(), e -> e.funcs.vmfunc(0, 512), exit(ExitReason.VMFUNC)),
                row("VMFUNC invalid EPTP-list entry exits", () -> new VmxEnv().nonRoot(), e -> e.funcs.vmfunc(0, 1), exit(ExitReason.VMFUNC)),
                row("VMFUNC switches EPTP", () -> { var e = new VmxEnv().nonRoot(); e.cpu.memory.writeLong(0xA000 + 8 * 5, ValidVmcs.EPTP + 0x1000); return e; },
                        e -> e.funcs.vmfunc(0, 5), new VmxOutcome.Completed()));
    }

    /** Errors 16–25 need SMM and the dual-monitor treatment, which the model does not have. */
    private static final java.util.Set<VmInstructionError> NOT_MODELLED = java.util.EnumSet.of(
            ENTRY_INVALID_EXECUTIVE_VMCS_POINTER, ENTRY_NON_LAUNCHED_EXECUTIVE_VMCS,
            ENTRY_EXECUTIVE_VMCS_NOT_VMXON_POINTER, VMCALL_NON_CLEAR_VMCS,
            VMCALL_INVALID_VM_EXIT_CONTROL_FIELDS, VMCALL_INCORRECT_MSEG_REVISION,
            VMXOFF_UNDER_DUAL_MONITOR, VMCALL_INVALID_SMM_MONITOR_FEATURES,
            ENTRY_INVALID_EXECUTIVE_VMCS_CONTROLS);

    @org.junit.jupiter.api.Test
    void everyModelledErrorNumberHasARow() {
        java.util.Set<VmInstructionError> covered = java.util.EnumSet.noneOf(VmInstructionError.class);
        Stream.of(vmxon(), vmxoffVmclearVmptrld(), vmreadVmwrite(), vmentryAndVmcall(),
                invalidationsAndVmfunc()).flatMap(x -> x).map(a -> a.get()[3])
                .filter(o -> o instanceof VmxOutcome.FailedValid)
                .forEach(o -> covered.add(((VmxOutcome.FailedValid) o).error()));
        java.util.Set<VmInstructionError> expected = java.util.EnumSet.allOf(VmInstructionError.class);
        expected.removeAll(NOT_MODELLED);
        assertEquals(expected, covered);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource({"vmxon", "vmxoffVmclearVmptrld", "vmreadVmwrite", "vmentryAndVmcall",
        "invalidationsAndVmfunc"})
    void outcome(String name, Supplier<VmxEnv> setup, Function<VmxEnv, VmxOutcome> action,
            VmxOutcome expected) {
        VmxEnv env = setup.get();
        VmxOutcome actual = action.apply(env);
        assertEquals(expected, actual, name);
        if (expected instanceof VmxOutcome.FailedValid f) {
            assertEquals(f.error().number(),
                    env.vmcs().read(VmcsField.VM_INSTRUCTION_ERROR), "VM_INSTRUCTION_ERROR");
        }
    }
}
