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
import dev.jvmx.vmx.exit.VmExit;
import dev.jvmx.vmx.vmcs.Vmcs;
import dev.jvmx.vmx.vmcs.VmcsField;
import java.util.EnumSet;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every #UD, #GP(0), VM-exit, VMfailInvalid and VMfailValid path of the VMX instructions (SDM
 * Vol. 3C §31.3), as a table. Legend of a row: name, starting state, instruction, expected
 * outcome. States: FRESH (64-bit, CPL 0, outside VMX operation), ROOT (after VMXON), CURRENT
 * (plus a current VMCS), READY (its fields pass VM entry), NON_ROOT (after VMLAUNCH). A
 * VMfailValid row also checks that the error number landed in VM_INSTRUCTION_ERROR.
 */
class VmxInstructionFailureTest {

    private static final VmxOutcome UD = VmxOutcome.UD;
    private static final VmxOutcome GP = VmxOutcome.GP0;
    private static final VmxOutcome INVALID = VmxOutcome.FAIL_INVALID;
    private static final VmxOutcome SUCCEED = VmxOutcome.SUCCEED;

    private static final Supplier<VmxEnv> FRESH = VmxEnv::new;
    private static final Supplier<VmxEnv> ROOT = () -> new VmxEnv().root();
    private static final Supplier<VmxEnv> CURRENT = () -> new VmxEnv().current();
    private static final Supplier<VmxEnv> READY = () -> new VmxEnv().ready();
    private static final Supplier<VmxEnv> NON_ROOT = () -> new VmxEnv().nonRoot();

    /** Errors 16–25 need SMM and the dual-monitor treatment, which the model does not have. */
    private static final Set<VmInstructionError> NOT_MODELLED = EnumSet.of(
            ENTRY_INVALID_EXECUTIVE_VMCS_POINTER, ENTRY_NON_LAUNCHED_EXECUTIVE_VMCS,
            ENTRY_EXECUTIVE_VMCS_NOT_VMXON_POINTER, VMCALL_NON_CLEAR_VMCS,
            VMCALL_INVALID_VM_EXIT_CONTROL_FIELDS, VMCALL_INCORRECT_MSEG_REVISION,
            VMXOFF_UNDER_DUAL_MONITOR, VMCALL_INVALID_SMM_MONITOR_FEATURES,
            ENTRY_INVALID_EXECUTIVE_VMCS_CONTROLS);

    private static VmxOutcome valid(VmInstructionError e) {
        return new VmxOutcome.FailedValid(e);
    }

    private static VmxOutcome exit(ExitReason r) {
        return new VmxOutcome.ExitToRoot(r);
    }

    private static Supplier<VmxEnv> with(Supplier<VmxEnv> state, Consumer<VmxEnv> change) {
        return () -> {
            VmxEnv e = state.get();
            change.accept(e);
            return e;
        };
    }

    private static Supplier<VmxEnv> cpl3(Supplier<VmxEnv> state) {
        return with(state, e -> e.cpu.cpl = 3);
    }

    private static Supplier<VmxEnv> compat(Supplier<VmxEnv> state) {
        return with(state, VmxEnv::compatibilityMode);
    }

    private static Supplier<VmxEnv> caps(VmxCapabilities caps, Consumer<VmxEnv> step) {
        return () -> {
            VmxEnv e = new VmxEnv(caps);
            step.accept(e);
            return e;
        };
    }

    private static Arguments row(String name, Supplier<VmxEnv> state,
            Function<VmxEnv, VmxOutcome> action, VmxOutcome expected) {
        return Arguments.of(name, state, action, expected);
    }

