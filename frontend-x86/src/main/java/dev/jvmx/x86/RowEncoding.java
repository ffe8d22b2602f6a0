package dev.jvmx.x86;

/**
 * The opcode column of a definition-table row, in SDM notation: optional mandatory prefix
 * (NP, 66, F3, F2), optional VEX marker, map escape (0F, 0F 38, 0F 3A), the opcode byte
 * (with +r or +cc), then /r, /digit or a literal ModRM byte (C0+i for a register range),
 * and qualifiers W0/W1/WIG, L0/L1/LIG, mem, reg.
 */
record RowEncoding(boolean vex, int pfx, int map, int opcode, boolean opcodeReg, boolean opcodeCc,
                   boolean modrm, int reg, int mod, int rm, int w, int l) {

    static RowEncoding parse(String col) {
        boolean vex = false, opcodeReg = false, opcodeCc = false, modrm = false;
        int pfx = Form.PFX_ANY, map = Form.MAP_1BYTE, opcode = -1, reg = -1, mod = Form.MOD_ANY, rm = -1;
        int w = -1, l = -1;
        String[] toks = col.split("\\s+");
        for (int i = 0; i < toks.length; i++) {
            String t = toks[i];
            switch (t) {
                case "VEX" -> { vex = true; continue; }
                case "NP" -> { pfx = Form.PFX_NP; continue; }
                case "W0" -> { w = 0; continue; }
                case "W1" -> { w = 1; continue; }
                case "WIG" -> { continue; }
                case "L0" -> { l = 0; continue; }
                case "L1" -> { l = 1; continue; }
                case "LIG" -> { continue; }
                case "mem" -> { mod = Form.MOD_MEM; continue; }
                case "reg" -> { mod = Form.MOD_REG; continue; }
                case "/r" -> { modrm = true; continue; }
                default -> { }
            }
            if (t.length() == 2 && t.charAt(0) == '/' && Character.isDigit(t.charAt(1))) {
                modrm = true;
                reg = t.charAt(1) - '0';
                continue;
            }
            if (opcode < 0) {
                if (map == Form.MAP_1BYTE && (t.equals("66") || t.equals("F2") || t.equals("F3"))) {
                    pfx = switch (t) { case "66" -> Form.PFX_66; case "F3" -> Form.PFX_F3; default -> Form.PFX_F2; };
                    continue;
                }
                if (t.equals("0F") && map == Form.MAP_1BYTE) { map = Form.MAP_0F; continue; }
                if (map == Form.MAP_0F && t.equals("38") && i + 1 < toks.length && isHexByte(toks[i + 1])) {
                    map = Form.MAP_0F38; continue;
                }
                if (map == Form.MAP_0F && t.equals("3A") && i + 1 < toks.length && isHexByte(toks[i + 1])) {
                    map = Form.MAP_0F3A; continue;
                }
                if (t.endsWith("+r")) { opcodeReg = true; t = t.substring(0, t.length() - 2); }
                if (t.endsWith("+cc")) { opcodeCc = true; t = t.substring(0, t.length() - 3); }
                opcode = Integer.parseInt(t, 16);
                continue;
            }
            // a literal ModRM byte after the opcode: C0+i is the register range of one reg value
            modrm = true;
            boolean range = t.endsWith("+i");
            int b = Integer.parseInt(range ? t.substring(0, t.length() - 2) : t, 16);
            mod = Form.MOD_REG;
            reg = (b >> 3) & 7;
            if (!range) rm = b & 7;
        }
        if (opcode < 0) throw new IllegalArgumentException("no opcode byte");
        return new RowEncoding(vex, pfx, map, opcode, opcodeReg, opcodeCc, modrm, reg, mod, rm, w, l);
    }

    private static boolean isHexByte(String s) {
        if (s.length() < 2) return false;
        String h = s.replace("+r", "").replace("+cc", "");
        return h.length() == 2 && h.chars().allMatch(c -> Character.digit(c, 16) >= 0);
    }
}
