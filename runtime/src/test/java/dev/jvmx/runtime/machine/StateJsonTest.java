package dev.jvmx.runtime.machine;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jvmx.runtime.cpu.CpuState;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StateJsonTest {
    @Test
    void documentHasEveryRegisterGroupAsHexStrings() {
        CpuState cpu = new CpuState();
        cpu.rip = 0x7C05;
        cpu.gpr[CpuState.RAX] = 0x2BADB002L;
        cpu.gpr[CpuState.R15] = -1;
        cpu.segSelector[1] = 0x08;
        cpu.ymm[4] = 0x1122;
        Map<String, Long> control = new LinkedHashMap<>();
        control.put("cr0", 0x11L);
        control.put("efer", 0x500L);
        String json = StateJson.of(cpu, control);
        assertTrue(json.contains("\"rip\": \"0x7c05\""), json);
        assertTrue(json.contains("\"rax\": \"0x2badb002\""), json);
        assertTrue(json.contains("\"r15\": \"0xffffffffffffffff\""), json);
        assertTrue(json.contains("\"cs\": {\"selector\": \"0x8\""), json);
        assertTrue(json.contains("\"cr0\": \"0x11\", \"efer\": \"0x500\""), json);
        assertTrue(json.contains("\"xmm1\": \"0x00000000000000000000000000001122\""), json);
        assertTrue(json.contains("\"mxcsr\": \"0x1f80\""), json);
        assertTrue(json.contains("\"rflags\": \"0x2\""), json);
    }
}
