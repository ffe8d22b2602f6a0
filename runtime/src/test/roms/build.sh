#!/bin/sh
# Assembles every ROM test (*.asm here) into bin/NAME.bin with nasm. The images are committed:
# the tests run them (RomSuiteTest) and never need nasm; RomSuiteTest.imagesMatchTheirSources
# fails when an image is stale, so run this after editing a source and commit both. flat32.inc holds
# the real-to-protected-mode entry several sources share, pit_irq0.inc the 8259 + PIT IRQ0 set-up,
# fault_check.inc the checking fault handler of the segmentation ROMs (%include, found with -i this
# folder).
#
# Each source starts with its comment, then its expectations, read by RomSuiteTest:
#   ;@ boot: flat-real ADDR | flat-protected ADDR | flat-long ADDR | rom | kernel   (how it is loaded)
#   ;@ cpus: N                     (default 1)
#   ;@ cmdline: TEXT               (kernel only)
#   ;@ nested-vmx: on              boot with nested VMX (jvmx boot --nested-vmx; default off)
#   ;@ exit: CODE                  the exit-device code (port 0xF4); jvmx boot's status is CODE << 1 | 1
#   ;@ stop: REASON                instead of exit: how the machine stops (triple-fault, halted; MachineStop.Reason)
#   ;@ debugcon: TEXT              what the guest writes to port 0xE9 (\n for a newline)
#   ;@ serial: TEXT                what the guest writes to COM1
set -eu
cd "$(dirname "$0")"
mkdir -p bin
for src in *.asm; do
    nasm -f bin -i ./ -o "bin/${src%.asm}.bin" "$src"
done
