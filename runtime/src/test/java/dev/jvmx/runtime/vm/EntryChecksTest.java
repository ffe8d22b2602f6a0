package dev.jvmx.runtime.vm;

import static org.junit.jupiter.api.Assertions.*;

import dev.jvmx.vmx.FakeCpu;
import dev.jvmx.vmx.ValidVmcs;
import dev.jvmx.vmx.VmInstructionError;
import dev.jvmx.vmx.entry.EntryTripVectors;
import dev.jvmx.vmx.entry.VmEntryCheck;
import dev.jvmx.vmx.exit.ExitReason;
import dev.jvmx.vmx.vmcs.VmcsField;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every VM-entry check of SDM Vol. 3C §27.2–§27.3 through {@link Vcpu#run}: the valid VMCS of
 * the model's tests enters, and the model's trip vector for the check makes the entry fail the
 * way §27.1 says — VMfailValid 7 (controls) or 8 (host state) with nothing loaded, or a VM exit
 * with reason 33 and bit 31 set (guest state) — naming exactly that check.
 */
class EntryChecksTest {
    /** Checks the embedding API cannot trip, and why. */
    static final Map<VmEntryCheck, String> NOT_THROUGH_THE_API = Map.of(
            VmEntryCheck.LEGACY_HOST_RESTRICTIONS,
            "needs a VMLAUNCH executed outside IA-32e mode; an embedding program's monitor is always a 64-bit host");

    static Vcpu validVcpu() {
        Vm vm = new Vm(8L << 20);
        Vcpu cpu = vm.createVcpu();
        ValidVmcs.fill(cpu.vmcs());
        return cpu;
    }

    @Test
    void validVmcsEnters() {
        Vcpu cpu = validVcpu();
        RunResult r = cpu.run(1);
        assertFalse(r instanceof RunResult.EntryFailed, () -> "entry failed: " + r);
        assertFalse(r instanceof RunResult.Exited e && e.exit().entryFailure(), () -> "entry failed: " + r);
        assertNull(cpu.lastEntryCheck());
    }

    @TestFactory
    Stream<DynamicTest> everyCheckTrips() {
        return Arrays.stream(VmEntryCheck.values()).filter(c -> !NOT_THROUGH_THE_API.containsKey(c))
                .map(check -> DynamicTest.dynamicTest(check.section() + " " + check, () -> trip(check)));
    }

    private static void trip(VmEntryCheck check) {
        Vcpu cpu = validVcpu();
        FakeCpu fake = new FakeCpu();
        EntryTripVectors.TRIPS.get(check).accept(cpu.vmcs(), fake);
        fake.memory.forEachQword((a, v) -> cpu.vm().hostMemory().write(a, 8, v));
        RunResult r = cpu.run(1);
        assertEquals(check, cpu.lastEntryCheck(), () -> "result " + r);
        switch (check.category()) {
            case CONTROL -> assertEquals(new RunResult.EntryFailed(VmInstructionError.ENTRY_INVALID_CONTROL_FIELD, check), r);
            case HOST_STATE -> assertEquals(new RunResult.EntryFailed(VmInstructionError.ENTRY_INVALID_HOST_STATE_FIELD, check), r);
            case GUEST_STATE -> {
                var exit = assertInstanceOf(RunResult.Exited.class, r).exit();
                assertEquals(ExitReason.VM_ENTRY_FAILURE_INVALID_GUEST_STATE, exit.reason());
                assertEquals(0x8000_0021L, cpu.vmread(VmcsField.VM_EXIT_REASON));
                assertEquals(check.qualification(), cpu.vmread(VmcsField.EXIT_QUALIFICATION));
            }
        }
        if (r instanceof RunResult.EntryFailed f) {
            assertEquals(f.error().number(), cpu.vmread(VmcsField.VM_INSTRUCTION_ERROR));
            assertFalse(cpu.inNonRootOperation());
        }
    }

    @Test
    void everyCheckIsCoveredOrExplained() {
        long covered = Arrays.stream(VmEntryCheck.values()).filter(c -> !NOT_THROUGH_THE_API.containsKey(c)).count();
        System.out.println("VM-entry checks tripped through the embedding API: " + covered + " of " + VmEntryCheck.values().length);
        assertEquals(VmEntryCheck.values().length, covered + NOT_THROUGH_THE_API.size());
    }
}
