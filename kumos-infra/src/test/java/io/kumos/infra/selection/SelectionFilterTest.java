package io.kumos.infra.selection;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import org.infinispan.commons.marshall.WrappedByteArray;
import org.infinispan.notifications.cachelistener.event.Event;
import org.infinispan.notifications.cachelistener.filter.EventType;
import org.junit.jupiter.api.Test;

class SelectionFilterTest {

    private static final byte[] KEY = wrappedString("core/pods/ns/web-1");
    private static final EventType CREATED = new EventType(false, false, Event.Type.CACHE_ENTRY_CREATED);
    private static final EventType MODIFIED = new EventType(false, false, Event.Type.CACHE_ENTRY_MODIFIED);
    private static final EventType REMOVED = new EventType(false, false, Event.Type.CACHE_ENTRY_REMOVED);

    private final SelectionFilter pods = new SelectionFilter("core/pods", null);
    private final SelectionFilter podsOfNode1 = new SelectionFilter("core/pods", "node-1");

    @Test
    void anObjectOfTheResourceJoinsIsUpdatedAndLeaves() {
        byte[] first = gridObject("core/pods", "");
        byte[] second = gridObject("core/pods", "node-1");
        assertEvent(SelectionFilter.Change.JOINING, first, pods.filterAndConvert(KEY, null, null, first, null, CREATED));
        assertEvent(SelectionFilter.Change.UPDATED, second,
                pods.filterAndConvert(KEY, first, null, second, null, MODIFIED));
        assertEvent(SelectionFilter.Change.LEAVING, second,
                pods.filterAndConvert(KEY, second, null, null, null, REMOVED));
    }

    @Test
    void anObjectOfAnotherResourceIsNotSent() {
        byte[] service = gridObject("core/services", "");
        assertNull(pods.filterAndConvert(KEY, null, null, service, null, CREATED));
        assertNull(pods.filterAndConvert(KEY, service, null, service, null, MODIFIED));
        assertNull(pods.filterAndConvert(KEY, service, null, null, null, REMOVED));
    }

    @Test
    void aPodJoinsTheSelectionOfItsNodeWhenBoundAndNoOtherNodes() {
        byte[] pending = gridObject("core/pods", "");
        byte[] bound = gridObject("core/pods", "node-1");
        assertNull(podsOfNode1.filterAndConvert(KEY, null, null, pending, null, CREATED));
        assertEvent(SelectionFilter.Change.JOINING, bound,
                podsOfNode1.filterAndConvert(KEY, pending, null, bound, null, MODIFIED));
        assertNull(new SelectionFilter("core/pods", "node-2").filterAndConvert(KEY, pending, null, bound, null,
                MODIFIED));
        assertEvent(SelectionFilter.Change.LEAVING, bound,
                podsOfNode1.filterAndConvert(KEY, bound, null, pending, null, MODIFIED));
    }

    @Test
    void wrappedBytesAreReadAsTheirBytesAndPreEventsAreNotSent() {
        byte[] pod = gridObject("core/pods", "node-1");
        assertEvent(SelectionFilter.Change.JOINING, pod, pods.filterAndConvert(new WrappedByteArray(KEY), null, null,
                new WrappedByteArray(pod), null, CREATED));
        assertNull(pods.filterAndConvert(KEY, null, null, pod, null,
                new EventType(false, true, Event.Type.CACHE_ENTRY_CREATED)));
    }

    @Test
    void theFactoryTakesTheResourceAndNodeAsStringsOrTheirProtostreamBytes() {
        SelectionFilterFactory factory = new SelectionFilterFactory();
        byte[] onNode2 = gridObject("core/pods", "node-2");
        assertEvent(SelectionFilter.Change.JOINING, onNode2, factory.<Object, Object, byte[]>getFilterConverter(
                new Object[] {wrappedString("core/pods"), wrappedString("node-2")})
                .filterAndConvert(KEY, null, null, onNode2, null, CREATED));
        assertNull(factory.<Object, Object, byte[]>getFilterConverter(new Object[] {"core/pods", "node-1"})
                .filterAndConvert(KEY, null, null, onNode2, null, CREATED));
        assertThrows(IllegalArgumentException.class, () -> factory.getFilterConverter(new Object[0]));
        assertThrows(IllegalArgumentException.class, () -> factory.getFilterConverter(new Object[] {42}));
    }

    private static void assertEvent(SelectionFilter.Change change, byte[] object, byte[] event) {
        ByteBuffer read = ByteBuffer.wrap(event);
        assertEquals(change.ordinal(), read.get());
        byte[] key = new byte[read.getInt()];
        read.get(key);
        assertArrayEquals(KEY, key);
        byte[] rest = new byte[read.remaining()];
        read.get(rest);
        assertArrayEquals(object, rest);
    }

    /** A GridObject as protostream stores it: a WrappedMessage with the type's name and the message's bytes. */
    private static byte[] gridObject(String resource, String node) {
        ByteArrayOutputStream message = new ByteArrayOutputStream();
        lengthDelimited(message, SelectionFilter.RESOURCE, resource.getBytes(StandardCharsets.UTF_8));
        lengthDelimited(message, 2, "ns".getBytes(StandardCharsets.UTF_8));
        varintField(message, 4, 300);
        varintField(message, 5, 0);
        lengthDelimited(message, SelectionFilter.NODE, node.getBytes(StandardCharsets.UTF_8));
        ByteArrayOutputStream wrapped = new ByteArrayOutputStream();
        lengthDelimited(wrapped, 16, "kumos.grid.GridObject".getBytes(StandardCharsets.UTF_8));
        lengthDelimited(wrapped, ProtoFields.WRAPPED_MESSAGE, message.toByteArray());
        return wrapped.toByteArray();
    }

    private static byte[] wrappedString(String value) {
        ByteArrayOutputStream wrapped = new ByteArrayOutputStream();
        lengthDelimited(wrapped, ProtoFields.WRAPPED_STRING, value.getBytes(StandardCharsets.UTF_8));
        return wrapped.toByteArray();
    }

    private static void lengthDelimited(ByteArrayOutputStream out, int field, byte[] value) {
        varint(out, (long) field << 3 | 2);
        varint(out, value.length);
        out.writeBytes(value);
    }

    private static void varintField(ByteArrayOutputStream out, int field, long value) {
        varint(out, (long) field << 3);
        varint(out, value);
    }

    private static void varint(ByteArrayOutputStream out, long value) {
        while ((value & ~0x7fL) != 0) {
            out.write((int) (value & 0x7f) | 0x80);
            value >>>= 7;
        }
        out.write((int) value);
    }
}