    static Stream<Arguments> vmxon() {
        Function<VmxEnv, VmxOutcome> on = e -> e.insn.vmxon(() -> VMXON);
        return Stream.of(
                row("VMXON CR0.PE=0 #UD", with(FRESH, e -> e.cpu.cr0 = 0x20), on, UD),
                row("VMXON CR4.VMXE=0 #UD", with(FRESH, e -> e.cpu.cr4 = 0x20), on, UD),
                row("VMXON RFLAGS.VM=1 #UD", with(FRESH, e -> e.cpu.rflags = 0x20002), on, UD),
                row("VMXON compatibility mode #UD", compat(FRESH), on, UD),
                row("VMXON in non-root exits", NON_ROOT, on, exit(ExitReason.VMXON)),
                row("VMXON CPL>0 #GP", cpl3(FRESH), on, GP),
                row("VMXON feature control unlocked #GP", with(FRESH,
                        e -> e.cpu.msrs.put(ProcessorState.IA32_FEATURE_CONTROL, 4L)), on, GP),
                row("VMXON outside SMX disabled #GP", with(FRESH,
                        e -> e.cpu.msrs.put(ProcessorState.IA32_FEATURE_CONTROL, 1L)), on, GP),
                row("VMXON CR0.NE=0 #GP", with(FRESH, e -> e.cpu.cr0 = 0x8000_0011L), on, GP),
                row("VMXON CR4.PKE (unsupported) #GP", with(FRESH, e -> e.cpu.cr4 = 0x402020),
                        on, GP),
                row("VMXON unaligned region VMfailInvalid", FRESH,
                        e -> e.insn.vmxon(() -> VMXON + 8), INVALID),
                row("VMXON region beyond MAXPHYADDR VMfailInvalid", FRESH,
                        e -> e.insn.vmxon(() -> 1L << 40), INVALID),
                row("VMXON wrong revision VMfailInvalid", FRESH,
                        e -> e.insn.vmxon(() -> BAD_REVISION), INVALID),
                row("VMXON shadow bit set VMfailInvalid", with(FRESH, e -> e.cpu.memory.writeInt(
                        VMXON, e.caps.revisionId() | 0x8000_0000)), on, INVALID),
                row("VMXON in root CPL>0 #GP", cpl3(ROOT), on, GP),
                row("VMXON in root, no current VMCS, VMfailInvalid", ROOT, on, INVALID),
                row("VMXON in root VMfailValid(15)", CURRENT, on,
                        valid(VMXON_IN_VMX_ROOT_OPERATION)),
                row("VMXON succeeds", FRESH, on, SUCCEED));
    }

    static Stream<Arguments> vmxoffVmclear() {
        Function<VmxEnv, VmxOutcome> off = e -> e.insn.vmxoff();
        Function<VmxEnv, VmxOutcome> clear = e -> e.insn.vmclear(() -> VMCS);
        return Stream.of(
                row("VMXOFF outside VMX #UD", FRESH, off, UD),
                row("VMXOFF compatibility mode #UD", compat(ROOT), off, UD),
                row("VMXOFF RFLAGS.VM #UD", with(ROOT, e -> e.cpu.rflags = 0x20002), off, UD),
                row("VMXOFF CR0.PE=0 #UD", with(ROOT, e -> e.cpu.cr0 = 0x20), off, UD),
                row("VMXOFF in non-root exits", NON_ROOT, off, exit(ExitReason.VMXOFF)),
                row("VMXOFF CPL>0 #GP", cpl3(ROOT), off, GP),
                row("VMXOFF succeeds", ROOT, off, SUCCEED),
                row("VMCLEAR outside VMX #UD", FRESH, clear, UD),
                row("VMCLEAR in non-root exits", NON_ROOT, clear, exit(ExitReason.VMCLEAR)),
                row("VMCLEAR CPL>0 #GP", cpl3(ROOT), clear, GP),
                row("VMCLEAR unaligned, no current VMCS, VMfailInvalid", ROOT,
                        e -> e.insn.vmclear(() -> VMCS + 1), INVALID),
                row("VMCLEAR unaligned VMfailValid(2)", CURRENT,
                        e -> e.insn.vmclear(() -> VMCS2 + 0x10),
                        valid(VMCLEAR_INVALID_PHYSICAL_ADDRESS)),
                row("VMCLEAR beyond MAXPHYADDR VMfailValid(2)", CURRENT,
                        e -> e.insn.vmclear(() -> 1L << 45),
                        valid(VMCLEAR_INVALID_PHYSICAL_ADDRESS)),
                row("VMCLEAR VMXON pointer VMfailValid(3)", CURRENT,
                        e -> e.insn.vmclear(() -> VMXON), valid(VMCLEAR_VMXON_POINTER)),
                row("VMCLEAR succeeds", CURRENT, e -> e.insn.vmclear(() -> VMCS2), SUCCEED));
    }

