package io.kumos.testing;

import java.net.URISyntaxException;
import java.util.List;

import org.infinispan.client.hotrod.RemoteCacheManager;
import org.infinispan.client.hotrod.configuration.ConfigurationBuilder;

import io.kumos.grid.GridCaches;
import io.kumos.grid.GridSchemaImpl;

/**
 * A plain Hot Rod client of a test grid (the one {@link KumosInfra} starts, or the grid of a {@code ./kumos up}),
 * set up as the services' (through Quarkus) is: the protostream schema registered on the server, and the caches a
 * test or a benchmark writes created from their definition files on first use.
 */
public final class GridClient {

    private static final List<String> CACHES = List.of(GridCaches.OBJECTS, GridCaches.NODE_HEARTBEATS);

    private GridClient() {
    }

    /** @param socketTimeoutMillis how long an operation may wait for the server */
    public static RemoteCacheManager connect(int port, int socketTimeoutMillis) {
        ConfigurationBuilder config = new ConfigurationBuilder();
        config.addServer().host("127.0.0.1").port(port);
        config.socketTimeout(socketTimeoutMillis);
        config.addContextInitializer(new GridSchemaImpl());
        for (String cache : CACHES) {
            try {
                config.remoteCache(cache).configurationURI(GridClient.class.getClassLoader()
                        .getResource("kumos/grid/caches/" + cache + ".xml").toURI());
            } catch (URISyntaxException e) {
                throw new IllegalStateException(e);
            }
        }
        RemoteCacheManager grid = new RemoteCacheManager(config.build());
        grid.administration().schemas().createOrUpdate(new GridSchemaImpl());
        return grid;
    }
}
