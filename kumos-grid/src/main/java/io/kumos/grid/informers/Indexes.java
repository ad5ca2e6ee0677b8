package io.kumos.grid.informers;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The indexes every informer keeps, as client-go's indexers: each maps an object to the values it is found under.
 * A function is pure and cheap (it runs on every change); an object without the field is under no value.
 */
public final class Indexes {

    /** By {@code metadata.namespace}; cluster-scoped objects are under {@code ""}. */
    public static final String NAMESPACE = "namespace";
    /** By the node a pod is bound to ({@code spec.nodeName}); unbound pods are under no value. */
    public static final String NODE_NAME = "nodeName";
    /** By the uid of each of the object's owners ({@code metadata.ownerReferences[].uid}). */
    public static final String OWNER_UID = "ownerUid";
    /** By each of the object's labels, as {@code key=value} ({@link #label}). */
    public static final String LABEL = "label";

    private static final Map<String, Function<JsonNode, Collection<String>>> STANDARD = Map.of(
            NAMESPACE, object -> List.of(object.path("metadata").path("namespace").asText("")),
            NODE_NAME, object -> nonEmpty(object.path("spec").path("nodeName").asText("")),
            OWNER_UID, Indexes::ownerUids,
            LABEL, Indexes::labels);

    private Indexes() {
    }

    /** The standard indexes, by name. */
    static Map<String, Function<JsonNode, Collection<String>>> standard() {
        return STANDARD;
    }

    /** The value a label is indexed under. */
    public static String label(String key, String value) {
        return key + "=" + value;
    }

    private static Collection<String> ownerUids(JsonNode object) {
        List<String> uids = new ArrayList<>(1);
        for (JsonNode owner : object.path("metadata").path("ownerReferences")) {
            uids.addAll(nonEmpty(owner.path("uid").asText("")));
        }
        return uids;
    }

    private static Collection<String> labels(JsonNode object) {
        List<String> labels = new ArrayList<>();
        object.path("metadata").path("labels").fields()
                .forEachRemaining(entry -> labels.add(label(entry.getKey(), entry.getValue().asText())));
        return labels;
    }

    private static List<String> nonEmpty(String value) {
        return value.isEmpty() ? List.of() : List.of(value);
    }
}
