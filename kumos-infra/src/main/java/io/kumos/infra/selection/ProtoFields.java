package io.kumos.infra.selection;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads fields of a protobuf message from its bytes, as the grid stores Kumos' entries (protostream): enough to find
 * a few fields of a message without its schema. A field absent reads as {@code null}.
 *
 * <p>Only the wire format is read: varints, fixed 64- and 32-bit values and length-delimited fields, which are all
 * that protostream writes.
 */
final class ProtoFields {

    /** protostream's {@code WrappedMessage}: a message of another type travels as its bytes in field 17. */
    static final int WRAPPED_MESSAGE = 17;
    /** protostream's {@code WrappedMessage}: a string travels in field 9. */
    static final int WRAPPED_STRING = 9;

    private static final int VARINT = 0;
    private static final int FIXED64 = 1;
    private static final int LENGTH_DELIMITED = 2;
    private static final int FIXED32 = 5;

    private final byte[] bytes;
    private int position;

    private ProtoFields(byte[] bytes) {
        this.bytes = bytes;
    }

    /** The bytes of a length-delimited field (a string, bytes, or an embedded message), the first if repeated. */
    static byte[] bytesOf(byte[] message, int field) {
        return new ProtoFields(message).find(field);
    }

    /** A string field, decoded as UTF-8. */
    static String stringOf(byte[] message, int field) {
        byte[] value = bytesOf(message, field);
        return value == null ? null : new String(value, StandardCharsets.UTF_8);
    }

    private byte[] find(int field) {
        while (position < bytes.length) {
            long tag = varint();
            int number = (int) (tag >>> 3);
            int wireType = (int) (tag & 7);
            if (wireType == LENGTH_DELIMITED) {
                int length = (int) varint();
                if (length < 0 || position + length > bytes.length) {
                    throw new IllegalArgumentException("a field runs past the end of the message");
                }
                if (number == field) {
                    return Arrays.copyOfRange(bytes, position, position + length);
                }
                position += length;
            } else {
                skip(wireType);
            }
        }
        return null;
    }

    private void skip(int wireType) {
        switch (wireType) {
            case VARINT -> varint();
            case FIXED64 -> position += 8;
            case FIXED32 -> position += 4;
            default -> throw new IllegalArgumentException("wire type " + wireType + " is not protostream's");
        }
    }

    private long varint() {
        long value = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (position >= bytes.length) {
                throw new IllegalArgumentException("a varint runs past the end of the message");
            }
            byte b = bytes[position++];
            value |= (long) (b & 0x7f) << shift;
            if (b >= 0) {
                return value;
            }
        }
        throw new IllegalArgumentException("a varint longer than 10 bytes");
    }
}