    static Stream<Arguments> vmptrldVmptrst() {
        Function<VmxEnv, VmxOutcome> load = e -> e.insn.vmptrld(() -> VMCS);
        Function<VmxEnv, VmxOutcome> store = e -> e.insn.vmptrst();
        return Stream.of(
                row("VMPTRLD outside VMX #UD", FRESH, load, UD),
                row("VMPTRLD in non-root exits", NON_ROOT, load, exit(ExitReason.VMPTRLD)),
                row("VMPTRLD CPL>0 #GP", cpl3(ROOT), load, GP),
                row("VMPTRLD unaligned VMfailValid(9)", CURRENT,
                        e -> e.insn.vmptrld(() -> VMCS2 + 4),
                        valid(VMPTRLD_INVALID_PHYSICAL_ADDRESS)),
                row("VMPTRLD unaligned, no current VMCS, VMfailInvalid", ROOT,
                        e -> e.insn.vmptrld(() -> VMCS2 + 4), INVALID),
                row("VMPTRLD VMXON pointer VMfailValid(10)", CURRENT,
                        e -> e.insn.vmptrld(() -> VMXON), valid(VMPTRLD_VMXON_POINTER)),
                row("VMPTRLD wrong revision VMfailValid(11)", CURRENT,
                        e -> e.insn.vmptrld(() -> BAD_REVISION), valid(VMPTRLD_INCORRECT_REVISION)),
                row("VMPTRLD shadow VMCS without shadowing VMfailValid(11)",
                        with(CURRENT, e -> e.cpu.memory.writeInt(VMCS2,
                                e.caps.revisionId() | 0x8000_0000)),
                        e -> e.insn.vmptrld(() -> VMCS2), valid(VMPTRLD_INCORRECT_REVISION)),
                row("VMPTRLD succeeds", ROOT, e -> e.insn.vmptrld(() -> VMCS2), SUCCEED),
                row("VMPTRST outside VMX #UD", FRESH, store, UD),
                row("VMPTRST in non-root exits", NON_ROOT, store, exit(ExitReason.VMPTRST)),
                row("VMPTRST CPL>0 #GP", cpl3(ROOT), store, GP),
                row("VMPTRST without current VMCS stores all-ones", ROOT, store,
                        new VmxOutcome.Succeeded(-1L)),
                row("VMPTRST stores the current-VMCS pointer", CURRENT, store,
                        new VmxOutcome.Succeeded(VMCS)));
    }

