package io.kumos.grid.informers;

import java.io.IOException;
import java.nio.ByteBuffer;

import org.infinispan.client.hotrod.annotation.ClientCacheEntryCreated;
import org.infinispan.client.hotrod.annotation.ClientCacheEntryExpired;
import org.infinispan.client.hotrod.annotation.ClientCacheEntryModified;
import org.infinispan.client.hotrod.annotation.ClientCacheEntryRemoved;
import org.infinispan.client.hotrod.annotation.ClientCacheFailover;
import org.infinispan.client.hotrod.annotation.ClientListener;
import org.infinispan.client.hotrod.event.ClientCacheEntryCustomEvent;
import org.infinispan.client.hotrod.event.ClientCacheFailoverEvent;
import org.infinispan.protostream.ImmutableSerializationContext;
import org.infinispan.protostream.ProtobufUtil;

import io.kumos.grid.objects.GridObject;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The Hot Rod client listener of one informer session, registered with Kumos' filter-converter on the grid server
 * ({@code kumos-selection}, in kumos-infra): for every change of {@code kumos-objects} the server matches the entry
 * before and after on the selection's resource (and node), and sends only the changes that touch the selection,
 * with the entry itself (joining, updated) or as it was (leaving). The server's filter keeps no state shared between
 * listeners: the continuous-query filter used before shares one predicate index among every listener of the cache,
 * and lost other clients' subscriptions when listeners were removed (an Endpoints update never reached lb-service
 * after health-service was killed).
 *
 * <p>Once retired (its informer moved on to a new session), it forwards nothing: the Hot Rod client may still
 * register it again on its own after a failover, and its informer then removes it.
 *
 * <p>Threading: called on the Hot Rod client's event threads; it decodes and hands over, never blocks.
 */
@ClientListener(filterFactoryName = SelectionListener.FACTORY, converterFactoryName = SelectionListener.FACTORY,
        useRawData = true)
@RegisterForReflection
public final class SelectionListener {

    /** kumos-infra's {@code SelectionFilterFactory.NAME}, which the grid server runs. */
    static final String FACTORY = "kumos-selection";

    /** The server's event types, by the ordinal it sends ({@code SelectionFilter.Change}). */
    private static final GridChange.Type[] TYPES = {
        GridChange.Type.LEAVING, GridChange.Type.JOINING, GridChange.Type.UPDATED
    };

    /** Where the listener hands what it hears. */
    interface Sink {

        void changed(SelectionListener from, GridChange change);

        /** The connection the listener was registered on failed: changes may have been missed since. */
        void failedOver(SelectionListener from);

        void undecodable(SelectionListener from, Exception cause);
    }

    private final ImmutableSerializationContext context;
    private final Sink sink;
    private volatile boolean retired;

    SelectionListener(ImmutableSerializationContext context, Sink sink) {
        this.context = context;
        this.sink = sink;
    }

    @ClientCacheEntryCreated
    @ClientCacheEntryModified
    @ClientCacheEntryRemoved
    @ClientCacheEntryExpired
    public void event(ClientCacheEntryCustomEvent<byte[]> event) {
        GridChange change;
        try {
            change = decode(event.getEventData());
        } catch (IOException | RuntimeException e) {
            sink.undecodable(this, e);
            return;
        }
        sink.changed(this, change);
    }

    @ClientCacheFailover
    public void failover(ClientCacheFailoverEvent event) {
        sink.failedOver(this);
    }

    void retire() {
        retired = true;
    }

    boolean retired() {
        return retired;
    }

    /** One byte of type, the key's length (4 bytes), the key and the object, each as the grid stores them. */
    private GridChange decode(byte[] data) throws IOException {
        ByteBuffer event = ByteBuffer.wrap(data);
        int type = event.get();
        if (type < 0 || type >= TYPES.length) {
            throw new IOException("an event of unknown type " + type);
        }
        byte[] key = new byte[event.getInt()];
        event.get(key);
        byte[] object = new byte[event.remaining()];
        event.get(object);
        return new GridChange(TYPES[type], ProtobufUtil.fromWrappedByteArray(context, key),
                ProtobufUtil.fromWrappedByteArray(context, object));
    }
}
