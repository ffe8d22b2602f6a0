package dev.jvmx.testsuites.diff;

import java.util.ArrayList;
import java.util.List;

/**
 * Something that executes an x86 snippet from a given state: the host CPU ({@link HostCpu})
 * or a jvmx execution tier. Both sides see the same {@link HostLayout}: the code at
 * {@link HostLayout#CODE_BASE}, the data page at {@link HostLayout#DATA_BASE}, nothing else
 * mapped. Running off the end of {@code code} completes the case.
 *
 * <p>For a jvmx implementation: load every field of {@code initial} (RFLAGS arrives with
 * IF and bit 1 set), run at CPL 3 in 64-bit mode (or 32-bit protected mode for
 * {@link HostArch#I386} cases) until RIP equals {@code CODE_BASE + code.length}, and return
 * {@link Outcome.Completed}; on an exception return {@link Outcome.Faulted} with the vector, the
 * RIP Linux would report (the faulting instruction; the next one for traps such as INT3), CR2 as
 * the address for #PF and the #PF error code, and the state at that point. {@link StateDiff}
 * compares the vector, RIP, #PF address and P/W/U bits and the state, not the signal fields,
 * so a tier may leave {@code signal} and {@code siCode} zero. Give up after a bounded number of
 * instructions with {@link Outcome.TimedOut}.
 */
public interface GuestCpu {

    Outcome run(byte[] code, MachineState initial);

    /** Runs many cases; implementations with a per-call cost (a pipe, a process) override this. */
    default List<Outcome> runAll(List<TestCase> cases) {
        List<Outcome> out = new ArrayList<>(cases.size());
        for (TestCase c : cases) out.add(run(c.code(), c.initial()));
        return out;
    }
}
