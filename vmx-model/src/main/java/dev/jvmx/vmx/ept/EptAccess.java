package dev.jvmx.vmx.ept;

/** The kind of guest-physical access an EPT walk is for (SDM Vol. 3C §29.3.3.2). */
public enum EptAccess {
    READ(1), WRITE(2), FETCH(4);

    private final int permission;

    EptAccess(int permission) {
        this.permission = permission;
    }

    /** The EPT entry bit (0 read, 1 write, 2 execute) this access needs. */
    public int permission() {
        return permission;
    }
}
