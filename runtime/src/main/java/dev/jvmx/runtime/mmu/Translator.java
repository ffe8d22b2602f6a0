package dev.jvmx.runtime.mmu;

import dev.jvmx.vmx.ept.EptViolationQualification.GuestLinear;
import dev.jvmx.vmx.ept.EptWalkResult;

/**
 * The {@link Mmu}'s slow path and TLB maintenance: translation through the TLB's architectural
 * entries or a page walk (and EPT), filling entries and deriving their fast tags. Not thread-safe:
 * one per vCPU, used by its thread, except {@link #codeMarkChanged} which another vCPU may call.
 */
final class Translator {
    final PagingContext ctx;
    final PhysicalAccess phys;
    final PageWalker walker;
    final Tlb tlb = new Tlb();
    PagingControls controls;
    long[] pdptes = new long[4];
    int curPcid;
    int curVpid;
    long curEptrta = -1;
    EptTranslator ept;
    CodePages code;
    private int fastPkru;

    Translator(PagingContext ctx, PhysicalAccess phys, int maxPhyAddr) {
        this.ctx = ctx;
        this.phys = phys;
        this.walker = new PageWalker(phys, maxPhyAddr);
        this.controls = PagingControls.of(ctx);
    }

    /** Host-physical address of linear {@code la} for access {@code k}; #PF or EPT exits as thrown. */
    long translate(long la, AccessKind k, boolean implicit) {
        PagingControls c = controls;
        long lin = c.mode().linearBits() == 32 ? la & 0xFFFF_FFFFL : la;
        boolean user = !implicit && ctx.cpl() == 3;
        long page = lin >>> 12;
        int i = tlb.index(page);
        if (tlb.matches(i, page, curPcid, curVpid, curEptrta) && allowedByEntry(i, k, user, implicit)) {
            afterAccess(i, k);
            return tlb.hostPage[i] | (lin & 0xFFF);
        }
        int rights;
        long frame;
        if (c.mode() == PagingMode.NONE) {
            rights = AccessRights.ALL;
            frame = lin & ~0xFFFL;
        } else {
            walker.walk(c, pdptes, lin, k, user, implicit, ctx.alignmentCheck(), ctx.pkru());
            rights = walker.rights & ~AccessRights.EPT_ALL;
            frame = walker.frame;
        }
        long host = frame;
        if (ept == null) {
            rights |= AccessRights.EPT_ALL;
        } else {
            EptWalkResult.Translation t = ept.translate(frame | (lin & 0xFFF), k.ept(), GuestLinear.TRANSLATED, lin);
            host = t.hostPhysical() & ~0xFFFL;
            rights |= (t.permissions() & 7) << 12;
        }
        tlb.fill(i, page, curPcid, curVpid, curEptrta, host, rights, phys.ramPageOffset(host));
        computeFast(i);
        afterAccess(i, k);
        return host | (lin & 0xFFF);
    }

    /** The cached entry allows the access without a walk (a write also needs the dirty flag). */
    private boolean allowedByEntry(int i, AccessKind k, boolean user, boolean implicit) {
        int r = tlb.rights[i];
        if ((r & AccessRights.eptNeeded(k)) == 0) return false;
        if (k == AccessKind.WRITE && (r & AccessRights.DIRTY) == 0) return false;
        return controls.mode() == PagingMode.NONE
                || AccessRights.check(r, k, user, implicit, ctx.alignmentCheck(), ctx.pkru(), controls) == 0;
    }

    private void afterAccess(int i, AccessKind k) {
        if (code == null || k == AccessKind.READ) return;
        if (k == AccessKind.FETCH) code.fetched(tlb.hostPage[i]);
        else code.written(tlb.hostPage[i]);
    }

    /** Derives the fast tags of entry {@code i} from its rights and the current controls. */
    void computeFast(int i) {
        tlb.clearFast(i);
        long page = tlb.vpn[i];
        if (page == Tlb.INVALID || tlb.ramBase[i] < 0
                || !tlb.matches(i, page, curPcid, curVpid, curEptrta)) return;
        int r = tlb.rights[i];
        boolean isCode = code != null && code.isCode(tlb.hostPage[i]);
        for (int u = 0; u < 2; u++) {
            boolean user = u == 1;
            int s = Tlb.slot(i, user);
            if (fastAllowed(r, AccessKind.READ, user)) tlb.read[s] = page;
            if (fastAllowed(r, AccessKind.WRITE, user) && (r & AccessRights.DIRTY) != 0 && !isCode) {
                tlb.write[s] = page;
            }
            if (fastAllowed(r, AccessKind.FETCH, user) && (code == null || isCode)) tlb.exec[s] = page;
        }
    }

    private boolean fastAllowed(int r, AccessKind k, boolean user) {
        if ((r & AccessRights.eptNeeded(k)) == 0) return false;
        return controls.mode() == PagingMode.NONE
                || AccessRights.check(r, k, user, false, false, fastPkru, controls) == 0;
    }

    /** Recomputes every fast tag (after a change of controls, PCID, PKRU, VPID or EPTP). */
    void refreshFast() {
        fastPkru = ctx.pkru();
        curPcid = controls.pcid();
        tlb.salt = Tlb.saltOf(curPcid, curVpid);
        for (int i = 0; i < Tlb.SIZE; i++) computeFast(i);
    }

    /** Called by {@link CodePages} when {@code frame} became, or stopped being, code. */
    void codeMarkChanged(long frame) {
        for (int i = 0; i < Tlb.SIZE; i++) {
            if (tlb.vpn[i] != Tlb.INVALID && tlb.hostPage[i] == frame) computeFast(i);
        }
    }

    boolean global(int i) { return (tlb.rights[i] & AccessRights.GLOBAL) != 0; }

    boolean currentVpid(int i) { return tlb.vpid[i] == curVpid; }
}
