package io.kumos.infra.selection;

import java.nio.ByteBuffer;

import org.infinispan.commons.dataconversion.MediaType;
import org.infinispan.commons.marshall.WrappedByteArray;
import org.infinispan.metadata.Metadata;
import org.infinispan.notifications.cachelistener.filter.AbstractCacheEventFilterConverter;
import org.infinispan.notifications.cachelistener.filter.EventType;

/**
 * The changes of {@code kumos-objects} that touch one informer's selection: the objects of one resource, or those
 * of it that belong to one node (the pods bound to it, its Node). For each change the server calls it with the entry
 * before and after, as stored (protostream bytes); it reads the two fields it matches on and sends the listener what
 * the selection saw, or nothing.
 *
 * <p>It keeps no state beyond its two values, so listeners come and go without touching one another, unlike the
 * continuous-query registry, which shares its predicate index between every listener of the cache.
 *
 * <p>The event it sends ({@link #encode}): one byte of {@link Change} ordinal, the key's length (4 bytes, big
 * endian), the key as stored, then the object as stored (after the change; before it, for a leaving one). The
 * client's {@code SelectionListener} reads it.
 */
final class SelectionFilter extends AbstractCacheEventFilterConverter<Object, Object, byte[]> {

    /** What the change was, seen from the selection. The order is the wire format's. */
    enum Change {
        LEAVING, JOINING, UPDATED
    }

    /** {@code GridObject}'s fields, as kumos-grid's schema numbers them. */
    static final int RESOURCE = 1;
    static final int NODE = 7;

    private final String resource;
    private final String node;

    /** @param node the node whose objects are selected, or {@code null} for every object of the resource */
    SelectionFilter(String resource, String node) {
        this.resource = resource;
        this.node = node;
    }

    @Override
    public byte[] filterAndConvert(Object key, Object oldValue, Metadata oldMetadata, Object newValue,
            Metadata newMetadata, EventType eventType) {
        if (eventType != null && eventType.isPreEvent()) {
            return null;
        }
        byte[] before = bytes(oldValue);
        byte[] after = bytes(newValue);
        boolean was = selects(before);
        boolean is = selects(after);
        if (is) {
            return encode(was ? Change.UPDATED : Change.JOINING, bytes(key), after);
        }
        return was ? encode(Change.LEAVING, bytes(key), before) : null;
    }

    /** The entries as they are stored, not as Java objects: nothing of Kumos needs to be known to the server. */
    @Override
    public MediaType format() {
        return null;
    }

    boolean selects(byte[] stored) {
        if (stored == null) {
            return false;
        }
        byte[] object = ProtoFields.bytesOf(stored, ProtoFields.WRAPPED_MESSAGE);
        if (object == null || !resource.equals(ProtoFields.stringOf(object, RESOURCE))) {
            return false;
        }
        return node == null || node.equals(ProtoFields.stringOf(object, NODE));
    }

    static byte[] encode(Change change, byte[] key, byte[] object) {
        return ByteBuffer.allocate(1 + 4 + key.length + object.length)
                .put((byte) change.ordinal()).putInt(key.length).put(key).put(object).array();
    }

    private static byte[] bytes(Object stored) {
        if (stored == null) {
            return null;
        }
        if (stored instanceof byte[] raw) {
            return raw;
        }
        if (stored instanceof WrappedByteArray wrapped) {
            return wrapped.getBytes();
        }
        throw new IllegalArgumentException("kumos-objects stores protostream bytes, not " + stored.getClass());
    }
}
