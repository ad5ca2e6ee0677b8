package io.kumos.gateway.fuzz;

import java.util.SplittableRandom;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Values that break assumptions: strings with NUL and lone surrogates, huge ones, extreme numbers, deep nests. */
final class NastyValues {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final String[] STRINGS = {
        "", " ", "\u0000", "a\u0000b", "\ud800", "x\udfffy", "\ud83d", "\udc00\ud800", "\ud83d\ude00",
        "-", ".", "..", "../../etc/passwd", "%00", "%zz", "\\", "\"", "'", "\n", "\t\r", "\u007f", "\u202e",
        "null", "true", "0", "-1", "1e400", "NaN", "0x10", "99999999999999999999", "2147483648", "-9223372036854775809",
        "1.5", "100m", "1Ki", "1e3", "1E999", "5Gi", "-5Mi", "0.000000001", "abc", "9" + "9".repeat(60) + "Ei",
        "*/5 * * * *", "61 25 32 13 8", "@every 1h", "Europe/Nowhere", "../zone", "10.96.0.1", "::1",
        "300.1.1.1", "IPv6", "Never", "Always", "In", "Exists", "NotIn", "DoesNotExist", "TCP", "SCTP", "ICMP",
        "2026-01-01T00:00:00Z", "1969-12-31T23:59:59Z", "9999-99-99T99:99:99Z", "+999999999-12-31T23:59:59Z",
        "$patch", "replace", "delete", "merge", "$retainKeys", "{}", "[]", "\u00e9t\u00e9", "\u4e2d\u6587",
        "a".repeat(64), "a".repeat(254), "A_B", "app.kubernetes.io/name", "a/b/c", "/", "kube-system"
    };

    private NastyValues() {
    }

    static String string(SplittableRandom random) {
        int pick = random.nextInt(1000);
        if (pick < 10) {
            return "x".repeat(1 + random.nextInt(64 * 1024));
        }
        if (pick < 12) {
            return "y".repeat(1024 * 1024 + random.nextInt(1024 * 1024));
        }
        if (pick < 100) {
            return randomChars(random, 1 + random.nextInt(40));
        }
        return STRINGS[random.nextInt(STRINGS.length)];
    }

    /** Any char, surrogate halves and control characters included. */
    static String randomChars(SplittableRandom random, int length) {
        StringBuilder chars = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            int kind = random.nextInt(6);
            chars.append((char) switch (kind) {
                case 0 -> random.nextInt(0x20);
                case 1 -> 0xd800 + random.nextInt(0x800);
                case 2 -> random.nextInt(0x10000);
                default -> 0x20 + random.nextInt(0x5f);
            });
        }
        return chars.toString();
    }

    /** A value of any JSON type, often of the wrong one for where it goes. */
    static JsonNode value(SplittableRandom random) {
        return switch (random.nextInt(16)) {
            case 0 -> NODES.nullNode();
            case 1 -> NODES.booleanNode(random.nextBoolean());
            case 2 -> NODES.numberNode(random.nextInt());
            case 3 -> NODES.numberNode(random.nextLong());
            case 4 -> NODES.numberNode(new java.math.BigInteger("1" + "0".repeat(1 + random.nextInt(60))));
            case 5 -> NODES.numberNode(random.nextDouble() * Math.pow(10, random.nextInt(600) - 300));
            case 6 -> NODES.numberNode(new java.math.BigDecimal("1e" + (random.nextInt(2000) - 1000)));
            case 7 -> NODES.numberNode(-1 - random.nextInt(1000));
            case 8 -> NODES.objectNode();
            case 9 -> NODES.arrayNode();
            case 10 -> NODES.arrayNode().add(string(random)).add(random.nextInt());
            case 11 -> NODES.objectNode().put(string(random), string(random));
            case 12 -> nest(random, 1 + random.nextInt(8));
            default -> NODES.textNode(string(random));
        };
    }

    /** Arrays and objects nested {@code depth} deep. */
    static JsonNode nest(SplittableRandom random, int depth) {
        JsonNode inner = NODES.textNode("bottom");
        for (int i = 0; i < depth; i++) {
            if (random.nextBoolean()) {
                ArrayNode array = NODES.arrayNode();
                array.add(inner);
                inner = array;
            } else {
                ObjectNode object = NODES.objectNode();
                object.set(random.nextInt(4) == 0 ? "metadata" : "a", inner);
                inner = object;
            }
        }
        return inner;
    }

    /** How deep to nest: mostly shallow, sometimes around and over Jackson's default limit (1000). */
    static int depth(SplittableRandom random) {
        int pick = random.nextInt(10);
        return pick < 5 ? 10 + random.nextInt(100) : pick < 8 ? 500 + random.nextInt(499) : 1000 + random.nextInt(4000);
    }
}
