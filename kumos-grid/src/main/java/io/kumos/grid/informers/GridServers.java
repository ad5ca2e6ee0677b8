package io.kumos.grid.informers;

import java.net.SocketAddress;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

import org.infinispan.client.hotrod.RemoteCacheManager;

import io.kumos.grid.GridCaches;

/**
 * The servers of the grid's cluster, as the Hot Rod client's topology of {@code kumos-objects} lists them, to tell
 * when one left: a server killed or cut off is dropped from the topology the others send, and the client then
 * closes its connections to it without failing over the listeners registered there, which go silent. A local read
 * of what the client knows, no request.
 *
 * <p>Not thread-safe: the informers' checking thread only.
 */
final class GridServers {

    private final RemoteCacheManager grid;
    private Set<String> last = Set.of();

    GridServers(RemoteCacheManager grid) {
        this.grid = grid;
    }

    /** Whether a server listed at the last call is no longer listed. */
    boolean lost() {
        Set<String> now;
        try {
            now = servers();
        } catch (RuntimeException e) {
            return false; // the grid does not answer: the projection's check tells the informers so
        }
        boolean lost = !now.containsAll(last);
        last = now;
        return lost;
    }

    /** The cache's owners, or, where the client keeps no segments of the cache, every server it knows. */
    private Set<String> servers() {
        Set<String> owners = new HashSet<>();
        for (SocketAddress server : GridCaches.open(grid, GridCaches.OBJECTS).getCacheTopologyInfo()
                .getSegmentsPerServer().keySet()) {
            owners.add(server.toString());
        }
        return owners.isEmpty() ? Set.copyOf(Arrays.asList(grid.getServers())) : owners;
    }
}
