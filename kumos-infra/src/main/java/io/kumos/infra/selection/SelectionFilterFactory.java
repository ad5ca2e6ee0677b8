package io.kumos.infra.selection;

import org.infinispan.commons.marshall.WrappedByteArray;
import org.infinispan.filter.NamedFactory;
import org.infinispan.notifications.cachelistener.filter.CacheEventFilterConverter;
import org.infinispan.notifications.cachelistener.filter.CacheEventFilterConverterFactory;

/**
 * Makes the {@link SelectionFilter} of an informer's listener: its parameters are the resource and, for a node
 * agent's pods, the node. Registered with the server by {@code META-INF/services} (the server logs "Loaded extension
 * 'kumos-selection'"); the grid Kumos starts has it on its class path, and a production cluster needs this jar in
 * each member's {@code server/lib}.
 */
@NamedFactory(name = SelectionFilterFactory.NAME)
public final class SelectionFilterFactory implements CacheEventFilterConverterFactory {

    /** The name the clients' {@code SelectionListener} asks for. */
    public static final String NAME = "kumos-selection";

    @Override
    @SuppressWarnings("unchecked")
    public <K, V, C> CacheEventFilterConverter<K, V, C> getFilterConverter(Object[] params) {
        if (params == null || params.length < 1 || params.length > 2) {
            throw new IllegalArgumentException(NAME + " takes a resource and maybe a node, not "
                    + (params == null ? 0 : params.length) + " parameters");
        }
        String resource = string(params[0]);
        String node = params.length == 2 ? string(params[1]) : null;
        return (CacheEventFilterConverter<K, V, C>) new SelectionFilter(resource, node);
    }

    /** A parameter as the client sent it: a string, or its protostream bytes when the server keeps them raw. */
    private static String string(Object param) {
        if (param instanceof String value) {
            return value;
        }
        byte[] raw = param instanceof WrappedByteArray wrapped ? wrapped.getBytes()
                : param instanceof byte[] bytes ? bytes : null;
        if (raw == null) {
            throw new IllegalArgumentException(NAME + " takes strings, not " + param);
        }
        String value = ProtoFields.stringOf(raw, ProtoFields.WRAPPED_STRING);
        if (value == null) {
            throw new IllegalArgumentException(NAME + " takes strings; a parameter holds no protostream string");
        }
        return value;
    }
}
