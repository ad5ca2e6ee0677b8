package io.kumos.grid.objects;

import java.util.UUID;

import org.infinispan.protostream.annotations.Proto;
import org.infinispan.protostream.annotations.ProtoFactory;

/**
 * An API object as projected into the grid from the record, keyed by {@link #key}. The api-gateway writes it;
 * every other service reads and listens to it instead of polling the API.
 *
 * <p>Projection is idempotent by revision: an entry is only ever replaced by a higher revision, so replays and
 * several gateways projecting at once converge. A deletion leaves a tombstone ({@code deleted}) for a while, so
 * that a late replay cannot bring the object back; readers skip tombstones.
 *
 * @param resource  {@code <group>/<plural>}, {@code core} for the legacy group
 * @param namespace {@code ""} for cluster-scoped objects
 * @param name      the object's name
 * @param revision  its resourceVersion
 * @param deleted   whether this is the tombstone of a deletion
 * @param json      the object, as the API serves it
 * @param node      the node a pod is bound to ({@code spec.nodeName}), a Node's own name, {@code ""} for anything
 *                  else: a field of its own so that the grid can match it without reading the JSON, and send a node
 *                  agent only the changes of its node's pods and of its Node (see
 *                  {@link io.kumos.grid.informers.InformerSelection})
 */
@Proto
public record GridObject(String resource, String namespace, String name, long revision, boolean deleted,
        String json, String node) {

    /**
     * The key of the projection's marker entry: present while the grid holds a complete projection, its revision
     * one up to which every change of the record is in the grid (moved up as the projection goes on). A grid that
     * restarted has lost it, which tells the api-gateway to project everything again. Readers skip it.
     *
     * <p>Its body names the projection's epoch: a marker written by a rebuild on a grid that had lost it carries a
     * new one, which the moves up keep. Informers compare it to tell a grid that was rebuilt behind their back.
     */
    public static final String PROJECTION_MARKER = "~kumos/projection";
    private static final String MARKER_RESOURCE = "~kumos";

    @ProtoFactory
    public GridObject {
    }

    /** An object of no node (anything but a bound pod or a Node). */
    public GridObject(String resource, String namespace, String name, long revision, boolean deleted, String json) {
        this(resource, namespace, name, revision, deleted, json, "");
    }

    /** A marker of a new epoch, carrying the revision up to which the grid holds every change. */
    public static GridObject marker(long revision) {
        return new GridObject(MARKER_RESOURCE, "", "projection", revision, false,
                "{\"epoch\":\"" + UUID.randomUUID() + "\"}");
    }

    /** This marker moved up to {@code revision}, in the same epoch. */
    public GridObject advancedTo(long revision) {
        return new GridObject(resource, namespace, name, revision, deleted, json, node);
    }

    /** The epoch of this marker: equal for the markers of one projection, different after a rebuild. */
    public String epoch() {
        return json;
    }

    /** Whether this is the projection's marker rather than an object. */
    public boolean isProjectionMarker() {
        return resource.equals(MARKER_RESOURCE);
    }

    /** The cache key of an object. */
    public static String key(String resource, String namespace, String name) {
        return resource + "/" + namespace + "/" + name;
    }

    public String key() {
        return key(resource, namespace, name);
    }
}
