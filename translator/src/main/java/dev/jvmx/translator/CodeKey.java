package dev.jvmx.translator;

import dev.jvmx.x86.Mode;

/**
 * What a translation is valid for: where its guest code starts, the CPU mode it was decoded in,
 * and a fingerprint of the controls translated code treats as constants (the VMCS execution
 * controls, EPTP/VPID when TLB tagging needs them; 0 in process mode).
 *
 * <p>{@code address} is the guest-physical address of the block's first byte; in process mode
 * there is no paging below the Linux address space, so it is the linear address. {@link #page()}
 * is what self-modifying-code invalidation matches.
 */
public record CodeKey(long address, Mode mode, long fingerprint) {
    public static final int PAGE_SHIFT = 12;

    public long page() { return address >>> PAGE_SHIFT; }
}
