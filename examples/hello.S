/* hello: the smallest guest. write(1, msg, len); exit_group(0). GNU as, AT&T syntax. */
        .globl _start
        .text
_start:
        mov     $1, %eax                /* write */
        mov     $1, %edi                /* fd 1 */
        lea     msg(%rip), %rsi
        mov     $len, %edx
        syscall
        mov     $231, %eax              /* exit_group */
        xor     %edi, %edi
        syscall
        hlt

        .section .rodata
msg:    .ascii  "Hello from an x86-64 guest on the JVM!\n"
        .set    len, . - msg

        .section .note.GNU-stack, "", @progbits
