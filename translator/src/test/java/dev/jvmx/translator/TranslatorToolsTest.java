package dev.jvmx.translator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jvmx.runtime.exec.Interpreter;
import dev.jvmx.x86.Instruction;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** --dump-jit output and the bytecode-size cap. */
class TranslatorToolsTest {
    @TempDir
    Path tmp;

    @BeforeAll
    static void nasm() {
        Nasm.require();
    }

    @Test
    void dumpWritesGuestDisassemblyBesideTheBytecode() throws Exception {
        byte[] code = Nasm.assemble(Guest.CODE, Snippets.all().get("loop-sum"));
        JitOptions o = JitOptions.defaults().withThreshold(0).withBackground(false).withDumpDir(tmp);
        new Guest(code, 1).run(new TieredExecutor(o), 10_000);
        List<Path> files;
        try (Stream<Path> s = Files.list(tmp)) {
            files = s.sorted().toList();
        }
        assertEquals(3, files.size(), files.toString());
        String loop = Files.readString(files.stream().filter(p -> p.getFileName().toString().startsWith("400007-")).findFirst().orElseThrow());
        assertTrue(loop.contains("400007: add    rax,rcx"), loop);
        assertTrue(loop.contains("LADD"), "ADD is inline:\n" + loop);
        assertTrue(loop.contains("INVOKESTATIC dev/jvmx/translator/FusedConditions.commit"), "the flag record is committed at exits:\n" + loop);
        assertTrue(loop.contains("public static block(Ldev/jvmx/runtime/exec/ExecContext;Ldev/jvmx/translator/RunBudget;)"), loop);
        assertTrue(loop.contains("GOTO L"), "the loop block loops inside its method:\n" + loop);
    }

    @Test
    void aBlockOverTheBytecodeCapIsCutUntilItFits() {
        StringBuilder src = new StringBuilder();
        for (int k = 0; k < 40; k++) src.append("imul rax, rbx\nrcl qword [rsi+").append(8 * k).append("], 1\n"); // RCL of memory stays a handler call
        src.append("hlt");
        byte[] code = Nasm.assemble(Guest.CODE, src.toString());
        Guest g = new Guest(code, 1);
        Instruction[] ins = new BlockDecoder(64).decode(g.mem, g.cpu.mode, Guest.CODE);
        assertEquals(64, ins.length);
        BlockTranslator small = new BlockTranslator(JitOptions.defaults(), dev.jvmx.runtime.cpu.CpuModel.defaultModel(), 600);
        BlockTranslator.Generated gen = small.generate(new CodeKey(Guest.CODE, g.cpu.mode, 0), ins);
        assertTrue(gen.count() < ins.length && gen.bytecodeSize() <= 600, gen.count() + " instructions, " + gen.bytecodeSize() + " bytes");
        BlockTranslator.verify(gen.bytes());
        BlockTranslator.Generated full = new BlockTranslator(JitOptions.defaults(), dev.jvmx.runtime.cpu.CpuModel.defaultModel(),
                BlockTranslator.HUGE_METHOD_LIMIT).generate(new CodeKey(Guest.CODE, g.cpu.mode, 0), ins);
        assertEquals(64, full.count());
        assertTrue(full.bytecodeSize() <= BlockTranslator.HUGE_METHOD_LIMIT, full.bytecodeSize() + " bytes");
        BlockTranslator.Generated capped = new BlockTranslator(JitOptions.defaults()).generate(new CodeKey(Guest.CODE, g.cpu.mode, 0), ins);
        assertTrue(capped.count() > 0 && capped.bytecodeSize() <= BlockTranslator.MAX_BYTECODE, capped.count() + " instructions, " + capped.bytecodeSize() + " bytes");
        // and the whole program, in capped blocks, still matches the interpreter
        Guest ref = new Guest(code, 1).run(new Interpreter(), 10_000);
        Guest got = new Guest(code, 1).run(TierDifferentialTest.jit(0), 10_000);
        assertEquals(ref.state(), got.state());
        assertTrue(ref.sameMemory(got));
    }
}
