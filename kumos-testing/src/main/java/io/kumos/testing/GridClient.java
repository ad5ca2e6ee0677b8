package io.kumos.grid.informers;

import java.net.URISyntaxException;

import org.infinispan.client.hotrod.RemoteCacheManager;
import org.infinispan.client.hotrod.configuration.ConfigurationBuilder;

import io.kumos.grid.GridCaches;
import io.kumos.grid.GridSchemaImpl;

/**
 * A plain Hot Rod client of the test grid, set up as the services' (through Quarkus) is: the protostream schema
 * registered on the server, {@code kumos-objects} created from its definition file on first use.
 */
final class GridClient {

    private GridClient() {
    }

    /** @param socketTimeoutMillis how long an operation may wait for the server */
    static RemoteCacheManager connect(int port, int socketTimeoutMillis) {
        ConfigurationBuilder config = new ConfigurationBuilder();
        config.addServer().host("127.0.0.1").port(port);
        config.socketTimeout(socketTimeoutMillis);
        config.addContextInitializer(new GridSchemaImpl());
        try {
            config.remoteCache(GridCaches.OBJECTS).configurationURI(GridClient.class.getClassLoader()
                    .getResource("kumos/grid/caches/kumos-objects.xml").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        RemoteCacheManager grid = new RemoteCacheManager(config.build());
        grid.administration().schemas().createOrUpdate(new GridSchemaImpl());
        return grid;
    }
}
