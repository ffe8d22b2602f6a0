package dev.jvmx.runtime.cpu;

import java.math.BigInteger;

/**
 * A binary floating-point number of {@link #W} significant bits with an unbounded exponent,
 * {@code m * 2^e}: the working format of {@link F80Transcendental}. Every operation truncates its
 * exact result to {@link #W} bits (relative error below 2^-W); the series below stop once a term
 * falls under 2^-W of the sum, so a function value is within a few hundred units of 2^-W of the
 * exact one: 2^-180, far below the 2^-64 rounding step of the x87 result. Values are immutable;
 * zero is {@code m = 0}.
 */
record F80Real(BigInteger m, int e) {
    /** Working precision in bits. */
    static final int W = 192;

    static final F80Real ZERO = new F80Real(BigInteger.ZERO, 0), ONE = of(1);
    /** Constants to W bits: ln 2 = 2 atanh(1/3); pi = 16 atan(1/5) - 4 atan(1/239) (Machin). */
    static final F80Real LN2 = of(1).div(of(3)).atanhSeries().shift(1);
    static final F80Real PI = of(1).div(of(5)).atanSeries().shift(4).sub(of(1).div(of(239)).atanSeries().shift(2));

    static F80Real of(long v) {
        return new F80Real(BigInteger.valueOf(v), 0);
    }

    /** The exact value of a finite {@link F80}. */
    static F80Real of(F80 v) {
        if (v.isZero()) return ZERO;
        BigInteger m = v.mant();
        return new F80Real(v.sign() ? m.negate() : m, v.scale());
    }

    static F80Real trim(BigInteger m, int e) {
        int excess = m.bitLength() - W;
        if (excess <= 0) return new F80Real(m, e);
        BigInteger a = m.abs().shiftRight(excess);
        return new F80Real(m.signum() < 0 ? a.negate() : a, e + excess);
    }

    int signum() { return m.signum(); }

    /** Exponent of the leading bit: 2^top <= |this| < 2^(top+1). Not for zero. */
    int top() { return m.bitLength() - 1 + e; }

    F80Real negate() { return new F80Real(m.negate(), e); }

    F80Real abs() { return m.signum() < 0 ? negate() : this; }

    /** this * 2^n, exact. */
    F80Real shift(int n) { return new F80Real(m, e + n); }

    F80Real add(F80Real b) {
        if (b.signum() == 0) return this;
        if (signum() == 0) return b;
        // a term more than W + 2 bits below the other's leading bit does not change W bits of the sum
        if (top() - b.top() > W + 2) return this;
        if (b.top() - top() > W + 2) return b;
        int k = Math.min(e, b.e);
        return trim(m.shiftLeft(e - k).add(b.m.shiftLeft(b.e - k)), k);
    }

    F80Real sub(F80Real b) { return add(b.negate()); }

    F80Real mul(F80Real b) { return trim(m.multiply(b.m), e + b.e); }

    F80Real div(F80Real b) {
        if (signum() == 0) return ZERO;
        int s = W + 2 + b.m.bitLength() - m.bitLength();
        return trim(m.shiftLeft(s).divide(b.m), e - s - b.e);
    }

    F80Real div(long n) { return div(of(n)); }

    F80Real sqrt() {
        if (signum() == 0) return ZERO;
        int s = 2 * W + 4 - m.bitLength();
        if (((e - s) & 1) != 0) s++;
        return trim(m.shiftLeft(s).sqrt(), (e - s) / 2);
    }

    /** True if |this| is below 2^-W of |ref| (or zero): the term no longer matters. */
    private boolean negligible(F80Real ref) {
        return signum() == 0 || ref.signum() != 0 && top() < ref.top() - W - 2;
    }

    /** atanh(z) = z + z^3/3 + z^5/5 + ... for |z| <= 0.2 (ratio z^2 <= 0.04 a term). */
    F80Real atanhSeries() { return oddSeries(mul(this)); }

