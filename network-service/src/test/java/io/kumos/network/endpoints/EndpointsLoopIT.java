package io.kumos.network.endpoints;

import static io.kumos.network.endpoints.DesiredEndpointsTest.ips;
import static io.kumos.network.endpoints.ManagedKind.ENDPOINTS;
import static io.kumos.network.endpoints.ManagedKind.ENDPOINT_SLICES;
import static io.kumos.network.endpoints.TestObjects.JSON;
import static io.kumos.network.endpoints.TestObjects.pod;
import static io.kumos.network.endpoints.TestObjects.projected;
import static io.kumos.network.endpoints.TestObjects.service;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.inject.Inject;

import org.infinispan.client.hotrod.RemoteCache;
import org.infinispan.client.hotrod.RemoteCacheManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

import com.fasterxml.jackson.databind.JsonNode;

import io.kumos.grid.GridCaches;
import io.kumos.grid.informers.SharedInformers;
import io.kumos.grid.leader.LeaderLock;
import io.kumos.grid.objects.GridObject;
import io.kumos.testing.KumosInfraResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The endpoints loop against the real grid, writing to a fake api-gateway that projects what it is given back into
 * the grid as the real one does. Its period is set far beyond the tests, so what happens within a second happens
 * because a change reached the informers and their handlers woke it. Each test works in a namespace of its own, and its fake gateway
 * projects only that namespace's objects (older tests' Services are not its business).
 */
@QuarkusTest
@WithTestResource(KumosInfraResource.class)
class EndpointsLoopIT {

    private static final Duration WITHIN_A_SECOND = Duration.ofSeconds(1);
    /** For what need not be within a second, only much sooner than the period: a loaded machine is no failure. */
    private static final Duration PROMPTLY = Duration.ofSeconds(5);
    private static final AtomicLong REVISIONS = new AtomicLong(1);

    @Inject
    RemoteCacheManager grid;

    @Inject
    SharedInformers informers;

    private final Set<String> written = ConcurrentHashMap.newKeySet();
    private String ns;
    private FakeApiGateway api;
    private EndpointsLoop loop;

    @BeforeEach
    void startLoop(TestInfo test) {
        ns = "loop-" + test.getTestMethod().orElseThrow().getName().toLowerCase();
        objects().put(GridObject.PROJECTION_MARKER, GridObject.marker(1));
        api = new FakeApiGateway(object -> {
            if (object.namespace().equals(ns)) {
                written.add(object.key());
                objects().put(object.key(), object);
            }
        });
        loop = loop(api, ns);
    }

    /** A loop of its own lock (the service's own controller holds the real one), of a long period. */
    private EndpointsLoop loop(FakeApiGateway writes, String lockName) {
        return new EndpointsLoop(informers, new EndpointsSync(writes, JSON), Duration.ofMinutes(10),
                new LeaderLock(grid, "test/" + lockName, UUID.randomUUID().toString(), Duration.ofSeconds(5),
                        Clock.systemUTC()));
    }

    @AfterEach
    void stopLoop() {
        loop.close();
        written.forEach(key -> objects().remove(key));
    }

    @Test
    void endpointsFollowAReadinessChangeWithinASecond() {
        put("core/services", service(ns, "web", "web", "http:80:8080"));
        put("core/pods", pod(ns, "web-1", "web", "10.244.1.11", false));
        loop.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> api.get(ENDPOINTS, ns, "web") != null);
        assertEquals(List.of("10.244.1.11"), ips(endpoints().path("subsets").path(0).path("notReadyAddresses")));

        put("core/pods", pod(ns, "web-1", "web", "10.244.1.11", true));
        await().atMost(WITHIN_A_SECOND).until(() -> ips(endpoints().path("subsets").path(0).path("addresses"))
                .equals(List.of("10.244.1.11")));
        await().atMost(WITHIN_A_SECOND).until(() -> api.list(ENDPOINT_SLICES, ns).get(0).path("endpoints").path(0)
                .path("conditions").path("ready").asBoolean());

