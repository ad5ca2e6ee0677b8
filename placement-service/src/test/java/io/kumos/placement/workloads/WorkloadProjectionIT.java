package io.kumos.placement.workloads;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.List;

import jakarta.inject.Inject;

import org.infinispan.client.hotrod.RemoteCache;
import org.infinispan.client.hotrod.RemoteCacheManager;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.kumos.grid.GridCaches;
import io.kumos.grid.informers.SharedInformers;
import io.kumos.grid.objects.GridObject;
import io.kumos.grid.objects.ProjectedObjects;
import io.kumos.placement.leader.Role;
import io.kumos.testing.KumosInfraResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The controllers read the workloads from informers of the real grid, in the form and under the names the
 * api-gateway projects them ({@code apps/deployments}, {@code core/pods}, tombstones, the projection marker), and
 * decide nothing while the projection is incomplete.
 */
@QuarkusTest
@WithTestResource(KumosInfraResource.class)
class WorkloadProjectionIT {

    private static final String NAMESPACE = "projection-it";

    @Inject
    RemoteCacheManager grid;

    @Inject
    ObjectMapper json;

    @Inject
    SharedInformers informers;

    private RemoteCache<String, GridObject> objects() {
        return GridCaches.open(grid, GridCaches.OBJECTS);
    }

    private GridObject project(ObjectNode object, String resource, boolean deleted) throws Exception {
        ((ObjectNode) object.get("metadata")).put("namespace", NAMESPACE);
        GridObject projected = new GridObject(resource, NAMESPACE, Metadata.name(object), 1, deleted,
                json.writeValueAsString(object));
        objects().put(projected.key(), projected);
        return projected;
    }

    @Test
    void aProjectedDeploymentGetsItsReplicaSetAndTombstonesAreIgnored() throws Exception {
        objects().put(GridObject.PROJECTION_MARKER, GridObject.marker(1));
        List<GridObject> written = List.of(
                project(TestObjects.deployment("projected", 2), "apps/deployments", false),
                project(TestObjects.deployment("deleted", 2), "apps/deployments", true));
        try {
            await().atMost(Duration.ofSeconds(30)).ignoreExceptions().untilAsserted(() -> assertEquals(
                    List.of("projected"), Cluster.read(informers).in(Kind.DEPLOYMENT, NAMESPACE).stream()
                            .map(Metadata::name).toList()));
            Cluster cluster = Cluster.read(informers);

            FakeApi api = new FakeApi(() -> TestObjects.T0);
            new WorkloadReconciler(api, ZoneOffset.UTC).reconcile(cluster, EnumSet.of(Role.DEPLOYMENTS),
                    TestObjects.T0);
            ObjectNode replicaSet = api.all(Kind.REPLICA_SET).get(0);
            assertEquals(NAMESPACE, Metadata.namespace(replicaSet));
            assertEquals(2, replicaSet.at("/spec/replicas").asInt());
            assertEquals("uid-projected", replicaSet.at("/metadata/ownerReferences/0/uid").asText());
        } finally {
            written.forEach(object -> objects().remove(object.key()));
        }
    }

    @Test
    void nothingIsReadWhileTheProjectionIsBeingRebuilt() {
        GridObject marker = objects().get(GridObject.PROJECTION_MARKER);
        objects().remove(GridObject.PROJECTION_MARKER);
        try {
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThrows(
                    ProjectedObjects.IncompleteProjectionException.class, () -> Cluster.read(informers)));
        } finally {
            objects().put(GridObject.PROJECTION_MARKER, marker == null ? GridObject.marker(1) : marker);
        }
    }
}