    static Stream<Arguments> vmreadVmwrite() {
        long rip = VmcsField.GUEST_RIP.encoding();
        Function<VmxEnv, VmxOutcome> read = e -> e.insn.vmread(rip);
        Function<VmxEnv, VmxOutcome> write = e -> e.insn.vmwrite(rip, 5);
        VmxCapabilities strict = VmxCapabilities.builder().vmwriteAnyField(false).build();
        return Stream.of(
                row("VMREAD outside VMX #UD", FRESH, read, UD),
                row("VMREAD in non-root exits", NON_ROOT, read, exit(ExitReason.VMREAD)),
                row("VMREAD CPL>0 #GP", cpl3(CURRENT), read, GP),
                row("VMREAD no current VMCS VMfailInvalid", ROOT, read, INVALID),
                row("VMREAD unsupported component VMfailValid(12)", CURRENT,
                        e -> e.insn.vmread(0x1000), valid(UNSUPPORTED_VMCS_COMPONENT)),
                row("VMREAD encoding bits 63:32 set VMfailValid(12)", CURRENT,
                        e -> e.insn.vmread(1L << 32 | rip), valid(UNSUPPORTED_VMCS_COMPONENT)),
                row("VMREAD reads the field",
                        with(CURRENT, e -> e.vmcs().write(VmcsField.GUEST_RIP, 0x1234_5678L)),
                        read, new VmxOutcome.Succeeded(0x1234_5678L)),
                row("VMWRITE outside VMX #UD", FRESH, write, UD),
                row("VMWRITE in non-root exits", NON_ROOT, write, exit(ExitReason.VMWRITE)),
                row("VMWRITE CPL>0 #GP", cpl3(CURRENT), write, GP),
                row("VMWRITE no current VMCS VMfailInvalid", ROOT, write, INVALID),
                row("VMWRITE unsupported component VMfailValid(12)", CURRENT,
                        e -> e.insn.vmwrite(
                                VmcsField.POSTED_INTERRUPT_DESCRIPTOR_ADDRESS.encoding(), 1),
                        valid(UNSUPPORTED_VMCS_COMPONENT)),
                row("VMWRITE read-only component VMfailValid(13)", caps(strict, e -> {
                    e.root();
                    e.insn.vmptrld(() -> VMCS);
                }), e -> e.insn.vmwrite(VmcsField.VM_EXIT_REASON.encoding(), 1),
                        valid(VMWRITE_READ_ONLY_COMPONENT)),
                row("VMWRITE succeeds", CURRENT, write, SUCCEED));
    }

    static Stream<Arguments> vmlaunchVmresume() {
        Function<VmxEnv, VmxOutcome> launch = e -> e.insn.vmlaunch();
        Function<VmxEnv, VmxOutcome> resume = e -> e.insn.vmresume();
        return Stream.of(
                row("VMLAUNCH outside VMX #UD", FRESH, launch, UD),
                row("VMLAUNCH compatibility mode #UD", compat(READY), launch, UD),
                row("VMLAUNCH in non-root exits", NON_ROOT, launch, exit(ExitReason.VMLAUNCH)),
                row("VMLAUNCH CPL>0 #GP", cpl3(READY), launch, GP),
                row("VMLAUNCH no current VMCS VMfailInvalid", ROOT, launch, INVALID),
                row("VMLAUNCH blocked by MOV SS VMfailValid(26)",
                        with(READY, e -> e.cpu.movSsBlocking = true), launch,
                        valid(ENTRY_EVENTS_BLOCKED_BY_MOV_SS)),
                row("VMLAUNCH launched VMCS VMfailValid(4)",
                        with(READY, e -> e.vmcs().setLaunchState(Vmcs.LaunchState.LAUNCHED)),
                        launch, valid(VMLAUNCH_NON_CLEAR_VMCS)),
                row("VMLAUNCH invalid control VMfailValid(7)",
                        with(READY, e -> e.vmcs().write(VmcsField.VIRTUAL_PROCESSOR_IDENTIFIER, 0)),
                        launch, valid(ENTRY_INVALID_CONTROL_FIELD)),
                row("VMLAUNCH invalid host state VMfailValid(8)",
                        with(READY, e -> e.vmcs().write(VmcsField.HOST_TR_SELECTOR, 0)),
                        launch, valid(ENTRY_INVALID_HOST_STATE_FIELD)),
                row("VMLAUNCH succeeds", READY, launch, new VmxOutcome.Entered(true)),
                row("VMRESUME clear VMCS VMfailValid(5)", READY, resume,
                        valid(VMRESUME_NON_LAUNCHED_VMCS)),
                row("VMRESUME after VMXOFF without VMCLEAR VMfailValid(6)", with(NON_ROOT, e -> {
                    e.vmx.exit(VmExit.of(ExitReason.HLT), e.cpu);
                    e.insn.vmxoff();
                    e.insn.vmxon(() -> VMXON);
                    e.insn.vmptrld(() -> VMCS);
                }), resume, valid(VMRESUME_AFTER_VMXOFF)),
                row("VMRESUME in non-root exits", NON_ROOT, resume, exit(ExitReason.VMRESUME)),
                row("VMRESUME no current VMCS VMfailInvalid", ROOT, resume, INVALID));
    }