        put("core/pods", pod(ns, "web-2", "web", "10.244.1.12", true));
        await().atMost(WITHIN_A_SECOND).until(() -> ips(endpoints().path("subsets").path(0).path("addresses"))
                .equals(List.of("10.244.1.11", "10.244.1.12")));
    }

    @Test
    void aDeletedServiceLosesItsEndpointsAtOnce() {
        put("core/services", service(ns, "web", "web", "http:80:8080"));
        loop.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> api.get(ENDPOINTS, ns, "web") != null
                && !api.list(ENDPOINT_SLICES, ns).isEmpty());

        delete("core/services", service(ns, "web", "web", "http:80:8080"));

        await().atMost(PROMPTLY).until(() -> api.get(ENDPOINTS, ns, "web") == null
                && api.list(ENDPOINT_SLICES, ns).isEmpty());
    }

    @Test
    void nothingChangesWhileTheProjectionIsIncomplete() {
        put("core/services", service(ns, "web", "web", "http:80:8080"));
        put("core/pods", pod(ns, "web-1", "web", "10.244.1.21", true));
        loop.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> api.get(ENDPOINTS, ns, "web") != null);

        objects().remove(GridObject.PROJECTION_MARKER);
        try {
            await().atMost(PROMPTLY).until(() -> !informers.informer("core/pods").isCurrent());
            delete("core/pods", pod(ns, "web-1", "web", "10.244.1.21", true));
            await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(3)).until(() -> ips(endpoints()
                    .path("subsets").path(0).path("addresses")).equals(List.of("10.244.1.21")));
        } finally {
            objects().put(GridObject.PROJECTION_MARKER, GridObject.marker(1));
        }

        await().atMost(PROMPTLY).until(() -> !endpoints().has("subsets"));
    }

    @Test
    void oneLoopActsAtATimeAndAStandbyTakesOverWhenTheLeaderStops() {
        put("core/services", service(ns, "web", "web", "http:80:8080"));
        put("core/pods", pod(ns, "web-1", "web", "10.244.1.31", true));
        loop.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> api.get(ENDPOINTS, ns, "web") != null);

        FakeApiGateway standbyWrites = new FakeApiGateway(object -> {
        });
        EndpointsLoop standby = loop(standbyWrites, ns);
        try {
            standby.start();
            put("core/pods", pod(ns, "web-2", "web", "10.244.1.32", true));
            await().atMost(PROMPTLY).until(() -> ips(endpoints().path("subsets").path(0).path("addresses"))
                    .equals(List.of("10.244.1.31", "10.244.1.32")));
            standby.wake();
            await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4))
                    .until(() -> standbyWrites.calls().isEmpty());

            loop.close();
            put("core/pods", pod(ns, "web-3", "web", "10.244.1.33", true));
            await().atMost(PROMPTLY).until(() -> standbyWrites.calls().stream()
                    .anyMatch(call -> call.key().contains("endpoints") && call.body().toString()
                            .contains("10.244.1.33")));
        } finally {
            standby.close();
        }
    }

    private JsonNode endpoints() {
        return api.get(ENDPOINTS, ns, "web");
    }

    private void put(String resource, JsonNode object) {
        GridObject projected = projected(resource, object, REVISIONS.incrementAndGet());
        written.add(projected.key());
        objects().put(projected.key(), projected);
    }

    /** The deletion's tombstone, as the api-gateway projects it. */
    private void delete(String resource, JsonNode object) {
        GridObject live = projected(resource, object, REVISIONS.incrementAndGet());
        objects().put(live.key(), new GridObject(live.resource(), live.namespace(), live.name(), live.revision(),
                true, live.json()));
    }

    private RemoteCache<String, GridObject> objects() {
        return GridCaches.open(grid, GridCaches.OBJECTS);
    }
}
