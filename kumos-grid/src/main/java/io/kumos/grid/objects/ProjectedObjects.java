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

    /** The live objects of these resources ({@code core/pods}, …). */
    public static List<GridObject> live(RemoteCacheManager grid, Set<String> resources) {
        List<GridObject> live = new ArrayList<>();
        try (CloseableIterator<GridObject> objects = GridCaches.<String, GridObject>open(grid, GridCaches.OBJECTS)
                .values().iterator()) {
            while (objects.hasNext()) {
                GridObject object = objects.next();
                if (!object.deleted() && resources.contains(object.resource())) {
                    live.add(object);
                }
            }
        }
        return live;
    }
}
