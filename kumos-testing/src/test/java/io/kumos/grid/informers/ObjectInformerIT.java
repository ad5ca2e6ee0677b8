package io.kumos.grid.informers;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.infinispan.client.hotrod.RemoteCache;
import org.infinispan.client.hotrod.RemoteCacheManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

import com.fasterxml.jackson.databind.JsonNode;

import io.kumos.grid.GridCaches;
import io.kumos.grid.objects.GridObject;
import io.kumos.grid.objects.ObjectJson;
import io.kumos.grid.objects.ProjectedObjects;
import io.kumos.testing.GridClient;
import io.kumos.testing.InfraProcess;
import io.kumos.testing.KumosInfra;

/**
 * Informers against the real Infinispan Server, with a plain Hot Rod client set up as the services' is (the
 * protostream schema registered, the cache created from its definition): the first listing, the changes that
 * follow (carried by the server's continuous-query events, selected by the server), the indexes, a node's pods
 * only, and a resync after a real restart of the server that leaves neither a lost nor a ghost object. Each test
 * uses resources, or a node, of its own.
 */
class ObjectInformerIT {

    private static final Duration CHECK_PERIOD = Duration.ofMillis(200);
    private static RemoteCacheManager grid;

    private SharedInformers informers;
    private String resource;

    @BeforeAll
    static void connect() {
        grid = GridClient.connect(KumosInfra.shared().grid().port(), 2000);
    }

    @AfterAll
    static void disconnect() {
        grid.stop();
    }

    @BeforeEach
    void setUp(TestInfo test) {
        resource = "test/" + test.getTestMethod().orElseThrow().getName().toLowerCase();
        if (objects().get(GridObject.PROJECTION_MARKER) == null) {
            objects().put(GridObject.PROJECTION_MARKER, GridObject.marker(1));
        }
        informers = new SharedInformers(grid, ObjectJson.mapper(), CHECK_PERIOD);
    }

    @AfterEach
    void tearDown() {
        informers.close();
    }

    private static RemoteCache<String, GridObject> objects() {
        return GridCaches.open(grid, GridCaches.OBJECTS);
    }

    /** Projects an object of the test's resource in namespace {@code ns}, labelled {@code app}. */
    private GridObject project(String name, long revision, String app, boolean deleted) {
        String json = ("{'metadata':{'name':'" + name + "','namespace':'ns','labels':{'app':'" + app
                + "'},'ownerReferences':[{'uid':'owner-" + app + "'}]}}").replace('\'', '"');
        GridObject object = new GridObject(resource, "ns", name, revision, deleted, json);
        objects().put(object.key(), object);
        return object;
    }

    /** Projects a pod of namespace {@code ns}, bound to {@code node} unless it is empty. */
    private static GridObject pod(String name, long revision, String node) {
        String json = ("{'metadata':{'name':'" + name + "','namespace':'ns'},'spec':{"
                + (node.isEmpty() ? "" : "'nodeName':'" + node + "'") + "}}").replace('\'', '"');
        GridObject object = new GridObject("core/pods", "ns", name, revision, false, json, node);
        objects().put(object.key(), object);
        return object;
    }

    private static GridObject tombstone(GridObject object, long revision) {
        GridObject tombstone = new GridObject(object.resource(), object.namespace(), object.name(), revision, true,
                object.json(), object.node());
        objects().put(tombstone.key(), tombstone);
        return tombstone;
    }

    private static List<String> names(List<JsonNode> objects) {
        return objects.stream().map(object -> object.at("/metadata/name").asText()).sorted().toList();
    }

    private static void awaitCurrent(ObjectInformer informer) {
        await().atMost(Duration.ofSeconds(30)).until(informer::isCurrent);
    }

    @Test
    void listsOnceThenFollowsEveryChangeWithItsIndexes() {
        project("a", 1, "web", false);
        project("b", 2, "web", false);
        project("gone", 3, "web", true);
        objects().put(GridObject.key("test/other", "ns", "x"), new GridObject("test/other", "ns", "x", 4, false,
                "{}"));
        ObjectInformer informer = informers.informer(resource);
        Heard heard = new Heard();
        informer.addHandler(heard);
        awaitCurrent(informer);
        await().atMost(Duration.ofSeconds(10)).until(() -> heard.all().contains(CURRENT));

        assertEquals(List.of("a", "b"), names(informer.current().list()), "live objects of the resource only");
        assertEquals(List.of("ADDED a", "ADDED b", CURRENT), heard.sorted());
        assertEquals(CURRENT, heard.all().get(2), "told it is current once the listing is");

        heard.clear();
        project("c", 5, "db", false);
        project("a", 6, "db", false);
        project("a", 5, "stale", false);
        objects().remove(GridObject.key(resource, "ns", "b"));
        tombstone(project("c", 7, "db", false), 8);
        await().atMost(Duration.ofSeconds(10)).until(() -> heard.all().size() >= 5);

        assertEquals(List.of("ADDED c", "UPDATED a", "DELETED b", "UPDATED c", "DELETED c"), heard.all(),
                "in order, the write of an older revision of a not taken");
        assertEquals(List.of("a"), names(informer.current().list()));
        assertEquals(6, informer.current().revision(GridObject.key(resource, "ns", "a")));
        assertEquals(List.of("a"), names(informer.current().byIndex(Indexes.LABEL, Indexes.label("app", "db"))));
        assertEquals(List.of(), informer.current().byIndex(Indexes.LABEL, Indexes.label("app", "web")));
        assertEquals(List.of("a"), names(informer.current().byIndex(Indexes.OWNER_UID, "owner-db")));
        assertEquals(List.of("a"), names(informer.current().byIndex(Indexes.NAMESPACE, "ns")));
    }

