package dev.jvmx.runtime.mmu;

import dev.jvmx.vmx.ept.EptAccess;

/** What a linear-address access does (SDM Vol. 3A §4.6). */
public enum AccessKind {
    READ, WRITE, FETCH;

    public EptAccess ept() {
        return switch (this) {
            case READ -> EptAccess.READ;
            case WRITE -> EptAccess.WRITE;
            case FETCH -> EptAccess.FETCH;
        };
    }
}
