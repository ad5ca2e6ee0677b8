package io.kumos.grid.informers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.kumos.grid.objects.GridObject;
import io.kumos.grid.objects.ObjectJson;

class ObjectStoreTest {

    private final ObjectStore store = ObjectStore.standard(ObjectJson.mapper());

    /** A pod of namespace {@code ns}, on {@code node} unless empty, labelled {@code app}, owned by {@code owner}. */
    private static GridObject pod(String name, long revision, String node, String app, String owner) {
        String json = ("{'kind':'Pod','metadata':{'name':'" + name + "','namespace':'ns','resourceVersion':'" + revision
                + "','labels':{'app':'" + app + "'},'ownerReferences':[{'uid':'" + owner + "'}]},'spec':{"
                + (node.isEmpty() ? "" : "'nodeName':'" + node + "'") + "}}").replace('\'', '"');
        return new GridObject("core/pods", "ns", name, revision, false, json, node);
    }

    private static GridObject tombstone(GridObject object, long revision) {
        return new GridObject(object.resource(), object.namespace(), object.name(), revision, true, object.json(),
                object.node());
    }

    private List<String> names(List<JsonNode> objects) {
        return objects.stream().map(object -> object.at("/metadata/name").asText()).sorted().toList();
    }

    @Test
    void anAddedObjectIsFoundUnderEachOfItsIndexes() {
        ObjectDelta delta = store.apply(pod("web", 5, "node-1", "web", "rs-1")).orElseThrow();

        assertEquals(ObjectDelta.Type.ADDED, delta.type());
        assertEquals("web", delta.after().at("/metadata/name").asText());
        assertEquals(5, store.revision(GridObject.key("core/pods", "ns", "web")));
        assertEquals(List.of("web"), names(store.byIndex(Indexes.NAMESPACE, "ns")));
        assertEquals(List.of("web"), names(store.byIndex(Indexes.NODE_NAME, "node-1")));
        assertEquals(List.of("web"), names(store.byIndex(Indexes.OWNER_UID, "rs-1")));
        assertEquals(List.of("web"), names(store.byIndex(Indexes.LABEL, Indexes.label("app", "web"))));
        assertEquals(List.of(), store.byIndex(Indexes.NODE_NAME, "node-2"));
    }

    @Test
    void anUnboundPodIsUnderNoNodeAndAClusterScopedObjectUnderTheEmptyNamespace() {
        store.apply(pod("pending", 1, "", "web", "rs-1"));
        store.apply(new GridObject("core/nodes", "", "node-1", 2, false, "{\"metadata\":{\"name\":\"node-1\"}}"));

        assertEquals(List.of(), store.byIndex(Indexes.NODE_NAME, ""));
        assertEquals(List.of("node-1"), names(store.byIndex(Indexes.NAMESPACE, "")));
        assertEquals(List.of("pending"), names(store.byIndex(Indexes.NAMESPACE, "ns")));
    }

    @Test
    void aNewerRevisionReplacesTheObjectAndMovesItInTheIndexes() {
        store.apply(pod("web", 5, "", "web", "rs-1"));

        ObjectDelta delta = store.apply(pod("web", 6, "node-1", "api", "rs-2")).orElseThrow();

        assertEquals(ObjectDelta.Type.UPDATED, delta.type());
        assertEquals("web", delta.before().at("/metadata/labels/app").asText());
        assertEquals("api", delta.after().at("/metadata/labels/app").asText());
        assertEquals(List.of(), store.byIndex(Indexes.LABEL, Indexes.label("app", "web")));
        assertEquals(List.of("web"), names(store.byIndex(Indexes.LABEL, Indexes.label("app", "api"))));
        assertEquals(List.of(), store.byIndex(Indexes.OWNER_UID, "rs-1"));
        assertEquals(List.of("web"), names(store.byIndex(Indexes.NODE_NAME, "node-1")));
        assertEquals(1, store.size());
    }

    @Test
    void aChangeHeardAgainOrLateChangesNothing() {
        store.apply(pod("web", 6, "node-1", "web", "rs-1"));

        assertEquals(Optional.empty(), store.apply(pod("web", 6, "node-1", "web", "rs-1")));
        assertEquals(Optional.empty(), store.apply(pod("web", 5, "node-2", "old", "rs-1")));

        assertEquals(6, store.revision(GridObject.key("core/pods", "ns", "web")));
        assertEquals(List.of("web"), names(store.byIndex(Indexes.NODE_NAME, "node-1")));
    }

    @Test
    void aTombstoneRemovesTheObjectButNotANewerOne() {
        GridObject web = pod("web", 6, "node-1", "web", "rs-1");
        store.apply(web);

        assertEquals(Optional.empty(), store.apply(tombstone(web, 4)), "a deletion older than what is held");
        ObjectDelta delta = store.apply(tombstone(web, 7)).orElseThrow();

        assertEquals(ObjectDelta.Type.DELETED, delta.type());
        assertEquals("web", delta.before().at("/metadata/name").asText());
        assertEquals(-1, store.revision(web.key()));
        assertEquals(List.of(), store.byIndex(Indexes.NODE_NAME, "node-1"));
        assertEquals(List.of(), store.byIndex(Indexes.NAMESPACE, "ns"));
        assertEquals(Optional.empty(), store.apply(tombstone(web, 8)), "nothing left to delete");
    }

    @Test
    void anEntryThatLeftTheGridGoesUnlessTheStoreHoldsANewerRevision() {
        GridObject web = pod("web", 6, "node-1", "web", "rs-1");
        store.apply(web);

        assertEquals(Optional.empty(), store.left(web.key(), pod("web", 5, "node-1", "web", "rs-1")));
        assertEquals(ObjectDelta.Type.DELETED, store.left(web.key(), web).orElseThrow().type());
        store.apply(web);
        assertEquals(ObjectDelta.Type.DELETED, store.left(web.key(), null).orElseThrow().type(),
                "a leaving that does not say what left");
        assertEquals(Optional.empty(), store.left("core/pods/ns/unknown", null));
    }

    @Test
    void aListingReplacesEverythingAndTellsOnlyWhatChanged() {
        GridObject kept = pod("kept", 1, "node-1", "web", "rs-1");
        store.apply(kept);
        store.apply(pod("changed", 2, "node-1", "web", "rs-1"));
        store.apply(pod("ghost", 3, "node-1", "web", "rs-1"));
        JsonNode keptObject = store.get(kept.key()).orElseThrow();

        List<ObjectDelta> deltas = store.replace(List.of(kept, pod("changed", 9, "node-2", "web", "rs-1"),
                pod("new", 10, "node-1", "web", "rs-1"), tombstone(pod("buried", 4, "node-1", "web", "rs-1"), 11)));

        assertEquals(List.of("ADDED new", "DELETED ghost", "UPDATED changed"), deltas.stream()
                .map(delta -> delta.type() + " " + (delta.after() != null ? delta.after() : delta.before())
                        .at("/metadata/name").asText())
                .sorted().toList());
        assertEquals(List.of("changed", "kept", "new"), names(store.list()));
        assertSame(keptObject, store.get(kept.key()).orElseThrow(), "an unchanged object is not parsed again");
        assertEquals(List.of("kept", "new"), names(store.byIndex(Indexes.NODE_NAME, "node-1")));
        assertEquals(List.of("changed"), names(store.byIndex(Indexes.NODE_NAME, "node-2")));
    }

    @Test
    void anIndexTheStoreDoesNotKeepIsRefused() {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> store.byIndex("zone", "a"));
        assertTrue(refused.getMessage().contains("zone"));
    }
}
