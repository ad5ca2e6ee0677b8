package io.kumos.gateway.fuzz;

import java.nio.charset.StandardCharsets;

/**
 * One request of the fuzz run: everything needed to send it again. {@code expectedKind} is the kind a 2xx answer
 * must carry (null when any object will do).
 */
record FuzzCase(int index, String what, String method, String path, String contentType, byte[] body,
        String expectedKind) {

    /**
     * Whether the request carries a NUL character: in the body, a raw zero byte (past protobuf's magic) or a
     * {@code \u0000}; in the URL, a {@code %00} (a fieldManager, which goes into managedFields).
     */
    boolean carriesNul() {
        if (path.contains("%00")) {
            return true;
        }
        int from = contentType != null && contentType.startsWith("application/vnd.kubernetes.protobuf") ? 4 : 0;
        for (int i = from; i < body.length; i++) {
            if (body[i] == 0) {
                return true;
            }
        }
        return new String(body, StandardCharsets.ISO_8859_1).toLowerCase().contains("\\u0000");
    }

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
