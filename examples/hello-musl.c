/* hello-musl: "hello, world" through musl's stdio. Build: musl-gcc -static -O2 (see build.sh). */
#include <stdio.h>

int main(int argc, char **argv) {
    printf("hello, world (musl, %d argument%s)\n", argc - 1, argc == 2 ? "" : "s");
    return 0;
}
