package io.kumos.grid.informers;

import org.infinispan.client.hotrod.RemoteCacheManager;

import io.kumos.grid.GridCaches;
import io.kumos.grid.objects.GridObject;

/**
 * What the grid says of its projection of the API objects, read from its marker ({@link GridObject#PROJECTION_MARKER}):
 * complete, in some epoch; being rebuilt (no marker); or nothing, as the grid does not answer.
 */
sealed interface ProjectionState {

    /** The grid holds a complete projection, of this epoch. */
    record Complete(String epoch) implements ProjectionState {
    }

    /** No marker: the grid restarted and the api-gateway is projecting everything again (or has not yet). */
    record Incomplete() implements ProjectionState {
    }

    /** The grid did not answer. */
    record Unreachable(String reason) implements ProjectionState {
    }

    /** One read of the marker. Blocking (Hot Rod). */
    static ProjectionState read(RemoteCacheManager grid) {
        try {
            GridObject marker = GridCaches.<String, GridObject>open(grid, GridCaches.OBJECTS)
                    .get(GridObject.PROJECTION_MARKER);
            return marker == null ? new Incomplete() : new Complete(marker.epoch());
        } catch (RuntimeException e) {
            return new Unreachable(String.valueOf(e.getMessage()));
        }
    }
}
