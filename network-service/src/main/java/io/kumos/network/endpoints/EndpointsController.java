package io.kumos.network.endpoints;

import java.net.URI;
import java.time.Clock;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.infinispan.client.hotrod.RemoteCacheManager;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.kumos.grid.api.ApiClient;
import io.kumos.grid.components.ComponentDirectory;
import io.kumos.grid.informers.SharedInformers;
import io.kumos.grid.leader.LeaderLock;
import io.kumos.network.NetworkConfig;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * The endpoints controller of this network-service ({@code kumos.network.endpoints.*}): an {@link EndpointsLoop}
 * writing through the api-gateway at {@code kumos.network.api-url} while this replica holds the controller's
 * lock, started with the service.
 */
@ApplicationScoped
public class EndpointsController {

    private static final String USER_AGENT = "kumos-network-service";
    static final String LOCK = "network-service/endpoints-controller";

    private final NetworkConfig config;
    private final EndpointsLoop loop;

    EndpointsController(RemoteCacheManager grid, SharedInformers informers, ComponentDirectory directory,
            ObjectMapper json, NetworkConfig config) {
        this.config = config;
        ObjectWrites writes = new ApiObjectWrites(new ApiClient(URI.create(config.apiUrl()), json, USER_AGENT));
        // The instance name may repeat across replicas (same bind address in their own network namespaces).
        LeaderLock lock = new LeaderLock(grid, LOCK, directory.self().instance() + "/" + UUID.randomUUID(),
                config.endpoints().leaderLease(), Clock.systemUTC());
        this.loop = new EndpointsLoop(informers, new EndpointsSync(writes, json), config.endpoints().period(), lock);
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