    static Stream<Arguments> vmcall() {
        Function<VmxEnv, VmxOutcome> call = e -> e.insn.vmcall();
        return Stream.of(
                row("VMCALL outside VMX #UD", FRESH, call, UD),
                row("VMCALL in non-root exits", NON_ROOT, call, exit(ExitReason.VMCALL)),
                row("VMCALL in root compatibility mode #UD", compat(ROOT), call, UD),
                row("VMCALL in root CPL>0 #GP", cpl3(ROOT), call, GP),
                row("VMCALL in root, no current VMCS, VMfailInvalid", ROOT, call, INVALID),
                row("VMCALL in root VMfailValid(1)", CURRENT, call,
                        valid(VMCALL_IN_VMX_ROOT_OPERATION)));
    }

    static Stream<Arguments> invept() {
        Supplier<InvalidationDescriptor> eptp = () -> new InvalidationDescriptor(ValidVmcs.EPTP, 0);
        Supplier<InvalidationDescriptor> badEptp =
                () -> new InvalidationDescriptor(ValidVmcs.EPTP | 0x100, 0);
        Function<VmxEnv, VmxOutcome> all = e -> e.inv.invept(2, eptp);
        VmxCapabilities noEpt = VmxCapabilities.builder()
                .without(SecondaryProcessorBasedControl.ENABLE_EPT).build();
        VmxCapabilities noSingle = VmxCapabilities.builder()
                .without(EptVpidCapability.INVEPT_SINGLE_CONTEXT).build();
        return Stream.of(
                row("INVEPT without EPT #UD", caps(noEpt, VmxEnv::current), all, UD),
                row("INVEPT outside VMX #UD", FRESH, all, UD),
                row("INVEPT in non-root exits", NON_ROOT, all, exit(ExitReason.INVEPT)),
                row("INVEPT CPL>0 #GP", cpl3(CURRENT), all, GP),
                row("INVEPT type 3 VMfailValid(28)", CURRENT, e -> e.inv.invept(3, eptp),
                        valid(INVALID_OPERAND_TO_INVEPT_INVVPID)),
                row("INVEPT type 0, no current VMCS, VMfailInvalid", ROOT,
                        e -> e.inv.invept(0, eptp), INVALID),
                row("INVEPT unsupported single-context VMfailValid(28)",
                        caps(noSingle, VmxEnv::current), e -> e.inv.invept(1, eptp),
                        valid(INVALID_OPERAND_TO_INVEPT_INVVPID)),
                row("INVEPT single-context invalid EPTP VMfailValid(28)", CURRENT,
                        e -> e.inv.invept(1, badEptp), valid(INVALID_OPERAND_TO_INVEPT_INVVPID)),
                row("INVEPT single-context succeeds", CURRENT, e -> e.inv.invept(1, eptp),
                        SUCCEED));
    }

    private static Function<VmxEnv, VmxOutcome> invvpid(long type, long low, long high) {
        return e -> e.inv.invvpid(type, () -> new InvalidationDescriptor(low, high));
    }

