package dev.jvmx.testsuites.singlestep;

/** A growable int array (test RAM lists are parsed by the hundred thousand). */
final class IntList {
    private int[] a = new int[16];
    private int n;

    void add(int v) {
        if (n == a.length) a = java.util.Arrays.copyOf(a, n * 2);
        a[n++] = v;
    }

    int size() {
        return n;
    }

    int[] toArray() {
        return java.util.Arrays.copyOf(a, n);
    }
}
