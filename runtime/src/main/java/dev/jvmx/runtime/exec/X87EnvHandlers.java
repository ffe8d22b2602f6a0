package dev.jvmx.runtime.exec;

import dev.jvmx.runtime.cpu.CpuState;
import dev.jvmx.runtime.cpu.F80;
import dev.jvmx.runtime.cpu.F80Convert;
import dev.jvmx.runtime.cpu.F80Env;
import dev.jvmx.runtime.cpu.F80Math;
import dev.jvmx.runtime.cpu.X87;
import dev.jvmx.x86.Instruction;
import dev.jvmx.x86.Mnemonic;
import dev.jvmx.x86.Operand;
import java.math.BigInteger;

/**
 * x87 environment and state images, FNSTENV/FLDENV (28 bytes) and FNSAVE/FRSTOR (108 bytes), in
 * the 32-bit protected-mode layout used with 32- and 64-bit operand sizes (SDM Vol. 1 §8.1.10,
 * Figure 8-9): FCW at 0, FSW at 4, FTW at 8, FIP/FCS/FDP/FDS (saved as 0) at 12..24, then ST0..ST7
 * as 10-byte values. Also FSCALE and FXTRACT, which are exact.
 */
final class X87EnvHandlers {
    private X87EnvHandlers() {}

    static void register(Handler[] t) {
        t[Mnemonic.FNSTENV.ordinal()] = (c, i) -> {
            storeEnv(c, address(c, i));
            c.cpu.fpuControl |= 0x3F; // FNSTENV masks all exceptions after saving
        };
        t[Mnemonic.FLDENV.ordinal()] = (c, i) -> loadEnv(c, address(c, i));
        t[Mnemonic.FNSAVE.ordinal()] = X87EnvHandlers::fnsave;
        t[Mnemonic.FRSTOR.ordinal()] = X87EnvHandlers::frstor;
        t[Mnemonic.FSCALE.ordinal()] = X87EnvHandlers::fscale;
        t[Mnemonic.FXTRACT.ordinal()] = X87EnvHandlers::fxtract;
    }

    private static long address(ExecContext c, Instruction i) {
        return Operands.linear(c.cpu, (Operand.Mem) i.op(0));
    }

    static void storeEnv(ExecContext c, long a) {
        CpuState s = c.cpu;
        byte[] env = new byte[28];
        put16(env, 0, s.fpuControl);
        put16(env, 4, s.fpuStatus);
        put16(env, 8, s.fpuTag);
        for (int k = 0; k < 12; k += 4) put16(env, k + 2, 0xFFFF); // reserved high halves read as ones
        c.mem.write(a, env, 0, 28);
    }

    private static void put16(byte[] b, int off, int v) {
        b[off] = (byte) v;
        b[off + 1] = (byte) (v >> 8);
    }

    static void loadEnv(ExecContext c, long a) {
        byte[] env = new byte[28];
        c.mem.read(a, env, 0, 28);
        CpuState s = c.cpu;
        s.fpuControl = dev.jvmx.runtime.cpu.X87.loadedControl((env[0] & 0xFF) | (env[1] & 0xFF) << 8);
        s.fpuStatus = (env[4] & 0xFF) | (env[5] & 0xFF) << 8;
        s.fpuTag = (env[8] & 0xFF) | (env[9] & 0xFF) << 8;
        X87.recomputeSummary(s);
    }

    static void fnsave(ExecContext c, Instruction i) {
        long a = address(c, i);
        CpuState s = c.cpu;
        byte[] regs = new byte[80];
        for (int k = 0; k < 8; k++) {
            int p = X87.physical(s, k);
            for (int b = 0; b < 8; b++) regs[10 * k + b] = (byte) (s.fprSig[p] >>> (8 * b));
            put16(regs, 10 * k + 8, s.fprSe[p]);
        }
        c.mem.write(a + 28, regs, 0, 80); // the larger write first: a fault leaves the state untouched
        storeEnv(c, a);
        X87.init(s);
    }

    static void frstor(ExecContext c, Instruction i) {
        long a = address(c, i);
        byte[] regs = new byte[80];
        c.mem.read(a + 28, regs, 0, 80);
        loadEnv(c, a);
        CpuState s = c.cpu;
        for (int k = 0; k < 8; k++) {
            int p = X87.physical(s, k);
            long sig = 0;
            for (int b = 7; b >= 0; b--) sig = sig << 8 | (regs[10 * k + b] & 0xFF);
            s.fprSig[p] = sig;
            s.fprSe[p] = (regs[10 * k + 8] & 0xFF) | (regs[10 * k + 9] & 0xFF) << 8;
        }
    }

    /** FSCALE: ST0 * 2^trunc(ST1), exactly rounded (SDM "FSCALE"). Huge scales saturate to the exponent range. */
    static void fscale(ExecContext c, Instruction i) {
        CpuState s = c.cpu;
        F80Env env = F80Env.of(s.fpuControl, false);
        F80 a = X87.st(s, 0, env), b = X87.st(s, 1, env);
        F80 r = env.faulted() ? a : F80Math.fscale(a, b, env);
        X87ArithHandlers.deliver(s, 0, r, env, false);
    }

    private static boolean isSnan(F80 v) {
        return v.isNaN() && (v.sig() & 1L << 62) == 0;
    }

    /** FXTRACT: ST0 = exponent (as a value), then push the significand with exponent 0 (bias); ZE for a zero. */
    static void fxtract(ExecContext c, Instruction i) {
        CpuState s = c.cpu;
        F80Env env = F80Env.of(s.fpuControl, false);
        if (!X87.isEmpty(s, 7)) { // stack overflow is checked first: no operand exceptions (host-checked)
            X87.push(s, F80.INDEFINITE, env);
            if (!env.faulted()) X87.set(s, 1, F80.INDEFINITE);
            X87.commit(s, env);
            return;
        }
        F80 a = X87.st(s, 0, env);
        F80 exp, sig;
        if (a.isNaN() || a.isInf() || a.isUnsupported()) {
            if (a.isUnsupported() || isSnan(a)) env.flags |= F80Env.IE;
            F80 v = a.isUnsupported() ? F80.INDEFINITE : a.isNaN() ? new F80(a.se(), a.sig() | 1L << 62) : new F80(0x7FFF, 1L << 63);
            exp = v;
            sig = a.isInf() ? a : v;
        } else if (a.isZero()) {
            env.flags |= F80Env.ZE;
            exp = new F80(0xFFFF, 1L << 63); // -inf (zero-divide, masked)
            sig = a;
        } else {
            if (a.exp() == 0) env.flags |= F80Env.DE;
            BigInteger m = new BigInteger(Long.toUnsignedString(a.sig()));
            int lead = m.bitLength() - 1 + ((a.exp() == 0 ? 1 : a.exp()) - F80.BIAS - 63);
            exp = F80Convert.fromLong(lead);
            sig = F80Math.scaled(a, -lead, 0);
        }
        if (!env.faulted()) {
            X87.set(s, 0, exp);
            X87.push(s, sig, env);
        }
        X87.commit(s, env);
    }
}