    static Stream<Arguments> invvpid() {
        VmxCapabilities noVpid = VmxCapabilities.builder()
                .without(SecondaryProcessorBasedControl.ENABLE_VPID).build();
        VmxOutcome bad = valid(INVALID_OPERAND_TO_INVEPT_INVVPID);
        return Stream.of(
                row("INVVPID without VPID #UD", caps(noVpid, VmxEnv::current),
                        invvpid(2, 0, 0), UD),
                row("INVVPID in non-root exits", NON_ROOT, invvpid(2, 0, 0),
                        exit(ExitReason.INVVPID)),
                row("INVVPID CPL>0 #GP", cpl3(CURRENT), invvpid(2, 0, 0), GP),
                row("INVVPID type 4 VMfailValid(28)", CURRENT, invvpid(4, 1, 0), bad),
                row("INVVPID descriptor bits 63:16 VMfailValid(28)", CURRENT,
                        invvpid(2, 0x1_0001, 0), bad),
                row("INVVPID single-context VPID 0 VMfailValid(28)", CURRENT,
                        invvpid(1, 0, 0), bad),
                row("INVVPID retaining-globals VPID 0 VMfailValid(28)", CURRENT,
                        invvpid(3, 0, 0), bad),
                row("INVVPID individual VPID 0 VMfailValid(28)", CURRENT,
                        invvpid(0, 0, 0x1000), bad),
                row("INVVPID individual non-canonical VMfailValid(28)", CURRENT,
                        invvpid(0, 1, 1L << 47), bad),
                row("INVVPID all-context with VPID 0 succeeds", CURRENT, invvpid(2, 0, 0),
                        SUCCEED));
    }

    static Stream<Arguments> vmfunc() {
        return Stream.of(
                row("VMFUNC in root #UD", CURRENT, e -> e.funcs.vmfunc(0, 0), UD),
                row("VMFUNC without enable VM functions #UD", with(READY, e -> {
                    ValidVmcs.set(e.vmcs(), SecondaryProcessorBasedControl.ENABLE_VM_FUNCTIONS,
                            false);
                    e.insn.vmlaunch();
                }), e -> e.funcs.vmfunc(0, 0), UD),
                row("VMFUNC disabled function exits", NON_ROOT, e -> e.funcs.vmfunc(1, 0),
                        exit(ExitReason.VMFUNC)),
                row("VMFUNC EAX >= 64 exits", NON_ROOT, e -> e.funcs.vmfunc(64, 0),
                        exit(ExitReason.VMFUNC)),
                row("VMFUNC EPTP index >= 512 exits", NON_ROOT, e -> e.funcs.vmfunc(0, 512),
                        exit(ExitReason.VMFUNC)),
                row("VMFUNC invalid EPTP-list entry exits", NON_ROOT, e -> e.funcs.vmfunc(0, 1),
                        exit(ExitReason.VMFUNC)),
                row("VMFUNC switches EPTP", with(NON_ROOT,
                        e -> e.cpu.memory.writeLong(0xA000 + 8 * 5, ValidVmcs.EPTP + 0x1000)),
                        e -> e.funcs.vmfunc(0, 5), new VmxOutcome.Completed()));
    }

    static Stream<Arguments> all() {
        return Stream.of(vmxon(), vmxoffVmclear(), vmptrldVmptrst(), vmreadVmwrite(),
                vmlaunchVmresume(), vmcall(), invept(), invvpid(), vmfunc()).flatMap(s -> s);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("all")
    void outcome(String name, Supplier<VmxEnv> state, Function<VmxEnv, VmxOutcome> action,
            VmxOutcome expected) {
        VmxEnv env = state.get();
        VmxOutcome actual = action.apply(env);
        assertEquals(expected, actual, name);
        if (expected instanceof VmxOutcome.FailedValid f) {
            assertEquals(f.error().number(),
                    env.vmcs().read(VmcsField.VM_INSTRUCTION_ERROR), "VM_INSTRUCTION_ERROR");
        }
    }

    @Test
    void everyModelledErrorNumberHasARow() {
        Set<VmInstructionError> covered = EnumSet.noneOf(VmInstructionError.class);
        all().map(a -> a.get()[3]).filter(o -> o instanceof VmxOutcome.FailedValid)
                .forEach(o -> covered.add(((VmxOutcome.FailedValid) o).error()));
        Set<VmInstructionError> expected = EnumSet.allOf(VmInstructionError.class);
        expected.removeAll(NOT_MODELLED);
        assertEquals(expected, covered);
    }
}
