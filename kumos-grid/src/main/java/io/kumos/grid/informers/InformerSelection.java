package io.kumos.grid.informers;

import java.util.Map;

import io.kumos.grid.objects.GridObject;

/**
 * Which objects of the grid's projection an informer holds: those of one resource, the pods bound to one node, or
 * one Node.
 * The grid itself picks them (Kumos' filter on the grid server matches the fields of {@link GridObject} for every
 * change; a listing is an Ickle query on them), so an informer receives only the changes it holds, and a node
 * agent not those of the other nodes.
 *
 * @param resource the resource, as the projection names it ({@code core/pods}, {@code apps/deployments} …)
 * @param node     only the objects of this node ({@link GridObject#node()}: the pods bound to it, the Node itself),
 *                 or {@code null} for all
 */
public record InformerSelection(String resource, String node) {

    /** The protobuf message the queries are on: the schema's package and the record's name. */
    private static final String ENTITY = "kumos.grid." + GridObject.class.getSimpleName();

    /** Every object of a resource. */
    public static InformerSelection of(String resource) {
        return new InformerSelection(resource, null);
    }

    /** The pods bound to a node. */
    public static InformerSelection podsOf(String node) {
        return new InformerSelection("core/pods", node);
    }

    /** One Node, which its agent reads (its pod subnet) without asking the API. */
    public static InformerSelection node(String node) {
        return new InformerSelection("core/nodes", node);
    }

    /**
     * The parameters of the grid server's {@code kumos-selection} filter, which sends the changes of the selection
     * (tombstones included, as they carry the revision of a deletion).
     */
    Object[] filterParameters() {
        return node == null ? new Object[] {resource} : new Object[] {resource, node};
    }

    /** The objects to list: the live ones. */
    String listQuery() {
        return "FROM " + ENTITY + " WHERE resource = :resource" + (node == null ? "" : " AND node = :node")
                + " AND deleted = false";
    }

    Map<String, Object> parameters() {
        return node == null ? Map.of("resource", resource) : Map.of("resource", resource, "node", node);
    }

    @Override
    public String toString() {
        return node == null ? resource : resource + " of node " + node;
    }
}
