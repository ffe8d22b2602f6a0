package dev.jvmx.runtime.vm;

import dev.jvmx.runtime.mmu.PhysicalAccess;
import dev.jvmx.vmx.PhysicalMemory;
import dev.jvmx.vmx.cap.SecondaryProcessorBasedControl;
import dev.jvmx.vmx.cap.VmxCapabilities;
import dev.jvmx.vmx.ept.EptAccess;
import dev.jvmx.vmx.ept.EptPointer;
import dev.jvmx.vmx.ept.EptViolationQualification;
import dev.jvmx.vmx.ept.EptWalkResult;
import dev.jvmx.vmx.ept.EptWalker;
import dev.jvmx.vmx.exit.ExitReason;
import dev.jvmx.vmx.exit.VmExit;
import dev.jvmx.vmx.nonroot.ExecutionControls;
import dev.jvmx.vmx.vmcs.Vmcs;
import dev.jvmx.vmx.vmcs.VmcsField;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * EPT02, the shadow of EPT12 composed with EPT01 (SDM Vol. 3C §29.3 applied twice): the EPT that
 * vmcs02 names while L2 runs, and L1's guest-physical memory seen through EPT01. EPT02 starts
 * empty and is filled one 4-KByte page at a time when L2's access faults ({@link #resolve}): the
 * L2-physical page is walked through EPT12 to an L1-physical page and that through EPT01 to host
 * memory; the entry gets the permissions both allow. It is dropped whenever L1's view of EPT12
 * may have changed (INVEPT, another EPTP at VM entry, EPTP switching by VMFUNC) — more often
 * than §29.4.3 requires, never less. Its table pages come from the VM's structure area and are
 * reused.
 */
final class ShadowEpt {
    /** What an EPT violation of L2 under EPT02 is. */
    sealed interface Resolution {
        /** Both EPTs allow the access: EPT02 has the page now, L2 retries. */
        record Filled() implements Resolution {}
        /** EPT12 refuses: L1's EPT violation or misconfiguration (§28.2.1, Table 28-7). */
        record ForL1(VmExit exit) implements Resolution {}
        /** EPT01 refuses: L0's (the program's) exit. */
        record ForL0() implements Resolution {}
    }

    private static final long KEEP = EptViolationQualification.LINEAR_ADDRESS_VALID
            | EptViolationQualification.TRANSLATED_ACCESS | EptViolationQualification.NMI_UNBLOCKING;

    private final Vcpu vcpu;
    private final PhysicalAccess host;
    private final PhysicalMemory l1Memory = new L1Memory();
    private final EptWalker ept12Walker;
    private final List<Long> owned = new ArrayList<>();
    private final ArrayDeque<Long> free = new ArrayDeque<>();
    private Ept ept;
    private long source = -1;
    private long fills;

    ShadowEpt(Vcpu vcpu, VmxCapabilities offered) {
        this.vcpu = vcpu;
        this.host = vcpu.vm().hostMemory();
        this.ept12Walker = new EptWalker(l1Memory, offered);
        ept = new Ept(host, this::page);
    }

    /** L1-physical memory: through EPT01 when vmcs01 enables EPT; all-ones / dropped where it maps nothing. */
    PhysicalMemory l1Memory() { return l1Memory; }

    /** The EPTP of EPT02 (§25.6.11). */
    long pointer() { return ept.pointer(); }

    /** The EPT12 pointer the shadow was built from, -1 if none. */
    long source() { return source; }

    /** Pages filled so far. */
    long fills() { return fills; }

    /** Empties the shadow; it will shadow {@code eptp12}. */
    void reset(long eptp12) {
        free.clear();
        for (long p : owned) {
            for (int i = 0; i < 0x1000; i += 8) host.write(p + i, 8, 0);
            free.add(p);
        }
        ept = new Ept(host, this::page);
        source = eptp12;
    }

