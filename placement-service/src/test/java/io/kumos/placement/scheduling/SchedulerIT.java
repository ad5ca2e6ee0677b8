package io.kumos.placement.scheduling;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;

import jakarta.inject.Inject;

import org.infinispan.client.hotrod.RemoteCache;
import org.infinispan.client.hotrod.RemoteCacheManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.kumos.grid.GridCaches;
import io.kumos.grid.api.ApiCallException;
import io.kumos.grid.api.ApiClient;
import io.kumos.grid.informers.SharedInformers;
import io.kumos.grid.objects.GridObject;
import io.kumos.testing.KumosInfraResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The scheduler reads nodes and pods from informers of the real grid (each write of the test is awaited there, as
 * the real projection's would reach them) and binds through an api-gateway of the test's own (it
 * answers as the real one does: 201 once per pod, 409 for a pod already bound, and whatever failure a test asks of
 * the next call). Binds are conditional on the pod that was read; a bind with no clear answer is not taken for
 * done, holds the pod's room and is tried again after a back-off; a stale bind is decided again at once. Binds run
 * several at once, as in service; a test that queues a failure for a given pod binds one at a time.
 */
@QuarkusTest
@WithTestResource(KumosInfraResource.class)
class SchedulerIT {

    @Inject
    RemoteCacheManager grid;

    @Inject
    ObjectMapper json;

    @Inject
    SharedInformers informers;

    private final List<String> projected = new CopyOnWriteArrayList<>();
    /** The body of each pod the test projected, by name: a bound pod is projected again as it was, with its node. */
    private final Map<String, String> bodies = new ConcurrentHashMap<>();
    private final TestClock clock = new TestClock();
    private StandInGateway gateway;
    private Scheduler scheduler;
    private String ns;

    @BeforeEach
    void setUp(TestInfo test) {
        ns = "sched-" + test.getTestMethod().orElseThrow().getName().toLowerCase().substring(0, 12);
        if (objects().get(GridObject.PROJECTION_MARKER) == null) {
            objects().put(GridObject.PROJECTION_MARKER, GridObject.marker(1));
        }
        gateway = new StandInGateway(json, ns, this::projectBound);
        scheduler = new Scheduler(informers, null, gateway, json, clock, 4);
        List.of("core/nodes", "core/pods", "core/namespaces").forEach(resource -> await()
                .atMost(Duration.ofSeconds(30)).until(informers.informer(resource)::isCurrent));
    }

    @AfterEach
    void stopScheduler() {
        scheduler.stop();
    }

    @AfterEach
    void removeWhatWasProjected() {
        projected.forEach(this::remove);
    }

    /** Removes an object from the grid, once the scheduler's informer has heard of it. */
    private void remove(String key) {
        objects().remove(key);
        awaitInformed(key.startsWith("core/nodes/") ? "core/nodes" : "core/pods", key, -1);
    }

    private void awaitInformed(String resource, String key, long revision) {
        await().atMost(Duration.ofSeconds(10)).until(() -> informers.informer(resource).store().revision(key)
                == revision);
    }

    private RemoteCache<String, GridObject> objects() {
        return GridCaches.open(grid, GridCaches.OBJECTS);
    }

    private void project(String resource, String namespace, String name, long revision, String body) {
        if (resource.equals("core/pods")) {
            bodies.put(name, body.replace('\'', '"'));
        }
        GridObject object = new GridObject(resource, namespace, name, revision, false, body.replace('\'', '"'));
        objects().put(object.key(), object);
        projected.add(object.key());
        awaitInformed(resource, object.key(), revision);
    }

    /** A node with room for exactly one of the test's pods (1 CPU). */
    private void node(String name) {
        project("core/nodes", "", name, 10, "{'apiVersion':'v1','kind':'Node','metadata':{'name':'" + name
                + "','resourceVersion':'10','labels':{'kubernetes.io/hostname':'" + name + "'}},'spec':{},"
                + "'status':{'allocatable':{'cpu':'1','memory':'4Gi','pods':'110'},"
                + "'conditions':[{'type':'Ready','status':'True'}]}}");
    }

    private void pod(String name, String uid, long revision, String created) {
        pod(name, uid, revision, created, "");
    }

    /** A pending pod asking for 1 CPU; as the projection shows it once bound when {@code node} is not empty. */
    private void pod(String name, String uid, long revision, String created, String node) {
        project("core/pods", ns, name, revision, "{'apiVersion':'v1','kind':'Pod','metadata':{'name':'" + name
                + "','namespace':'" + ns + "','uid':'" + uid + "','resourceVersion':'" + revision
                + "','creationTimestamp':'" + created + "'},'spec':{" + (node.isEmpty() ? "" : "'nodeName':'"
                + node + "',") + "'containers':[{'name':'c','image':'i',"
                + "'resources':{'requests':{'cpu':'1'}}}]},'status':{'phase':'Pending'}}");
    }

    /** The pod as the real gateway's projection shows it once bound: as it was, with its node and a new version. */
    private void projectBound(String pod, String node) {
        try {
            ObjectNode bound = (ObjectNode) json.readTree(bodies.get(pod));
            bound.with("spec").put("nodeName", node);
            bound.with("metadata").put("resourceVersion", "100");
            project("core/pods", ns, pod, 100, bound.toString());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A pending pod labelled app=web that must not share a node with another (no requests). */
    private void antiAffinityPod(String name) {
        project("core/pods", ns, name, 7, "{'apiVersion':'v1','kind':'Pod','metadata':{'name':'" + name
                + "','namespace':'" + ns + "','uid':'uid-" + name + "','resourceVersion':'7',"
                + "'creationTimestamp':'2026-01-01T00:00:0" + name.charAt(name.length() - 1) + "Z',"
                + "'labels':{'app':'web'}},'spec':{'affinity':{'podAntiAffinity':{"
                + "'requiredDuringSchedulingIgnoredDuringExecution':[{'labelSelector':{'matchLabels':{'app':'web'}},"
                + "'topologyKey':'kubernetes.io/hostname'}]}},'containers':[{'name':'c','image':'i'}]},"
                + "'status':{'phase':'Pending'}}");
    }

    @Test
    void requiredAntiAffinitySpreadsOnePerNodeAndTheFourthWaitsUntilAPodGoes() {
        node(ns + "-a");
        node(ns + "-b");
        node(ns + "-c");
        for (int i = 0; i < 4; i++) {
            antiAffinityPod("web-" + i);
        }

        scheduler.pass();

        assertEquals(3, gateway.bound.size());
        assertEquals(3, new java.util.HashSet<>(gateway.bound.values()).size(), "one per node");
        assertEquals(null, gateway.bound.get("web-3"), "the youngest waits");
        String message = "0/3 nodes are available: 3 node(s) didn't match pod anti-affinity rules. preemption: "
                + "0/3 nodes are available: 3 No preemption victims found for incoming pod.";
        JsonNode condition = gateway.statusPatches.get("web-3").at("/status/conditions/0");
        assertEquals("PodScheduled", condition.path("type").asText());
        assertEquals("False", condition.path("status").asText());
        assertEquals("Unschedulable", condition.path("reason").asText());
        assertEquals(message, condition.path("message").asText());
        assertEquals(List.of("FailedScheduling: " + message), gateway.warnings.get("web-3"));

        clock.advance(Duration.ofSeconds(30));
        scheduler.pass();
        assertEquals(null, gateway.bound.get("web-3"), "no node changed: it still waits");
        assertEquals(1, gateway.warnings.get("web-3").size(), "the same message is not told again");

        String freed = gateway.bound.remove("web-0");
        remove(GridObject.key("core/pods", ns, "web-0"));
        scheduler.pass();
        assertEquals(null, gateway.bound.get("web-3"), "tried again on the pods bound in the first pass, it failed "
                + "a second time: its back-off is 2 s now");
        clock.advance(Duration.ofSeconds(2));
        scheduler.pass();
        assertEquals(freed, gateway.bound.get("web-3"), "the deleted pod's node takes it after its back-off");
    }

    @Test
    void aBindCarriesThePodsUidAndTheResourceVersionItWasDecidedFrom() {
        node(ns + "-a");
        pod("web", "uid-web", 42, "2026-01-01T00:00:00Z");

        scheduler.pass();

        JsonNode binding = gateway.binds.get("web").get(0);
        assertEquals("uid-web", binding.at("/metadata/uid").asText());
        assertEquals("42", binding.at("/metadata/resourceVersion").asText());
        assertEquals(ns + "-a", binding.at("/target/name").asText());
        assertEquals(ns + "-a", gateway.bound.get("web"));
    }

    @Test
    void aBindWithNoClearAnswerHoldsItsRoomAndIsTriedAgainAfterItsBackOff() {
        node(ns + "-a");
        node(ns + "-b");
        pod("first", "uid-first", 5, "2026-01-01T00:00:00Z");
        pod("second", "uid-second", 6, "2026-01-01T00:00:01Z");
        gateway.failures.add(new ApiCallException(0, "the api-gateway is unreachable: request timed out"));
        bindOneAtATime();

        scheduler.pass();
        String tried = gateway.binds.get("first").get(0).at("/target/name").asText();
        assertEquals(null, gateway.bound.get("first"), "the first bind got no answer");
        assertNotEquals(tried, gateway.bound.get("second"),
                "the room the first pod may have taken is not given to the second");

        scheduler.pass();
        assertEquals(1, gateway.binds.get("first").size(), "within its back-off the pod is not tried again");

        clock.advance(BindBackoff.INITIAL);
        scheduler.pass();
        assertEquals(2, gateway.binds.get("first").size(), "after its back-off it is");
        assertEquals(tried, gateway.bound.get("first"), "and takes the room it held");
    }

    @Test
    void aServerErrorIsNoBindEitherAndTheBackOffGrows() {
        node(ns + "-a");
        pod("web", "uid-web", 5, "2026-01-01T00:00:00Z");
        gateway.failures.add(new ApiCallException(503, "the record is unavailable"));
        gateway.failures.add(new ApiCallException(500, "internal error"));

        scheduler.pass();
        clock.advance(Duration.ofSeconds(1));
        scheduler.pass();
        assertEquals(2, gateway.binds.get("web").size());
        clock.advance(Duration.ofSeconds(1));
        scheduler.pass();
        assertEquals(2, gateway.binds.get("web").size(), "the second failure in a row waits 2 s");
        clock.advance(Duration.ofSeconds(1));
        scheduler.pass();
        assertEquals(3, gateway.binds.get("web").size());
        assertEquals(ns + "-a", gateway.bound.get("web"));
    }

    @Test
    void aStaleBindIsDecidedAgainAtOnceFromTheNextView() {
        node(ns + "-a");
        pod("web", "uid-web", 5, "2026-01-01T00:00:00Z");
        gateway.failures.add(new ApiCallException(409, "Precondition failed: UID in precondition: uid-web"));

        scheduler.pass();
        scheduler.pass();

        assertEquals(2, gateway.binds.get("web").size(), "no back-off after a conflict");
        assertEquals(ns + "-a", gateway.bound.get("web"));
    }

    @Test
    void bindsRunSeveralAtOnceAndNoNodeIsGivenMoreThanItsRoom() {
        for (String node : List.of("a", "b", "c")) {
            node(ns + "-" + node);
        }
        for (int i = 0; i < 6; i++) {
            pod("web-" + i, "uid-web-" + i, 5, "2026-01-01T00:00:0" + i + "Z");
        }
        gateway.latency = Duration.ofMillis(300);

        scheduler.pass();

        assertEquals(Set.of("web-0", "web-1", "web-2"),
                gateway.bound.keySet(), "the three oldest are bound, one per node: " + gateway.bound);
        assertEquals(3, Set.copyOf(gateway.bound.values()).size(), "one per node: " + gateway.bound);
        assertTrue(gateway.mostAtOnce.get() >= 2, "binds under way at once: " + gateway.mostAtOnce.get());
        for (int i = 3; i < 6; i++) {
            assertEquals(List.of("FailedScheduling: 0/3 nodes are available: 3 Insufficient cpu. preemption: 0/3 "
                    + "nodes are available: 3 No preemption victims found for incoming pod."),
                    gateway.warnings.get("web-" + i), "web-" + i + " waits for room");
        }
    }

    /** A scheduler of the test's own binding one pod at a time, in the order the pass decides them. */
    private void bindOneAtATime() {
        scheduler.stop();
        scheduler = new Scheduler(informers, null, gateway, json, clock, 1);
    }

    /**
     * An api-gateway answering binds of the test's namespace as the real one does, projecting a bound pod into the
     * grid (as the real one's projection would), and failing on demand.
     */
    static final class StandInGateway extends ApiClient {

        final Map<String, List<JsonNode>> binds = new ConcurrentHashMap<>();
        final Map<String, String> bound = new ConcurrentHashMap<>();
        final Map<String, JsonNode> statusPatches = new ConcurrentHashMap<>();
        final Map<String, List<String>> warnings = new ConcurrentHashMap<>();
        final Deque<ApiCallException> failures = new ConcurrentLinkedDeque<>();
        /** How long a bind takes to be answered. */
        volatile Duration latency = Duration.ZERO;
        /** The most binds that were under way at once. */
        final AtomicInteger mostAtOnce = new AtomicInteger();
        private final AtomicInteger underWay = new AtomicInteger();
        private final ObjectMapper json;
        private final String namespace;
        private final BiConsumer<String, String> project;

        StandInGateway(ObjectMapper json, String namespace, BiConsumer<String, String> project) {
            super(URI.create("http://127.0.0.1:9"), json, "test");
            this.json = json;
            this.namespace = namespace;
            this.project = project;
        }

        @Override
        public JsonNode create(String collection, JsonNode object) {
            if (collection.endsWith("/events")) {
                if ("Warning".equals(object.path("type").asText())) {
                    warnings.computeIfAbsent(object.at("/involvedObject/name").asText(),
                            key -> Collections.synchronizedList(new ArrayList<>()))
                            .add(object.path("reason").asText() + ": " + object.path("message").asText());
                }
                return object;
            }
            String prefix = "/api/v1/namespaces/" + namespace + "/pods/";
            if (!collection.startsWith(prefix) || !collection.endsWith("/binding")) {
                throw new ApiCallException(404, collection + ": not this test's");
            }
            String pod = collection.substring(prefix.length(), collection.length() - "/binding".length());
            binds.computeIfAbsent(pod, key -> Collections.synchronizedList(new ArrayList<>())).add(object);
            mostAtOnce.accumulateAndGet(underWay.incrementAndGet(), Math::max);
            try {
                Thread.sleep(latency.toMillis());
                ApiCallException failure = failures.poll();
                if (failure != null) {
                    throw failure;
                }
                String node = object.at("/target/name").asText();
                String already = bound.putIfAbsent(pod, node);
                if (already != null) {
                    throw new ApiCallException(409, "pod " + pod + " is already assigned to node " + already);
                }
                project.accept(pod, node);
                return json.createObjectNode().put("kind", "Status").put("status", "Success").put("code", 201);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ApiCallException(0, "interrupted");
            } finally {
                underWay.decrementAndGet();
            }
        }

        @Override
        public JsonNode patch(String path, String contentType, JsonNode patch) {
            if (path.endsWith("/status")) {
                String pod = path.substring(0, path.length() - "/status".length());
                statusPatches.put(pod.substring(pod.lastIndexOf('/') + 1), patch);
            }
            return patch;
        }
    }

    /** A clock the test moves. */
    static final class TestClock extends Clock {

        private Instant now = Instant.parse("2026-01-01T00:01:00Z");

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
