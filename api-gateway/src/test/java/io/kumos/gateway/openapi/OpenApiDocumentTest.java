package io.kumos.gateway.openapi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class OpenApiDocumentTest {

    @Test
    void v2DocumentIsTheGnosticProtobufKubectlParses() {
        byte[] expected = concat(new byte[] {0x0A, 3}, "2.0", new byte[] {0x12, 16, 0x0A, 5}, "Kumos",
                new byte[] {0x12, 7}, "v1.30.0", new byte[] {0x42, 0});
        assertArrayEquals(expected, OpenApiResource.v2Document());
    }

    private static byte[] concat(Object... parts) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (Object part : parts) {
            out.writeBytes(part instanceof String s ? s.getBytes(StandardCharsets.UTF_8) : (byte[]) part);
        }
        return out.toByteArray();
    }
}