    /**
     * An EPT violation of L2 under EPT02 (§29.3.3.2): EPT12 and EPT01 are walked for the access
     * (setting their accessed / dirty flags, §29.3.5); the page enters EPT02 with the rights both
     * give — write only after a write walk when either keeps dirty flags, so that the first write
     * sets them; write without read would be a misconfiguration (§29.3.3.1).
     */
    Resolution resolve(VmExit e) {
        long q = e.qualification();
        EptAccess access = (q & EptViolationQualification.FETCH) != 0 ? EptAccess.FETCH
                : (q & EptViolationQualification.WRITE) != 0 ? EptAccess.WRITE : EptAccess.READ;
        long gpa = e.guestPhysicalAddress();
        return switch (ept12Walker.walk(new EptPointer(source), gpa, access)) {
            case EptWalkResult.Violation v -> new Resolution.ForL1(exit(e, ExitReason.EPT_VIOLATION, v.qualification() & ~KEEP | q & KEEP));
            case EptWalkResult.Misconfiguration m -> new Resolution.ForL1(exit(e, ExitReason.EPT_MISCONFIGURATION, 0));
            case EptWalkResult.LogFull full -> new Resolution.ForL0();
            case EptWalkResult.Translation t -> {
                if (!(walkEpt01(t.hostPhysical() & ~0xFFFL, access) instanceof EptWalkResult.Translation h)) {
                    yield new Resolution.ForL0();
                }
                int rights = t.permissions() & h.permissions();
                if ((rights & Ept.READ) == 0) rights &= ~Ept.WRITE;
                if (access != EptAccess.WRITE && (new EptPointer(source).accessedDirtyEnabled() || ept01Dirty())) {
                    rights &= ~Ept.WRITE;
                }
                ept.map(gpa & ~0xFFFL, h.hostPhysical() & ~0xFFFL, 0x1000, rights);
                fills++;
                yield new Resolution.Filled();
            }
        };
    }

    private static VmExit exit(VmExit e, ExitReason reason, long qualification) {
        return new VmExit(reason, false, qualification, e.guestLinearAddress(), e.guestPhysicalAddress(),
                e.instructionLength(), e.instructionInformation(), e.interruptionInformation(), e.interruptionErrorCode(),
                e.idtVectoringInformation(), e.idtVectoringErrorCode());
    }

    private Vmcs vmcs01() { return vcpu.vmcs01(); }

    private boolean ept01() {
        return ExecutionControls.of(vmcs01()).has(SecondaryProcessorBasedControl.ENABLE_EPT);
    }

    /** EPT01 sets accessed and dirty flags (EPTP bit 6). */
    private boolean ept01Dirty() {
        return ept01() && new EptPointer(vmcs01().read(VmcsField.EPT_POINTER)).accessedDirtyEnabled();
    }

    /** EPT01 for an L1-physical address, or the identity if vmcs01 does not enable EPT. */
    private EptWalkResult walkEpt01(long l1pa, EptAccess access) {
        if (!ept01()) return new EptWalkResult.Translation(l1pa, Ept.WB, false, 0x1000, Ept.RWX);
        return vcpu.engine().ept().walk(new EptPointer(vmcs01().read(VmcsField.EPT_POINTER)), l1pa, access);
    }

    private long page() {
        Long p = free.poll();
        if (p != null) return p;
        long fresh = vcpu.vm().allocatePage();
        owned.add(fresh);
        return fresh;
    }

    private final class L1Memory implements PhysicalMemory {
        private long hostAddress(long l1pa, EptAccess access) {
            return walkEpt01(l1pa, access) instanceof EptWalkResult.Translation t ? t.hostPhysical() : -1;
        }

        @Override public int readInt(long a) { long h = hostAddress(a, EptAccess.READ); return h < 0 ? -1 : (int) host.read(h, 4); }
        @Override public long readLong(long a) { long h = hostAddress(a, EptAccess.READ); return h < 0 ? -1 : host.read(h, 8); }

        @Override
        public void writeInt(long a, int v) {
            long h = hostAddress(a, EptAccess.WRITE);
            if (h >= 0) host.write(h, 4, v);
        }

        @Override
        public void writeLong(long a, long v) {
            long h = hostAddress(a, EptAccess.WRITE);
            if (h >= 0) host.write(h, 8, v);
        }
    }
}
