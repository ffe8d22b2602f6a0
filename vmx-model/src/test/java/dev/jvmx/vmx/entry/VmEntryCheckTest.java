package dev.jvmx.vmx.entry;

import static org.junit.jupiter.api.Assertions.*;

import dev.jvmx.vmx.FakeCpu;
import dev.jvmx.vmx.ValidVmcs;
import dev.jvmx.vmx.cap.VmxCapabilities;
import dev.jvmx.vmx.vmcs.Vmcs;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Every VM-entry check: the valid VMCS passes it, its trip vector fails it first. */
class VmEntryCheckTest {

    private final VmxCapabilities caps = VmxCapabilities.full();

    private EntryContext context(Vmcs vmcs, FakeCpu cpu) {
        return new EntryContext(vmcs, caps, cpu, cpu.memory);
    }

    @Test
    void validVmcsPassesEveryCheck() {
        FakeCpu cpu = new FakeCpu();
        Vmcs vmcs = ValidVmcs.fill(new Vmcs(caps, caps.revisionId()));
        assertNull(VmEntryCheck.firstFailure(context(vmcs, cpu)));
    }

    @Test
    void everyCheckHasATripVector() {
        Set<VmEntryCheck> missing = EnumSet.allOf(VmEntryCheck.class);
        missing.removeAll(EntryTripVectors.TRIPS.keySet());
        assertEquals(Set.of(), missing, "checks without a vector that trips them");
    }

    @ParameterizedTest
    @EnumSource(VmEntryCheck.class)
    void tripVectorFailsExactlyThisCheckFirst(VmEntryCheck check) {
        FakeCpu cpu = new FakeCpu();
        Vmcs vmcs = ValidVmcs.fill(new Vmcs(caps, caps.revisionId()));
        EntryContext c = context(vmcs, cpu);
        assertTrue(check.passes(c), "valid VMCS passes " + check);
        EntryTripVectors.TRIPS.get(check).accept(vmcs, cpu);
        EntryContext tripped = context(vmcs, cpu);
        assertFalse(check.passes(tripped), "trip vector fails " + check);
        assertEquals(check, VmEntryCheck.firstFailure(tripped));
    }

    @ParameterizedTest
    @EnumSource(VmEntryCheck.class)
    void everyCheckCitesAChapter27Section(VmEntryCheck check) {
        assertTrue(check.section().matches("27\\.[23](\\.\\d+)+"), check.section());
    }
}
