/**
 * Paging for machine mode: linear-address translation (SDM Vol. 3A ch. 4), composed with EPT
 * (Vol. 3C §29.3) when the guest runs in VMX non-root operation, behind a software TLB.
 * {@link dev.jvmx.runtime.mmu.Mmu} is the {@link dev.jvmx.runtime.mem.GuestMemory} a machine-mode
 * vCPU executes with; {@link dev.jvmx.runtime.mmu.PhysicalAccess} is what it translates onto
 * ({@link dev.jvmx.runtime.mmu.BusPhysicalAccess} adapts the PC's
 * {@link dev.jvmx.runtime.machine.bus.PhysicalMemory}).
 *
 * <h2>Where the SDM lives in the code</h2>
 * <pre>
 *  §4.1.1 Table 4-1 paging modes          PagingMode.of
 *  §4.3 32-bit paging, PSE, PSE-36         PageWalker.walkEntries/leaf, ReservedBits.pse36
 *  §4.4 PAE, §4.4.1 PDPTE registers        PageWalker.loadPdptes, TlbControl (reload rules)
 *  §4.5 4-level paging, 2M and 1G pages    PageWalker, ReservedBits.mask
 *  §4.6 access rights, SMEP, SMAP, AC      AccessRights.check
 *  §4.6.2 protection keys (PKRU)           AccessRights.keyDenies
 *  §4.7 #PF error code                     PageFaults, AccessRights.baseErrorCode
 *  §4.8 accessed and dirty flags           PageWalker.setAccessedDirty
 *  §4.10 TLBs, PCIDs, global pages         Tlb, Translator
 *  §4.10.4.1 invalidation                  TlbControl (MOV CR0/CR3/CR4, INVLPG, INVPCID)
 *  Vol. 3C §29.3 EPT, §29.4 VPID/INVEPT    EptTranslator, TlbControl.invvpid/invept
 * </pre>
 *
 * <h2>Entry formats</h2>
 * 32-bit paging (§4.3, Tables 4-4..4-6), 4-byte entries (M = min(MAXPHYADDR, 40)):
 * <pre>
 *  PDE, 4-MByte page (CR4.PSE = 1 and PS = 1):
 *  31         22 21      M-19 M-20     13 12  11 9  8  7  6  5  4   3   2   1  0
 * +-------------+------------+-----------+---+-----+--+--+--+--+---+---+---+---+--+
 * | PA 31:22    | reserved   | PA M-1:32 |PAT| ign |G |1 |D |A |PCD|PWT|U/S|R/W|P |
 * +-------------+------------+-----------+---+-----+--+--+--+--+---+---+---+---+--+
 *  PDE -> page table (PS = 0, or CR4.PSE = 0: PS ignored), and PTE:
 *  31                                  12  11 9  8  7  6  5  4   3   2   1  0
 * +--------------------------------------+-----+--+--+--+--+---+---+---+---+--+
 * | PA 31:12 of the table / the page      | ign |G |PS|D |A |PCD|PWT|U/S|R/W|P |
 * +--------------------------------------+-----+--+--+--+--+---+---+---+---+--+
 *   in a PTE bit 7 is PAT; G and D are ignored in a PDE that points to a table.
 *   No XD and no reserved bits besides the 4-MByte ones.
 * </pre>
 * PAE (§4.4) and 4-level (§4.5) paging, 8-byte entries:
 * <pre>
 *  63  62  59 58  52 51     M M-1                 12 11  9  8  7  6  5  4   3   2   1  0
 * +--+------+------+--------+----------------------+-----+--+--+--+--+---+---+---+---+--+
 * |XD| PK   | ign  |reserved| physical address      | ign |G |PS|D |A |PCD|PWT|U/S|R/W|P |
 * +--+------+------+--------+----------------------+-----+--+--+--+--+---+---+---+---+--+
 *   XD: reserved unless EFER.NXE. PK (leaf, 4-level, CR4.PKE) else ignored; PAE: 62:M reserved.
 *   PS: PML4E reserved; PDPTE 1G page (29:13 reserved, 12 PAT); PDE 2M page (20:13 reserved).
 *   D and G in leaves only (bit 7 of a PTE is PAT).
 *  PAE PDPTE register (Table 4-8): 63:M, 8:5 and 2:1 reserved -> #GP(0) when loaded.
 * </pre>
 * CR3 (§4.5, Table 4-12/4-13) and PKRU (§4.6.2):
 * <pre>
 *  CR3, 4-level: 63 = no-flush on MOV (CR4.PCIDE, not stored) | M-1:12 PML4 | 11:0 PCID or PCD/PWT
 *  CR3, PAE:     31:5 PDPT address;  32-bit: 31:12 page directory
 *  PKRU: key i -> bit 2i AD (no data access), bit 2i+1 WD (no write; supervisor only if CR0.WP)
 * </pre>
 *
 * <h2>An access</h2>
 * <pre>
 *  la ─► page = la >>> 12, i = (page ^ salt(PCID, VPID)) &amp; 1023
 *        tag[cpl == 3][kind][i] == page and the access stays in the page?
 *          └─ yes: RAM.get(ramBase[i] + (la &amp; 0xFFF))                            fast path
 *        otherwise Translator.translate (slow path, per page of a page-crossing access):
 *          entry i valid for (page, PCID or global, VPID, EPTRTA) and its cached rights allow
 *          the access (a write also needs D = 1)? -> use it (stale or not, as hardware does)
 *          else walk (+ EPT for every guest-physical access), #PF / EPT exit, A/D flags, refill
 * </pre>
 * Fast tags are derived: read/write/exec tags exist only for RAM pages of the current context
 * whose cached rights allow the access under the current CR0.WP, CR4.SMEP/SMAP/PKE, EFER.NXE and
 * PKRU; never for SMAP-protected supervisor accesses (RFLAGS.AC is checked per access); never a
 * write tag while D = 0 or while the page holds translated code ({@link
 * dev.jvmx.runtime.mmu.CodePages}); with code tracking on, an exec tag only once the page is
 * marked as code.
 *
 * <h2>Modelling choices</h2>
 * <ul>
 * <li>A/D flags are set only by a walk that succeeds (all entries, then D in the leaf for a
 *     write), each with a compare-and-set; if an entry changed meanwhile the walk restarts. A
 *     faulting walk sets nothing (as Bochs does; §4.8 only requires flags for translations used).
 *     With EPT, an EPT violation on the final access comes after the guest flags are set.</li>
 * <li>No paging-structure caches (§4.10.3): every walk reads memory. Only the TLB is stale.</li>
 * <li>An access the cached rights forbid re-walks before faulting (a #PF invalidates the
 *     entry anyway, §4.10.4.1), so permission upgrades are seen without INVLPG.</li>
 * <li>A page-crossing access translates both pages, the lower first, before moving a byte:
 *     CR2 is the access's address if the lower page faults, else the upper page's first byte.</li>
 * <li>Large pages are cached per 4-KByte granule; INVLPG drops every granule of the page.</li>
 * </ul>
 *
 * <h2>Wiring (for the vCPU)</h2>
 * <pre>
 *  create   new Mmu(cpuAsPagingContext, new BusPhysicalAccess(physMem, localApic), MAXPHYADDR)
 *           (MAXPHYADDR = CPUID 80000008H:EAX[7:0]); optionally mmu.setCodePages(shared)
 *  memory   explicit accesses: the Mmu itself; GDT/LDT/IDT/TSS (implicit supervisor): mmu.system()
 *  MOV CR0  do the #GP checks (PG without PE, NW without CD, PCIDE...), then
 *           mmu.onCr0Write(newCr0) — may throw #GP(0) for PAE PDPTEs — then commit CR0
 *           (and EFER.LMA, which needs no call)
 *  MOV CR3  #GP checks (reserved bits), then mmu.onCr3Write(operand) with bit 63 as written,
 *           then commit CR3 = operand with bit 63 cleared
 *  MOV CR4  #GP checks (PCIDE 0->1 needs CR3[11:0] = 0 and long mode...), mmu.onCr4Write(v), commit
 *  WRMSR IA32_EFER   checks, mmu.onEferWrite(v), commit
 *  WRPKRU, XRSTOR of PKRU    commit, then mmu.onPkruWrite()
 *  CPL, RFLAGS.AC    nothing: read through PagingContext on each access
 *  INVLPG m          mmu.invlpg(linear)  (non-canonical: no-op, the CPU decides)
 *  INVPCID           #GP checks (type > 3, PCID > 0xFFF, PCIDE = 0 with PCID != 0...), then
 *                    mmu.invpcid(InvpcidType.of(type), pcid, linear)
 *  task switch       the new CR3 goes through mmu.onCr3Write(cr3) like MOV CR3 (Vol. 3A "Task Switching")
 *  reset/INIT, RSM, state load   commit all registers, then mmu.flushAll() and mmu.sync()
 *                    (sync() alone re-reads CR0/CR3/CR4/EFER without invalidating anything)
 *  A20 change, RAM remap         mmu.flushAll()
 *  VM entry          commit guest state, mmu.setVmxContext(vpidEnabled ? vpid : 0,
 *                    eptEnabled ? new EptTranslator(walker, eptp) : null), then mmu.sync(), or
 *                    with EPT and PAE paging mmu.sync(GUEST_PDPTE0..3) (§27.3.2.4)
 *  VM exit           commit host state, mmu.setVmxContext(0, null), mmu.sync()
 *                    (without VPID, entry and exit also do mmu.invvpid(SINGLE_CONTEXT, 0, 0))
 *  INVVPID, INVEPT   mmu.invvpid(type, vpid, linear), mmu.invept(type, eptp) on every vCPU
 *  exceptions        GuestFault #PF (CR2 = address(), error code = errorCode()),
 *                    EptViolationException / EptMisconfigurationException -> VM exit 48 / 49
 * </pre>
 * One Mmu per vCPU, used from its thread. {@link dev.jvmx.runtime.mmu.CodePages} is shared and
 * drops other vCPUs' fast tags from the marking thread: a write by another vCPU racing with the
 * first fetch from a page may go unreported, which is the cross-modifying-code case the SDM asks
 * software to serialise (Vol. 3A §9.1.3).
 */
package dev.jvmx.runtime.mmu;
