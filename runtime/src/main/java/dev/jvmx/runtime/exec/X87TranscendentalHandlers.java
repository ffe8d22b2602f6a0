package dev.jvmx.runtime.exec;

import dev.jvmx.runtime.cpu.CpuState;
import dev.jvmx.runtime.cpu.F80;
import dev.jvmx.runtime.cpu.F80Env;
import dev.jvmx.runtime.cpu.F80Transcendental;
import dev.jvmx.runtime.cpu.X87;
import dev.jvmx.x86.Mnemonic;

/**
 * FSIN, FCOS, FSINCOS, FPTAN, FPATAN, F2XM1, FYL2X, FYL2XP1 (SDM Vol. 2A) on
 * {@link F80Transcendental}: results within the bound documented there, not bit-exact.
 */
final class X87TranscendentalHandlers {
    private X87TranscendentalHandlers() {}

    static void register(Handler[] t) {
        t[Mnemonic.FSIN.ordinal()] = (c, i) -> trig(c.cpu, 0);
        t[Mnemonic.FCOS.ordinal()] = (c, i) -> trig(c.cpu, 1);
        t[Mnemonic.FPTAN.ordinal()] = (c, i) -> { if (trig(c.cpu, 2)) X87.push(c.cpu, F80.ONE); };
        t[Mnemonic.FSINCOS.ordinal()] = (c, i) -> {
            F80 x = X87.st(c.cpu, 0);
            if (trig(c.cpu, 0)) X87.push(c.cpu, F80Transcendental.apply(F80Transcendental.Fn.COS, x, null));
        };
        t[Mnemonic.F2XM1.ordinal()] = (c, i) -> X87.set(c.cpu, 0, F80Transcendental.apply(F80Transcendental.Fn.EXP2M1, X87.st(c.cpu, 0), null));
        t[Mnemonic.FPATAN.ordinal()] = (c, i) -> binary(c.cpu, F80Transcendental.Fn.ATAN2);
        t[Mnemonic.FYL2X.ordinal()] = (c, i) -> binary(c.cpu, F80Transcendental.Fn.YLOG2X);
        t[Mnemonic.FYL2XP1.ordinal()] = (c, i) -> binary(c.cpu, F80Transcendental.Fn.YLOG2XP1);
    }

    /** ST0 = f(ST0) for sin/cos/tan; |ST0| >= 2^63 sets C2 and leaves ST0 (SDM). Returns false then. */
    private static boolean trig(CpuState s, int which) {
        F80Env env = F80Env.of(s.fpuControl, false);
        F80 x = X87.st(s, 0, env);
        X87.commit(s, env);
        if (env.faulted()) return false;
        s.fpuStatus &= ~(X87.C1 | X87.C2);
        if (!x.isNaN() && !x.isInf() && x.exp() >= F80.BIAS + 63) {
            s.fpuStatus |= X87.C2;
            return false;
        }
        F80Transcendental.Fn fn = which == 0 ? F80Transcendental.Fn.SIN : which == 1 ? F80Transcendental.Fn.COS : F80Transcendental.Fn.TAN;
        X87.set(s, 0, F80Transcendental.apply(fn, x, null));
        return true;
    }

    /** ST1 = f(ST1, ST0), then pop. */
    private static void binary(CpuState s, F80Transcendental.Fn fn) {
        F80Env env = F80Env.of(s.fpuControl, false);
        F80 x = X87.st(s, 0, env), y = X87.st(s, 1, env);
        X87ArithHandlers.deliver(s, 1, env.faulted() ? y : F80Transcendental.apply(fn, x, y), env, true);
    }
}
