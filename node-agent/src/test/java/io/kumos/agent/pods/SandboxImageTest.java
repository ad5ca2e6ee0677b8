package io.kumos.agent.pods;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

import org.junit.jupiter.api.Test;

class SandboxImageTest {

    @Test
    void thePauseProgramIsAStaticX8664ExecutableThatEntersItsLoop() {
        byte[] program = SandboxImage.pauseProgram();
        ByteBuffer elf = ByteBuffer.wrap(program).order(ByteOrder.LITTLE_ENDIAN);
        assertArrayEquals(new byte[] {0x7f, 'E', 'L', 'F', 2, 1}, Arrays.copyOf(program, 6));
        assertEquals(2, elf.getShort(16), "an executable");
        assertEquals(0x3e, elf.getShort(18), "for x86-64");
        assertEquals(0x400078L, elf.getLong(24), "entered right after the headers");
        assertEquals(program.length, (int) elf.getLong(64 + 32), "one segment holding the whole file");
    }

    @Test
    void theBuildContextIsATarOfADockerfileAndTheProgram() {
        byte[] tar = SandboxImage.buildContext();
        assertEquals(0, tar.length % 512);
        assertEquals("Dockerfile", new String(tar, 0, 10, java.nio.charset.StandardCharsets.US_ASCII));
        assertEquals("ustar", new String(tar, 257, 5, java.nio.charset.StandardCharsets.US_ASCII));
        assertEquals("pause", new String(tar, 1024, 5, java.nio.charset.StandardCharsets.US_ASCII));
    }
}
