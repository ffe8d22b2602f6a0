package dev.jvmx.vmx.insn;

import dev.jvmx.vmx.cap.VmxCapabilities;
import dev.jvmx.vmx.exit.VmExit;
import dev.jvmx.vmx.exit.VmExitWriter;
import dev.jvmx.vmx.vmcs.Vmcs;
import java.util.HashMap;
import java.util.Map;

/**
 * The VMX state of one logical processor (SDM Vol. 3C §24.7, §25.1): whether it is in VMX
 * operation and in root or non-root operation, the VMXON pointer, the current-VMCS pointer, and
 * the VMCSs it knows by physical address. VMCS contents are kept here, not in guest memory (the
 * SDM leaves the region's format to the implementation, §25.2); only the revision identifier
 * is read from memory.
 */
public final class VmxCpu {

    /** The current-VMCS pointer's "invalid" value (§25.1). */
    public static final long INVALID_POINTER = -1L;
    /** Pointers of monitor-owned VMCSs ({@link #adopt}): above any physical address. */
    public static final long MONITOR_VMCS_BASE = 0x4000_0000_0000_0000L;

    private final VmxCapabilities caps;
    private final Map<Long, Vmcs> regions;
    private boolean vmxOperation;
    private boolean nonRoot;
    private long vmxonPointer = INVALID_POINTER;
    private long currentVmcsPointer = INVALID_POINTER;

    public VmxCpu(VmxCapabilities caps) {
        this(caps, new HashMap<>());
    }

    /** A processor sharing VMCS regions with others of the same machine. */
    public VmxCpu(VmxCapabilities caps, Map<Long, Vmcs> sharedRegions) {
        this.caps = caps;
        this.regions = sharedRegions;
    }

    public VmxCapabilities capabilities() {
        return caps;
    }

    public boolean inVmxOperation() {
        return vmxOperation;
    }

    public boolean inNonRootOperation() {
        return vmxOperation && nonRoot;
    }

    public long vmxonPointer() {
        return vmxonPointer;
    }

    public long currentVmcsPointer() {
        return currentVmcsPointer;
    }

    /** The current VMCS, or null if the current-VMCS pointer is invalid. */
    public Vmcs currentVmcs() {
        return currentVmcsPointer == INVALID_POINTER ? null : regions.get(currentVmcsPointer);
    }

    /** The VMCS at {@code address}, created (launch state clear) on first reference. */
    public Vmcs vmcsAt(long address, int revisionId) {
        return regions.computeIfAbsent(address, a -> new Vmcs(caps, revisionId));
    }

    void enterVmxOperation(long vmxon) {
        vmxOperation = true;
        nonRoot = false;
        vmxonPointer = vmxon;
        currentVmcsPointer = INVALID_POINTER;
    }

    void leaveVmxOperation() {
        regions.values().forEach(Vmcs::loseCachedState);
        vmxOperation = false;
        vmxonPointer = INVALID_POINTER;
        currentVmcsPointer = INVALID_POINTER;
    }

    void setCurrentVmcsPointer(long pointer) {
        currentVmcsPointer = pointer;
    }

    void enterNonRoot() {
        nonRoot = true;
    }

    /**
     * Makes {@code vmcs}, owned by a Java monitor rather than guest memory, the current VMCS, in
     * VMX root operation. Its pointer lies beyond every physical-address width, so no guest
     * VMPTRLD or VMCLEAR can name it.
     */
    public long adopt(Vmcs vmcs) {
        long pointer = MONITOR_VMCS_BASE + regions.size() * 0x1000L;
        while (regions.containsKey(pointer)) {
            pointer += 0x1000;
        }
        for (Map.Entry<Long, Vmcs> known : regions.entrySet()) {
            if (known.getValue() == vmcs && known.getKey() >= MONITOR_VMCS_BASE) {
                pointer = known.getKey(); // a monitor switching between its VMCSs (vmcs01 / vmcs02)
            }
        }
        regions.put(pointer, vmcs);
        if (!vmxOperation) {
            enterVmxOperation(INVALID_POINTER);
        }
        vmcs.setActive(true);
        currentVmcsPointer = pointer;
        return pointer;
    }

    /**
     * A VM exit from non-root operation (SDM Vol. 3C ch. 28): writes {@code exit} into the
     * current VMCS, saves guest state, loads host state. Returns false on a VMX abort (§28.7).
     */
    public boolean exit(VmExit exit, VmxProcessor cpu) {
        if (!inNonRootOperation()) {
            throw new IllegalStateException("VM exit outside VMX non-root operation: " + exit);
        }
        nonRoot = false;
        return VmExitWriter.deliver(exit, currentVmcs(), cpu, cpu.memory());
    }
}
