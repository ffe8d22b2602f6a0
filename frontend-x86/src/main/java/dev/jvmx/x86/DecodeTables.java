package dev.jvmx.x86;

import java.util.ArrayList;
import java.util.Arrays;
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
    /**
     * {@link #SLOTS} filtered by mode, so the decoder's match loop skips the mode test, and flattened
     * to one array indexed {@code ((mode.ordinal() * 2048 + slot) << 3) | ModRM.reg}, so finding the
     * candidates is one dependent load instead of four. null where the slot has no forms.
     */
    private static final Form[][] BY_MODE = new Form[3 * 2048 * 8][];
    /**
     * Same index as {@link #BY_MODE}: the form itself where the list is one form that constrains
     * nothing further (no mandatory prefix, mod, rm, W, L or REX.B), so the decoder selects it
     * with a single load; null elsewhere.
     */
    private static final Form[] SOLE = new Form[3 * 2048 * 8];
    /**
     * {@link Form#hot}, {@link Form#ops} and {@link Form#mnemonic} of the form in {@link #SOLE} at
     * the same index: the decoder loads them beside the form instead of through it, so the form
     * object itself (two or three cache lines of metadata) is not read on the common path.
     */
    private static final int[] SOLE_HOT = new int[3 * 2048 * 8];
    private static final OperandSpec[][] SOLE_OPS = new OperandSpec[3 * 2048 * 8][];
    private static final Mnemonic[] SOLE_MNEMONIC = new Mnemonic[3 * 2048 * 8];
    /**
     * Per-slot metadata, packed so the decoder needs one load: {@link #DEFINED}, {@link #MODRM},
     * {@link #MOD_AS_REG}.
     */
    private static final int[] INFO = new int[8 * 256];
    /** The slot has forms. */
    static final int DEFINED = 1;
    /** A ModRM byte follows the opcode. */
    static final int MODRM = 2;
    /** ModRM.mod is ignored and read as 11 (MOV CR/DR, SDM Vol. 2B MOV—Move to/from Control Registers). */
    static final int MOD_AS_REG = 4;
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
                    INFO[slot] = DEFINED | (f.modrm ? MODRM : 0);
                } else if (((INFO[slot] & MODRM) != 0) != f.modrm) {
                    throw new IllegalStateException("slot mixes ModRM and non-ModRM forms: " + f);
                }
                if ((f.attrs & Form.MOD_AS_REG) != 0) INFO[slot] |= MOD_AS_REG;
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
            for (Mode mode : Mode.values()) {
                for (int r = 0; r < 8; r++) {
                    int i = ((mode.ordinal() * 2048 + s) << 3) | r;
                    BY_MODE[i] = Arrays.stream(SLOTS[s][r]).filter(f -> f.validIn(mode)).toArray(Form[]::new);
                    if (BY_MODE[i].length == 1 && BY_MODE[i][0].matchMask == 0) {
                        SOLE[i] = BY_MODE[i][0];
                        SOLE_HOT[i] = SOLE[i].hot;
                        SOLE_OPS[i] = SOLE[i].ops;
                        SOLE_MNEMONIC[i] = SOLE[i].mnemonic;
                    }
                }
            }
        }
    }

    private static int specificity(Form f) {
        return ((f.attrs & Form.NOREXB) != 0 ? 64 : 0) + (f.rm >= 0 ? 32 : 0) + (f.pfx >= 0 ? 16 : 0)
                + (f.mod != Form.MOD_ANY ? 8 : 0) + (f.reg >= 0 ? 4 : 0) + (f.w >= 0 ? 2 : 0) + (f.l >= 0 ? 1 : 0);
    }

    /**
     * Candidates valid in the mode ({@link Mode#ordinal()}) for a slot and ModRM.reg (reg 0 for
     * slots without ModRM), in the order the decoder tries them, or null if the slot is empty.
     */
    static Form[] candidates(int modeIndex, int slot, int reg) {
        return BY_MODE[soleIndex(modeIndex, slot, reg)];
    }

    /** The index of {@link #sole} and its companions for a mode, slot and ModRM.reg. */
    static int soleIndex(int modeIndex, int slot, int reg) {
        return (((modeIndex << 11) + slot) << 3) | reg;
    }

    /** The only form at a {@link #soleIndex} if it needs no further matching, else null. */
    static Form sole(int index) { return SOLE[index]; }

    /** {@link Form#hot} of {@link #sole} at the same index (0 where that is null). */
    static int soleHot(int index) { return SOLE_HOT[index]; }

    /** {@link Form#ops} of {@link #sole} at the same index. */
    static OperandSpec[] soleOps(int index) { return SOLE_OPS[index]; }

    /** {@link Form#mnemonic} of {@link #sole} at the same index. */
    static Mnemonic soleMnemonic(int index) { return SOLE_MNEMONIC[index]; }

    /** The packed metadata of a slot: {@link #DEFINED}, {@link #MODRM}, {@link #MOD_AS_REG}; 0 if empty. */
    static int info(int slot) { return INFO[slot]; }
}
