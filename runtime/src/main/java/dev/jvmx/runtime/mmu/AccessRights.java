package dev.jvmx.runtime.mmu;

/**
 * The access rights a translation carries (what a TLB entry caches, SDM Vol. 3A §4.10.2.2) and
 * the check of an access against them (§4.6). Packed in an int:
 * <pre>
 *  bit 0  WRITABLE  R/W = 1 in every entry walked     bit 8..11  protection key (leaf bits 62:59)
 *  bit 1  USER      U/S = 1 in every entry walked     bit 12..14 EPT permissions R, W, X
 *  bit 2  XD        XD = 1 in some entry walked       bit 16..23 page size shift (12, 21, 22, 30)
 *  bit 3  DIRTY     the leaf's D flag is set
 *  bit 4  GLOBAL    the leaf's G flag is set and CR4.PGE = 1
 * </pre>
 */
public final class AccessRights {
    public static final int WRITABLE = 1, USER = 2, XD = 4, DIRTY = 8, GLOBAL = 16;
    public static final int EPT_R = 1 << 12, EPT_W = 1 << 13, EPT_X = 1 << 14, EPT_ALL = 7 << 12;
    /** Rights of an identity translation (paging off): everything allowed. */
    public static final int ALL = WRITABLE | USER | DIRTY | EPT_ALL | 12 << 16;

    private AccessRights() {}

    public static int pkey(int rights) { return rights >>> 8 & 0xF; }

    public static int pageShift(int rights) { return rights >>> 16 & 0xFF; }

    /** EPT permissions an access needs. */
    static int eptNeeded(AccessKind k) {
        return switch (k) {
            case READ -> EPT_R;
            case WRITE -> EPT_W;
            case FETCH -> EPT_X;
        };
    }

    /** W/R, U/S and I/D bits of the error code of any #PF this access raises (§4.7). */
    static int baseErrorCode(AccessKind k, boolean user, PagingControls c) {
        return (k == AccessKind.WRITE ? PageFaults.W : 0) | (user ? PageFaults.U : 0)
                | (k == AccessKind.FETCH && c.fetchFaultsMarked() ? PageFaults.I : 0);
    }

    /**
     * 0 if the access is allowed, else the P (and PK) bits of its #PF error code (§4.6, §4.7).
     * {@code user}: CPL 3 and not an implicit supervisor access; {@code ac}: RFLAGS.AC.
     */
    static int check(int rights, AccessKind k, boolean user, boolean implicit, boolean ac, int pkru,
            PagingControls c) {
        boolean userPage = (rights & USER) != 0;
        if (k == AccessKind.FETCH) {
            boolean denied = user ? !userPage : userPage && c.smep();
            return denied || c.nxe() && (rights & XD) != 0 ? PageFaults.P : 0;
        }
        boolean write = k == AccessKind.WRITE;
        boolean denied;
        if (user) {
            denied = !userPage || write && (rights & WRITABLE) == 0;
        } else {
            denied = userPage && c.smap() && (implicit || !ac)
                    || write && c.wp() && (rights & WRITABLE) == 0;
        }
        boolean pk = userPage && c.pke() && keyDenies(pkru, pkey(rights), write, user || c.wp());
        return denied || pk ? PageFaults.P | (pk ? PageFaults.PK : 0) : 0;
    }

    /** §4.6.2: ADi denies every data access; WDi denies writes when user or CR0.WP = 1. */
    private static boolean keyDenies(int pkru, int key, boolean write, boolean wdApplies) {
        int bits = pkru >>> (2 * key);
        return (bits & 1) != 0 || write && wdApplies && (bits & 2) != 0;
    }
}
