package io.kumos.gateway.status;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Strings written as kube-apiserver writes them: {@code %q} of Go (how it quotes a field name in a message) and
 * its {@code Warning} header values. A name from a request body may hold any character, a NUL or a line break
 * among them; quoted, it holds none, and a header that carries it stays a valid header.
 */
public final class GoStrings {

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private GoStrings() {
    }

    /**
     * Go's {@code strconv.Quote}: in double quotes, with {@code "} and {@code \} escaped, the control characters
     * as {@code \n}, {@code \t}… or {@code \x00}, and every other character Go does not print as {@code \u2028}
     * or {@code \U000e0001}; printable characters stay as they are.
     */
    public static String quote(String text) {
        StringBuilder quoted = new StringBuilder(text.length() + 2).append('"');
        text.codePoints().forEach(c -> {
            switch (c) {
                case '"', '\\' -> quoted.append('\\').appendCodePoint(c);
                case 0x07 -> quoted.append("\\a");
                case '\b' -> quoted.append("\\b");
                case '\f' -> quoted.append("\\f");
                case '\n' -> quoted.append("\\n");
                case '\r' -> quoted.append("\\r");
                case '\t' -> quoted.append("\\t");
                case 0x0b -> quoted.append("\\v");
                default -> {
                    if (printable(c)) {
                        quoted.appendCodePoint(c);
                    } else if (c < ' ' || c == 0x7f) {
                        quoted.append("\\x").append(HEX[c >> 4]).append(HEX[c & 0xf]);
                    } else if (c < 0x10000) {
                        hex(quoted.append("\\u"), c, 4);
                    } else {
                        hex(quoted.append("\\U"), c, 8);
                    }
                }
            }
        });
        return quoted.append('"').toString();
    }

    /**
     * The value of a {@code Warning} header with code 299, as k8s.io/apimachinery's {@code NewWarningHeader}
     * makes it, or empty where it makes none (a text holding a control character is dropped, not sent). The
     * UTF-8 bytes of the text are carried one per char, as HTTP/1.1 header values are written byte by byte.
     */
    public static Optional<String> warningHeader(String text) {
        if (text.codePoints().anyMatch(Character::isISOControl)) {
            return Optional.empty();
        }
        String value = "299 - \"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
        return Optional.of(new String(value.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1));
    }

    /** Go's {@code unicode.IsPrint}: letters, marks, numbers, punctuation, symbols and the ASCII space. */
    private static boolean printable(int c) {
        if (c == ' ') {
            return true;
        }
        return switch (Character.getType(c)) {
            case Character.CONTROL, Character.FORMAT, Character.SURROGATE, Character.PRIVATE_USE,
                    Character.UNASSIGNED, Character.SPACE_SEPARATOR, Character.LINE_SEPARATOR,
                    Character.PARAGRAPH_SEPARATOR -> false;
            default -> true;
        };
    }

    private static void hex(StringBuilder out, int c, int digits) {
        for (int shift = (digits - 1) * 4; shift >= 0; shift -= 4) {
            out.append(HEX[(c >> shift) & 0xf]);
        }
    }
}
