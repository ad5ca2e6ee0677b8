package io.kumos.grid.informers;

import java.io.IOException;

import org.infinispan.client.hotrod.annotation.ClientCacheEntryCreated;
import org.infinispan.client.hotrod.annotation.ClientCacheEntryExpired;
import org.infinispan.client.hotrod.annotation.ClientCacheEntryModified;
import org.infinispan.client.hotrod.annotation.ClientCacheEntryRemoved;
import org.infinispan.client.hotrod.annotation.ClientCacheFailover;
import org.infinispan.client.hotrod.annotation.ClientListener;
import org.infinispan.client.hotrod.event.ClientCacheEntryCustomEvent;
import org.infinispan.client.hotrod.event.ClientCacheFailoverEvent;
import org.infinispan.client.hotrod.filter.Filters;
import org.infinispan.protostream.ImmutableSerializationContext;
import org.infinispan.protostream.ProtobufUtil;
import org.infinispan.query.remote.client.impl.ContinuousQueryResult;

import io.kumos.grid.objects.GridObject;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The Hot Rod client listener of one informer session, registered with the server's continuous-query
 * filter-converter: for every change of {@code kumos-objects} the server evaluates the selection's Ickle query on
 * the entry before and after, and sends only the changes that touch the selection, with the entry itself (joining,
 * updated) or as it was (leaving). The factory is built into every Infinispan Server with remote query (it is what
 * the client's own {@code ContinuousQuery} registers), so no server-side code of Kumos is needed; this class
 * registers it itself, rather than through {@code ContinuousQuery}, to hear of failovers, which that API hides.
 * The events arrive as the raw {@link ContinuousQueryResult} that API decodes too.
 *
 * <p>Once retired (its informer moved on to a new session), it forwards nothing: the Hot Rod client may still
 * register it again on its own after a failover, and its informer then removes it.
 *
 * <p>Threading: called on the Hot Rod client's event threads; it decodes and hands over, never blocks.
 */
@ClientListener(filterFactoryName = Filters.CONTINUOUS_QUERY_FILTER_FACTORY_NAME,
        converterFactoryName = Filters.CONTINUOUS_QUERY_FILTER_FACTORY_NAME, useRawData = true)
@RegisterForReflection
public final class SelectionListener {

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

    private GridChange decode(byte[] data) throws IOException {
        ContinuousQueryResult result = ProtobufUtil.fromWrappedByteArray(context, data);
        String key = ProtobufUtil.fromWrappedByteArray(context, result.getKey());
        GridObject value = result.getValue() == null ? null
                : ProtobufUtil.fromWrappedByteArray(context, result.getValue());
        GridChange.Type type = switch (result.getResultType()) {
            case JOINING -> GridChange.Type.JOINING;
            case UPDATED -> GridChange.Type.UPDATED;
            case LEAVING -> GridChange.Type.LEAVING;
            default -> throw new IllegalStateException("unexpected continuous query result " + result);
        };
        return new GridChange(type, key, value);
    }
}
