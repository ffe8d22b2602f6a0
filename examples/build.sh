#!/usr/bin/env bash
# Builds the example guests into static x86-64 Linux executables next to their sources.
# Needs gcc (binutils) and, for hello-musl, musl-gcc. The built binaries are committed, so
# running the examples needs none of this. Usage: examples/build.sh
set -euo pipefail
cd "$(dirname "$0")"

# Freestanding: no C library, our own _start and system calls (sys.h). General-purpose registers
# only and no stack protector (which would need TLS), so the guests lean on little of the ISA.
FREESTANDING=(-O2 -static -nostdlib -ffreestanding -fno-builtin -fno-stack-protector
              -fno-asynchronous-unwind-tables -mgeneral-regs-only -Wl,--build-id=none -s)

gcc "${FREESTANDING[@]}" -no-pie -o primes primes.c
gcc "${FREESTANDING[@]}" -static-pie -fPIE -o primes-pie primes.c
gcc "${FREESTANDING[@]}" -no-pie -o cat cat.c
gcc -nostdlib -static -no-pie -Wl,--build-id=none -s -o hello hello.S
gcc -static -O2 -s -o hello-glibc hello-glibc.c
if command -v musl-gcc >/dev/null; then
    musl-gcc -static -O2 -s -o hello-musl hello-musl.c
else
    echo "build.sh: musl-gcc not found; hello-musl not rebuilt" >&2
fi
ls -l primes primes-pie cat hello hello-glibc hello-musl
