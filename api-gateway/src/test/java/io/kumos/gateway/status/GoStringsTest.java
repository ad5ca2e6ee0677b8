package io.kumos.gateway.status;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class GoStringsTest {

    @Test
    void quotesAsGoQuotes() {
        // The expected values are what Go's strconv.Quote returns for the same strings.
        assertEquals("\"spec.foo\"", GoStrings.quote("spec.foo"));
        assertEquals("\"\\x00\"", GoStrings.quote("\u0000"));
        assertEquals("\"a\\\"b\\\\c\"", GoStrings.quote("a\"b\\c"));
        assertEquals("\"\\a\\b\\f\\n\\r\\t\\v\"", GoStrings.quote("\u0007\b\f\n\r\t\u000b"));
        assertEquals("\"\\x1f\\x7f\"", GoStrings.quote("\u001f\u007f"));
        assertEquals("\"héllo 世界 😀\"", GoStrings.quote("héllo 世界 😀"));
        assertEquals("\"\\u2028\\u00a0\\ufeff\"", GoStrings.quote("\u2028\u00a0\ufeff"));
        assertEquals("\"\\U000e0001\"", GoStrings.quote(new String(Character.toChars(0xe0001))));
    }

    @Test
    void warningHeadersHoldNoControlCharacterAndCarryUtf8() {
        assertEquals(Optional.of("299 - \"unknown field \\\"a\\\\x00\\\"\""),
                GoStrings.warningHeader("unknown field " + GoStrings.quote("a\u0000")));
        assertEquals(Optional.empty(), GoStrings.warningHeader("a\nb"));
        String value = GoStrings.warningHeader("é").orElseThrow();
        assertEquals("299 - \"é\"", new String(value.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8));
    }
}
