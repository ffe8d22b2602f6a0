package dev.jvmx.translator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class JitOptionsTest {
    @Test
    void modesParseAsTheCliSpellsThem() {
        assertEquals(JitOptions.Mode.OFF, JitOptions.parseMode("off"));
        assertEquals(JitOptions.Mode.BLOCK, JitOptions.parseMode("Block"));
        assertEquals(JitOptions.Mode.REGION, JitOptions.parseMode("region"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> JitOptions.parseMode("fast"));
        assertTrue(e.getMessage().contains("off, block or region"), e.getMessage());
    }

    @Test
    void thresholdZeroAlwaysTranslatesOnTheGuestThread() {
        assertTrue(JitOptions.defaults().compilesInBackground());
        assertFalse(JitOptions.defaults().withThreshold(0).compilesInBackground());
        assertThrows(IllegalArgumentException.class, () -> JitOptions.defaults().withThreshold(-1));
        assertFalse(JitOptions.defaults().withMode(JitOptions.Mode.OFF).translates());
    }
}
