package io.kumos.network.endpoints;

import java.net.URI;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.infinispan.client.hotrod.RemoteCacheManager;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.kumos.grid.api.ApiClient;
import io.kumos.network.NetworkConfig;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * The endpoints controller of this network-service ({@code kumos.network.endpoints.*}): an {@link EndpointsLoop}
 * writing through the api-gateway at {@code kumos.network.api-url}, started with the service.
 */
@ApplicationScoped
public class EndpointsController {

    private static final String USER_AGENT = "kumos-network-service";

    private final NetworkConfig config;
    private final EndpointsLoop loop;

    EndpointsController(RemoteCacheManager grid, ObjectMapper json, NetworkConfig config) {
        this.config = config;
        ObjectWrites writes = new ApiObjectWrites(new ApiClient(URI.create(config.apiUrl()), json, USER_AGENT));
        this.loop = new EndpointsLoop(grid, new EndpointsSync(writes, json), config.endpoints().period());
    }

    void onStart(@Observes StartupEvent event) {
        if (config.endpoints().enabled()) {
            loop.start();
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        if (config.endpoints().enabled()) {
            loop.close();
        }
    }
}