    @Test
    void aNodesInformerHoldsAndHearsOnlyThePodsOfItsNode() {
        String node = "node-" + resource.hashCode();
        pod("mine-1", 1, node);
        pod("theirs", 2, node + "-other");
        GridObject pending = pod("pending", 3, "");
        ObjectInformer informer = informers.informer(InformerSelection.podsOf(node));
        Heard heard = new Heard();
        informer.addHandler(heard);
        awaitCurrent(informer);
        await().atMost(Duration.ofSeconds(10)).until(() -> heard.all().contains(CURRENT));
        assertEquals(List.of("mine-1"), names(informer.current().list()));

        pod("theirs", 4, node + "-other");
        pod("pending", 5, node);
        GridObject mine = pod("mine-2", 6, node);
        tombstone(mine, 7);
        await().atMost(Duration.ofSeconds(10)).until(() -> heard.all().size() >= 5);

        assertEquals(List.of("ADDED mine-1", CURRENT, "ADDED pending", "ADDED mine-2", "DELETED mine-2"), heard.all(),
                "a pod bound here joins; a change of another node's pod never comes");
        assertEquals(List.of("mine-1", "pending"), names(informer.current().list()));
        assertEquals(List.of("mine-1", "pending"), names(informer.current().byIndex(Indexes.NODE_NAME, node)));
        objects().remove(pending.key());
    }

    @Test
    void aRestartedGridIsListedAgainWithNoLostAndNoGhostObject() {
        project("kept", 1, "web", false);
        project("deleted-meanwhile", 2, "web", false);
        project("changed-meanwhile", 3, "web", false);
        ObjectInformer informer = informers.informer(resource);
        Heard heard = new Heard();
        informer.addHandler(heard);
        awaitCurrent(informer);
        await().atMost(Duration.ofSeconds(10)).until(() -> heard.all().contains(CURRENT));
        heard.clear();

        InfraProcess server = KumosInfra.shared().grid();
        server.stop();
        await().atMost(Duration.ofSeconds(10)).until(() -> !informer.isCurrent());
        assertThrows(GridUnavailableException.class, informer::current);
        server.start();
        // The grid lost everything: until the projection is rebuilt (its marker written last), nothing is read.
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThrows(
                ProjectedObjects.IncompleteProjectionException.class, informer::current));

        project("kept", 1, "web", false);
        project("changed-meanwhile", 9, "db", false);
        project("added-meanwhile", 10, "web", false);
        objects().put(GridObject.PROJECTION_MARKER, GridObject.marker(10));
        awaitCurrent(informer);
        await().atMost(Duration.ofSeconds(10)).until(() -> heard.all().contains(CURRENT));

        assertEquals(List.of("added-meanwhile", "changed-meanwhile", "kept"), names(informer.current().list()));
        assertEquals(List.of("ADDED added-meanwhile", "DELETED deleted-meanwhile", "UPDATED changed-meanwhile"),
                heard.all().subList(0, 3).stream().sorted().toList(), "only what changed while the grid was away");
        assertEquals(List.of(CURRENT), heard.all().subList(3, heard.all().size()),
                "then, once, that it is current again, so that a reader it refused reads again");

        heard.clear();
        project("after", 11, "web", false);
        await().atMost(Duration.ofSeconds(10)).until(() -> heard.all().contains("ADDED after"));
        assertEquals(List.of("ADDED after"), heard.all(), "changes are heard again, once each");
        assertTrue(informer.isCurrent());
    }

    private static final String CURRENT = "CURRENT";

    /** What a handler heard, as {@code TYPE name} or {@value #CURRENT}, in order. */
    private static final class Heard implements ObjectEventHandler {

        private final List<String> heard = Collections.synchronizedList(new ArrayList<>());

        @Override
        public void onAdd(JsonNode object) {
            heard.add("ADDED " + object.at("/metadata/name").asText());
        }

        @Override
        public void onUpdate(JsonNode before, JsonNode after) {
            heard.add("UPDATED " + after.at("/metadata/name").asText());
        }

        @Override
        public void onDelete(JsonNode last) {
            heard.add("DELETED " + last.at("/metadata/name").asText());
        }

        @Override
        public void onCurrent() {
            heard.add(CURRENT);
        }

        List<String> all() {
            synchronized (heard) {
                return List.copyOf(heard);
            }
        }

        List<String> sorted() {
            return all().stream().sorted().toList();
        }

        void clear() {
            heard.clear();
        }
    }
}
