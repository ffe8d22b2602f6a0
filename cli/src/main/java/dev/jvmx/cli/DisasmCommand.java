package dev.jvmx.cli;

import dev.jvmx.x86.Disassembler;
import dev.jvmx.x86.Mode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code jvmx disasm}: Intel-syntax disassembly of a flat binary or of an ELF program's code,
 * straight from the decoder's definition table (frontend-x86 {@link Disassembler}).
 */
@Command(name = "disasm", mixinStandardHelpOptions = true,
        description = "Disassemble a flat binary (--mode, --org) or an ELF program (--elf [--symbol]).")
public final class DisasmCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "FILE", description = "Flat binary, or with --elf an ELF program.")
    Path file;

    @Option(names = "--mode", paramLabel = "16|32|64", defaultValue = "64",
            description = "Code size for a flat binary (default: ${DEFAULT-VALUE}).")
    int mode;

    @Option(names = "--org", paramLabel = "ADDR", defaultValue = "0",
            description = "Address of the first byte of a flat binary (decimal or 0x hex; default: 0).")
    String org;

    @Option(names = "--format", paramLabel = "text|tsv", defaultValue = "text",
            description = "text (objdump-like) or tsv: offset, length, hex bytes, Intel text (default: ${DEFAULT-VALUE}).")
    String format;

    @Option(names = "--elf", description = "FILE is an ELF program: disassemble its executable sections.")
    boolean elf;

    @Option(names = "--symbol", paramLabel = "NAME", description = "With --elf: only this symbol's code.")
    String symbol;

    @Override
    public Integer call() throws IOException {
        Disassembler.Format fmt = switch (format) {
            case "text" -> Disassembler.Format.TEXT;
            case "tsv" -> Disassembler.Format.TSV;
            default -> throw new UserError("--format must be text or tsv, not '" + format + "'");
        };
        if (symbol != null && !elf) throw new UserError("--symbol needs --elf");
        Inputs.requireReadableFile(file);
        PrintWriter out = new PrintWriter(System.out, false);
        try {
            if (elf) {
                Disassembler.writeElf(file, symbol, fmt, out);
            } else {
                Disassembler.write(codeMode(), Files.readAllBytes(file), Inputs.parseAddress("--org", org), fmt, out);
            }
        } catch (IllegalArgumentException e) {
            throw new UserError(file + ": " + e.getMessage());
        } finally {
            out.flush();
        }
        return 0;
    }

    private Mode codeMode() {
        try {
            return Mode.ofBits(mode);
        } catch (IllegalArgumentException e) {
            throw new UserError("--mode must be 16, 32 or 64, not " + mode);
        }
    }
}
