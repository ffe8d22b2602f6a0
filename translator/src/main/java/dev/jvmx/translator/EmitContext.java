package dev.jvmx.translator;

import dev.jvmx.runtime.cpu.CpuModel;
import org.objectweb.asm.MethodVisitor;

/**
 * What an inline-form emitter works with, for one translated method: the method being written,
 * operand access, the block emitter (faults, stores, handler calls), the CPU model (the #UD
 * gate), the register cache and the flag record. {@link InlineForms} makes one; the emitters that
 * work in it take its parts as fields through {@link ContextEmitter}.
 */
record EmitContext(MethodVisitor mv, OperandCode op, BlockEmitter block, CpuModel model, RegisterCache regs, FlagCode flags) {}