    /** atan(z) = z - z^3/3 + z^5/5 - ... for |z| <= 0.25. */
    F80Real atanSeries() { return oddSeries(mul(this).negate()); }

    /** z + z * r / 3 + z * r^2 / 5 + ... with r = z^2 (atanh) or -z^2 (atan). */
    private F80Real oddSeries(F80Real r) {
        F80Real p = this, sum = this;
        for (int k = 3; ; k += 2) {
            p = p.mul(r);
            F80Real t = p.div(k);
            if (t.negligible(sum)) return sum;
            sum = sum.add(t);
        }
    }

    /** sin(t) for |t| <= 1: t - t^3/3! + t^5/5! - ... */
    F80Real sin() {
        return signum() == 0 ? ZERO : trigSeries(this, 2);
    }

    /** cos(t) for |t| <= 1: 1 - t^2/2! + t^4/4! - ... */
    F80Real cos() {
        return trigSeries(ONE, 1);
    }

    /** first - first t^2 / (k (k+1)) + ...: each term the previous times -t^2 / (k (k+1)), k = k0, k0 + 2, ... */
    private F80Real trigSeries(F80Real first, int k0) {
        F80Real t2 = mul(this).negate(), term = first, sum = first;
        for (int k = k0; ; k += 2) {
            term = term.mul(t2).div((long) k * (k + 1));
            if (term.negligible(sum)) return sum;
            sum = sum.add(term);
        }
    }

    /** e^t - 1 for |t| <= 1: t + t^2/2! + ..., relative precision kept for tiny t. */
    F80Real expm1() {
        if (signum() == 0) return ZERO;
        F80Real term = this, sum = this;
        for (int k = 2; ; k++) {
            term = term.mul(this).div(k);
            if (term.negligible(sum)) return sum;
            sum = sum.add(term);
        }
    }

    /** ln(x) for x > 0: x = f * 2^k with f in [0.75, 1.5), ln x = k ln 2 + 2 atanh((f - 1) / (f + 1)). */
    F80Real ln() {
        int k = top();
        F80Real f = shift(-k); // [1, 2)
        if (f.m.shiftLeft(1).compareTo(BigInteger.valueOf(3).shiftLeft(-f.e)) >= 0) { // f >= 1.5
            k++;
            f = f.shift(-1);
        }
        int g = Math.min(f.e, 0);
        F80Real fm1 = new F80Real(f.m.shiftLeft(f.e - g).subtract(BigInteger.ONE.shiftLeft(-g)), g); // exact
        F80Real s = fm1.signum() == 0 ? ZERO : fm1.div(f.add(ONE)).atanhSeries().shift(1);
        return k == 0 ? s : LN2.mul(of(k)).add(s);
    }

    /** ln(1 + x) for x > -1, with relative precision for small x: 2 atanh(x / (2 + x)) when |x| < 1/4. */
    F80Real ln1p() {
        if (signum() == 0) return ZERO;
        if (top() < -2) return div(of(2).add(this)).atanhSeries().shift(1);
        int k = Math.min(e, 0);
        return new F80Real(m.shiftLeft(e - k).add(BigInteger.ONE.shiftLeft(-k)), k).ln(); // 1 + x exact
    }

    /** atan(z) for z >= 0: atan(z) = pi/2 - atan(1/z) above 1, then two halvings atan(z) = 2 atan(z / (1 + sqrt(1 + z^2))). */
    F80Real atan() {
        if (signum() == 0) return ZERO;
        if (top() >= 0 && compareTo(ONE) > 0) return PI.shift(-1).sub(ONE.div(this).atan());
        F80Real z = this;
        for (int i = 0; i < 2; i++) z = z.div(ONE.add(ONE.add(z.mul(z)).sqrt()));
        return z.atanSeries().shift(2);
    }

    int compareTo(F80Real b) {
        return sub(b).signum();
    }
}
