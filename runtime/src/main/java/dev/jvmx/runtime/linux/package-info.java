/**
 * The Linux process ABI (x86-64): {@link dev.jvmx.runtime.linux.GuestProcess} loads a static
 * program and runs it under {@link dev.jvmx.runtime.linux.ProcessMonitor}, the root-mode monitor
 * that plays the kernel; {@link dev.jvmx.runtime.linux.Syscalls} implements the system calls
 * (arch/x86/entry/syscalls/syscall_64.tbl numbering, results as {@code -errno}).
 *
 * <p>How a system call reaches us: the executor ends a run with {@code Exit.SYSCALL} when the guest
 * executes SYSCALL at CPL 3 (an engine-defined exit reason, kept apart from the architectural VM-exit
 * reasons), RIP already past the instruction. The monitor dispatches it and runs the guest again.
 *
 * <p>Conventions: exit status {@code exit(n) & 0xFF}; killed by signal {@code s} is {@code 128 + s}
 * (SIGSEGV 139, SIGILL 132, SIGTRAP 133, SIGABRT 134, SIGBUS 135, SIGFPE 136, SIGKILL 137) with one
 * line on the guest's stderr. Host files are read-only to the guest (-EROFS on writes); fds 0-2
 * are the JVM's standard streams, terminals when the host fds are ({@link dev.jvmx.runtime.linux.ProcessIo}).
 * Single-threaded: no clone, futex waits time out, signals are recorded but never delivered.
 */
package dev.jvmx.runtime.linux;
