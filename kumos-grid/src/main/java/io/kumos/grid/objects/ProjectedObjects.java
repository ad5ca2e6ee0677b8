package io.kumos.grid.objects;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.infinispan.client.hotrod.RemoteCacheManager;
import org.infinispan.commons.util.CloseableIterator;

import io.kumos.grid.GridCaches;

/**
 * Reading the grid's projection of the API objects: the live objects (tombstones and the projection marker left
 * out) of some resources. Blocking (Hot Rod): worker threads only. It walks the whole cache, which suits the
 * sizes tested so far; listeners or queries are the way past them.
 */
public final class ProjectedObjects {

    private ProjectedObjects() {
    }

    /**
     * The live objects of these resources ({@code core/pods}, …).
     *
     * @throws IncompleteProjectionException while the grid has no complete projection (its marker is missing: the
     *         grid restarted and the api-gateway is projecting again), since an absent object then proves nothing
     *         and a reconciler acting on it would tear down what still exists
     */
    public static List<GridObject> live(RemoteCacheManager grid, Set<String> resources) {
        List<GridObject> live = new ArrayList<>();
        boolean complete = false;
        try (CloseableIterator<GridObject> objects = GridCaches.<String, GridObject>open(grid, GridCaches.OBJECTS)
                .values().iterator()) {
            while (objects.hasNext()) {
                GridObject object = objects.next();
                complete |= object.isProjectionMarker();
                if (!object.deleted() && resources.contains(object.resource())) {
                    live.add(object);
                }
            }
        }
        if (!complete) {
            throw new IncompleteProjectionException();
        }
        return live;
    }

    /** The grid holds no complete projection of the API objects yet. */
    public static final class IncompleteProjectionException extends IllegalStateException {

        IncompleteProjectionException() {
            this("the grid's projection of the API objects is incomplete (the api-gateway is rebuilding it)");
        }

        /** @param message why what is read is not the grid's complete projection */
        public IncompleteProjectionException(String message) {
            super(message);
        }
    }
}
