package io.kumos.gateway.fuzz;

import java.nio.charset.StandardCharsets;

/**
 * One request of the fuzz run: everything needed to send it again. {@code expectedKind} is the kind a 2xx answer
 * must carry (null when any object will do).
 */
record FuzzCase(int index, String what, String method, String path, String contentType, byte[] body,
        String expectedKind) {

    /** The request, printable: method, path, type and the start of the body with non-ASCII escaped. */
    String describe(int bodyChars) {
        StringBuilder printable = new StringBuilder();
        for (int i = 0; i < body.length && printable.length() < bodyChars; i++) {
            int b = body[i] & 0xff;
            printable.append(b >= 0x20 && b < 0x7f && b != '\\' ? String.valueOf((char) b) : String.format("\\x%02x", b));
        }
        return "#" + index + " " + what + ": " + method + " " + path + " [" + contentType + "] (" + body.length
                + " bytes) " + printable + (body.length > bodyChars ? "…" : "");
    }
}
