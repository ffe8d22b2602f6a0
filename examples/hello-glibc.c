/* hello-glibc: "hello, world" through glibc's stdio. Build: gcc -static -O2 (see build.sh). */
#include <stdio.h>

int main(int argc, char **argv) {
    printf("hello, world (glibc, %d argument%s)\n", argc - 1, argc == 2 ? "" : "s");
    return 0;
}
