/* "hello, world" for the static-binary tests (glibc and musl, gcc -static -O2). */
#include <stdio.h>

int main(void) {
    puts("hello, world");
    return 0;
}
