package dev.jvmx.x86;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The decoder's lookup structure, built once from {@link DefinitionTable}: for each
 * (map, opcode) slot, whether a ModRM byte follows and, per ModRM.reg, the candidate forms in
 * the order the decoder tries them (most specific first). Slots 0..1023 are the legacy maps,
 * 1024..2047 the VEX maps.
 */
final class DecodeTables {
    private DecodeTables() {}

    static final int VEX_BASE = 4 * 256;
    private static final Form[][][] SLOTS = new Form[8 * 256][][];
    private static final boolean[] MODRM = new boolean[8 * 256];
    /** Slots whose ModRM.mod is ignored and read as 11 (MOV CR/DR, SDM Vol. 2B MOV—Move to/from Control Registers). */
    private static final boolean[] MOD_AS_REG = new boolean[8 * 256];
    private static final Form[] NONE = new Form[0];

    static {
        List<List<List<Form>>> build = new ArrayList<>(8 * 256);
        for (int i = 0; i < 8 * 256; i++) build.add(null);
        for (Form f : DefinitionTable.forms()) {
            int base = (f.vex ? VEX_BASE : 0) + f.map * 256;
            int n = f.opcodeReg ? 8 : 1;
            for (int k = 0; k < n; k++) {
                int slot = base + f.opcode + k;
                if (build.get(slot) == null) {
                    List<List<Form>> regs = new ArrayList<>(8);
                    for (int r = 0; r < 8; r++) regs.add(new ArrayList<>());
                    build.set(slot, regs);
                    MODRM[slot] = f.modrm;
                } else if (MODRM[slot] != f.modrm) {
                    throw new IllegalStateException("slot mixes ModRM and non-ModRM forms: " + f);
                }
                if ((f.attrs & Form.MOD_AS_REG) != 0) MOD_AS_REG[slot] = true;
                for (int r = 0; r < 8; r++) {
                    if (f.reg < 0 || f.reg == r) build.get(slot).get(r).add(f);
                }
            }
        }
        Comparator<Form> specificFirst = Comparator.comparingInt(DecodeTables::specificity).reversed();
        for (int s = 0; s < build.size(); s++) {
            if (build.get(s) == null) continue;
            SLOTS[s] = new Form[8][];
            for (int r = 0; r < 8; r++) {
                List<Form> list = build.get(s).get(r);
                list.sort(specificFirst);
                SLOTS[s][r] = list.isEmpty() ? NONE : list.toArray(Form[]::new);
            }
        }
    }

    private static int specificity(Form f) {
        return ((f.attrs & Form.NOREXB) != 0 ? 64 : 0) + (f.rm >= 0 ? 32 : 0) + (f.pfx >= 0 ? 16 : 0)
                + (f.mod != Form.MOD_ANY ? 8 : 0) + (f.reg >= 0 ? 4 : 0) + (f.w >= 0 ? 2 : 0) + (f.l >= 0 ? 1 : 0);
    }

    /** Candidates for a slot and ModRM.reg (reg 0 for slots without ModRM), or null if the slot is empty. */
    static Form[] candidates(int slot, int reg) {
        Form[][] s = SLOTS[slot];
        return s == null ? null : s[reg];
    }

    static boolean hasModrm(int slot) { return MODRM[slot]; }

    static boolean modAsReg(int slot) { return MOD_AS_REG[slot]; }

    static boolean defined(int slot) { return SLOTS[slot] != null; }
}
