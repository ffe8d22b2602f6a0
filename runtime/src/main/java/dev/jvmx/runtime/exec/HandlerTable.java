package dev.jvmx.runtime.exec;

import dev.jvmx.runtime.mem.GuestFault;
import dev.jvmx.x86.Mnemonic;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Mnemonic -> handler, filled by each instruction group's {@code register} method. Dispatch is
 * one array load; a mnemonic without a handler raises #UD (and is logged once), so a missing
 * instruction shows up as a clean guest fault, never as a host exception.
 */
public final class HandlerTable {
    private static final Logger LOG = LoggerFactory.getLogger(HandlerTable.class);
    private static final Handler[] TABLE = build();
    private static final java.util.Set<Mnemonic> REPORTED = ConcurrentHashMap.newKeySet();

    private HandlerTable() {}

    public static Handler handler(Mnemonic m) {
        return TABLE[m.ordinal()];
    }

    /** Logs (once per mnemonic) an internal error of a handler; see {@link Interpreter}. */
    static void reportBug(dev.jvmx.x86.Instruction ins, RuntimeException e) {
        if (REPORTED.add(ins.mnemonic())) LOG.error("interpreter bug executing {} at {}", ins, Long.toHexString(ins.address()), e);
    }

    /** True if the interpreter has semantics for {@code m}. */
    static boolean implemented(Mnemonic m) {
        return !(TABLE[m.ordinal()] instanceof Missing);
    }

    private static Handler[] build() {
        Handler[] t = new Handler[Mnemonic.values().length];
        for (Mnemonic m : Mnemonic.values()) t[m.ordinal()] = new Missing(m);
        IntegerHandlers.register(t);
        MoveHandlers.register(t);
        BranchHandlers.register(t);
        StringHandlers.register(t);
        ShiftBitHandlers.register(t);
        SystemHandlers.register(t);
        SseMoveHandlers.register(t);
        SseIntHandlers.register(t);
        SseFloatHandlers.register(t);
        X87Handlers.register(t);
        MmxHandlers.register(t); // MMn forms over the SSE handlers of the same mnemonics
        adaptVexForms(t); // VEX forms of SSE mnemonics run their SSE handler per lane
        BcdHandlers.register(t);
        BmiHandlers.register(t);
        CryptoHandlers.register(t);
        AvxHandlers.register(t);
        FmaHandlers.register(t);
        FmaHandlers.registerF16c(t);
        XsaveHandlers.register(t);
        LegacyHandlers.register(t);
        RealModeHandlers.register(t); // system-mode variants over the process-mode handlers: keep last
        PortHandlers.register(t);
        return t;
    }

    /**
     * Wraps, with {@link VexLegacy#adapt}, the handler of every implemented mnemonic that has a
     * VEX form in the definition table (the floating-point ones are adapted inside their
     * exception check, {@link SseFloatHandlers.ExceptionChecked}); handlers registered later for VEX-only or
     * VEX-aware mnemonics replace these.
     */
    private static void adaptVexForms(Handler[] t) {
        for (dev.jvmx.x86.Form f : dev.jvmx.x86.DefinitionTable.forms()) {
            Handler h = t[f.mnemonic().ordinal()];
            if (f.isVex() && !(h instanceof Missing) && !(h instanceof SseFloatHandlers.ExceptionChecked)) {
                t[f.mnemonic().ordinal()] = VexLegacy.adapt(h);
            }
        }
    }

    private record Missing(Mnemonic m) implements Handler {
        @Override
        public void exec(ExecContext c, dev.jvmx.x86.Instruction i) {
            if (REPORTED.add(m) && m != Mnemonic.INVALID) LOG.warn("no semantics for {} (raising #UD) at {}", m, Long.toHexString(i.address()));
            throw GuestFault.of(GuestFault.UD);
        }
    }
}
