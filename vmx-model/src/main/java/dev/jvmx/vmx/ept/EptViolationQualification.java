package dev.jvmx.vmx.ept;

/**
 * EXIT_QUALIFICATION for EPT violations (SDM Vol. 3C §28.2.1, Table 28-7):
 * <pre>
 *  bit 0  data read          bit 3  readable (AND of bit 0 of every entry walked)
 *  bit 1  data write         bit 4  writable (AND of bit 1)
 *  bit 2  instruction fetch  bit 5  executable (AND of bit 2)
 *  bit 6  user-mode executable (mode-based execute control; 0 in this model)
 *  bit 7  guest linear-address field valid
 *  bit 8  (bit 7 = 1) 1: access to the translated linear address,
 *                     0: access to a guest paging-structure entry
 *  bit 12 NMI unblocking due to IRET
 * </pre>
 */
public final class EptViolationQualification {

    public static final long READ = 1L;
    public static final long WRITE = 1L << 1;
    public static final long FETCH = 1L << 2;
    public static final long READABLE = 1L << 3;
    public static final long WRITABLE = 1L << 4;
    public static final long EXECUTABLE = 1L << 5;
    public static final long LINEAR_ADDRESS_VALID = 1L << 7;
    public static final long TRANSLATED_ACCESS = 1L << 8;
    public static final long NMI_UNBLOCKING = 1L << 12;

    private EptViolationQualification() {
    }

    /** The qualification for {@code access} with the effective {@code permissions} (bits 2:0). */
    public static long of(EptAccess access, int permissions, GuestLinear linear) {
        long q = switch (access) {
            case READ -> READ;
            case WRITE -> WRITE;
            case FETCH -> FETCH;
        };
        q |= (long) (permissions & 7) << 3;
        q |= switch (linear) {
            case NONE -> 0;
            case PAGING_STRUCTURE -> LINEAR_ADDRESS_VALID;
            case TRANSLATED -> LINEAR_ADDRESS_VALID | TRANSLATED_ACCESS;
        };
        return q;
    }

    /** What the guest-linear-address field says about the access (bits 7 and 8). */
    public enum GuestLinear {
        /** No linear address (e.g. a guest-physical access by MOV to CR3 with PAE PDPTEs). */
        NONE,
        /** An access to a guest paging-structure entry during linear-address translation. */
        PAGING_STRUCTURE,
        /** An access to the translated linear address itself. */
        TRANSLATED
    }
}
