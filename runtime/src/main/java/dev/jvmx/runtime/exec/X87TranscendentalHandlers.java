package dev.jvmx.runtime.exec;

import dev.jvmx.runtime.cpu.CpuState;
import dev.jvmx.runtime.cpu.F80;
import dev.jvmx.runtime.cpu.F80Env;
import dev.jvmx.runtime.cpu.F80Transcendental;
import dev.jvmx.runtime.cpu.F80Transcendental.Fn;
import dev.jvmx.runtime.cpu.X87;
import dev.jvmx.x86.Mnemonic;

/**
 * FSIN, FCOS, FSINCOS, FPTAN, FPATAN, F2XM1, FYL2X, FYL2XP1 (SDM Vol. 2A) on
 * {@link F80Transcendental}: correctly rounded, within the 1-ulp bound of the host documented there.
 */
final class X87TranscendentalHandlers {
    private X87TranscendentalHandlers() {}

    static void register(Handler[] t) {
        t[Mnemonic.FSIN.ordinal()] = (c, i) -> trig(c.cpu, Fn.SIN, null);
        t[Mnemonic.FCOS.ordinal()] = (c, i) -> trig(c.cpu, Fn.COS, null);
        t[Mnemonic.FPTAN.ordinal()] = (c, i) -> trig(c.cpu, Fn.TAN, Fn.TAN);
        t[Mnemonic.FSINCOS.ordinal()] = (c, i) -> trig(c.cpu, Fn.SIN, Fn.COS);
        t[Mnemonic.F2XM1.ordinal()] = (c, i) -> {
            F80Env env = F80Env.of(c.cpu.fpuControl, false);
            F80 x = X87.st(c.cpu, 0, env);
            X87ArithHandlers.deliver(c.cpu, 0, env.faulted() ? x : F80Transcendental.apply(Fn.EXP2M1, x, null, env), env, false);
        };
        t[Mnemonic.FPATAN.ordinal()] = (c, i) -> binary(c.cpu, Fn.ATAN2);
        t[Mnemonic.FYL2X.ordinal()] = (c, i) -> binary(c.cpu, Fn.YLOG2X);
        t[Mnemonic.FYL2XP1.ordinal()] = (c, i) -> binary(c.cpu, Fn.YLOG2XP1);
    }

    /**
     * ST0 = fn(ST0); with {@code pushed} (FPTAN: TAN, FSINCOS: COS) then push 1.0 (FPTAN) or
     * cos(ST0) (FSINCOS), or the NaN / indefinite result again for a NaN or invalid operand (host-checked).
     * |ST0| >= 2^63 sets C2 and leaves the stack alone (SDM "FSIN"); otherwise C2 is cleared.
     * FSINCOS reports the cosine's C1 (host-checked). FPTAN and FSINCOS check for stack overflow
     * first (ST7 not empty): IE+SF+C1 and nothing else, even for an out-of-range operand; masked, ST0
     * becomes the indefinite and the indefinite is pushed (host-checked).
     */
    private static void trig(CpuState s, Fn fn, Fn pushed) {
        F80Env env = F80Env.of(s.fpuControl, false);
        if (pushed != null && !X87.isEmpty(s, 7)) {
            s.fpuStatus &= ~X87.C2;
            if (!env.unmasked(F80Env.IE)) X87.set(s, 0, F80.INDEFINITE);
            X87.push(s, F80.INDEFINITE, env);
            X87.commit(s, env);
            return;
        }
        F80 x = X87.st(s, 0, env);
        s.fpuStatus &= ~X87.C2;
        if ((env.flags & F80Env.SF) == 0 && !F80Transcendental.trigInRange(x)) {
            s.fpuStatus |= X87.C2;
            X87.commit(s, env);
            return;
        }
        boolean underflow = (env.flags & F80Env.SF) != 0;
        F80 r = env.faulted() || underflow ? x : F80Transcendental.apply(fn, x, null, env);
        F80 second = r;
        if (pushed == Fn.COS && !underflow && !env.faulted() && !r.isNaN()) {
            env.flags &= ~X87.C1;
            second = F80Transcendental.apply(Fn.COS, x, null, env);
        } else if (pushed == Fn.TAN && !r.isNaN()) {
            second = F80.ONE;
        }
        if (!env.faulted()) {
            X87.set(s, 0, r);
            if (pushed != null) X87.push(s, second, env);
        }
        X87.commit(s, env);
    }

    /** ST1 = f(ST1, ST0), then pop. */
    private static void binary(CpuState s, Fn fn) {
        F80Env env = F80Env.of(s.fpuControl, false);
        F80 x = X87.st(s, 0, env), y = X87.st(s, 1, env);
        X87ArithHandlers.deliver(s, 1, env.faulted() ? y : F80Transcendental.apply(fn, x, y, env), env, true);
    }
}
