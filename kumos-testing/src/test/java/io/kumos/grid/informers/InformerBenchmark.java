package io.kumos.grid.informers;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.infinispan.client.hotrod.RemoteCache;
import org.infinispan.client.hotrod.RemoteCacheManager;
import org.infinispan.commons.util.CloseableIterator;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.kumos.grid.GridCaches;
import io.kumos.grid.objects.GridObject;
import io.kumos.grid.objects.ObjectJson;
import io.kumos.testing.GridClient;
import io.kumos.testing.KumosInfra;

/**
 * What reading the grid's objects costs an idle cluster of {@code kumos.bench.pods} pods (10,000) on
 * {@code kumos.bench.nodes} nodes (100): the CPU of the Infinispan Server and of the reader, per second, when the
 * reader walks {@code kumos-objects} and parses every object each second (as the scheduler and the node agents did)
 * and when it reads informers kept current by the grid's events. Not a test: it runs only when named,
 *
 * <pre>
 * ./mvnw -B verify -pl kumos-testing -am -Dtest=InformerBenchmark -Dsurefire.failIfNoSpecifiedTests=false
 * </pre>
 */
class InformerBenchmark {

    private static final int PODS = Integer.getInteger("kumos.bench.pods", 10_000);
    private static final int NODES = Integer.getInteger("kumos.bench.nodes", 100);
    private static final Duration STRETCH = Duration.ofSeconds(Integer.getInteger("kumos.bench.seconds", 30));
    private static final Set<String> SCHEDULER_RESOURCES = Set.of("core/pods", "core/nodes", "core/namespaces");

    private final ObjectMapper json = ObjectJson.mapper();

    @Test
    void idleClusterReadEverySecond() throws Exception {
        KumosInfra infra = KumosInfra.shared();
        ProcessHandle server = ProcessHandle.current().children()
                .filter(child -> child.info().arguments().map(List::of).map(args -> args.contains("grid"))
                        .orElse(false))
                .findFirst().orElseThrow(() -> new IllegalStateException("no grid server among the children"));
        // A walk of the whole cache on a busy machine takes more than the default 2 s.
        RemoteCacheManager grid = GridClient.connect(infra.grid().port(), 30_000);
        fill(GridCaches.open(grid, GridCaches.OBJECTS));
        System.out.printf("%nINFORMERS %d pods on %d nodes, idle, read every second for %d s%n", PODS, NODES,
                STRETCH.toSeconds());

        measure("nothing read (the grid idle)", server, () -> 0);
        measure("walk and parse (scheduler, before)", server, () -> {
            walk(grid, SCHEDULER_RESOURCES).forEach(object -> parse(object.json()));
            return SCHEDULER_RESOURCES.size();
        });
        measure("walk, parse, keep one node's pods (node agent, before)", server, () -> {
            walk(grid, Set.of("core/pods")).stream()
                    .filter(object -> parse(object.json()).path("spec").path("nodeName").asText().equals("node-1"))
                    .count();
            return 1;
        });

        try (SharedInformers informers = new SharedInformers(grid, ObjectJson.mapper(), Duration.ofSeconds(1))) {
            long started = System.nanoTime();
            ObjectInformer pods = informers.informer("core/pods");
            await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(10)).until(pods::isCurrent);
            System.out.printf("  the informer of pods current after %d ms (one listing, its first check "
                    + "included)%n", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
            List<ObjectInformer> scheduler = SCHEDULER_RESOURCES.stream().map(informers::informer).toList();
            scheduler.forEach(informer -> await().atMost(Duration.ofMinutes(2)).until(informer::isCurrent));
            assertEquals(PODS, informers.informer("core/pods").current().size());
            measure("informers (scheduler, after)", server, () -> {
                scheduler.forEach(informer -> informer.current().list());
                return scheduler.size();
            });
        }
        try (SharedInformers informers = new SharedInformers(grid, ObjectJson.mapper(), Duration.ofSeconds(1))) {
            ObjectInformer agent = informers.informer(InformerSelection.podsOf("node-1"));
            await().atMost(Duration.ofMinutes(2)).until(agent::isCurrent);
            assertEquals(PODS / NODES, agent.current().size());
            measure("informer of node-1's pods (node agent, after)", server, () -> {
                agent.current().list();
                return 1;
            });
        }
        grid.stop();
    }

    /** Runs {@code read} every second for the stretch; prints the CPU per second of the server and of this JVM. */
    private static void measure(String what, ProcessHandle server, Supplier<Integer> read) throws InterruptedException {
        read.get(); // warm
        Thread.sleep(5000); // and settle
        Duration serverBefore = cpu(server);
        Duration selfBefore = cpu(ProcessHandle.current());
        long started = System.nanoTime();
        long readNanos = 0;
        for (int second = 0; second < STRETCH.toSeconds(); second++) {
            long t0 = System.nanoTime();
            read.get();
            readNanos += System.nanoTime() - t0;
            long next = started + TimeUnit.SECONDS.toNanos(second + 1);
            Thread.sleep(Math.max(0, TimeUnit.NANOSECONDS.toMillis(next - System.nanoTime())));
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        System.out.printf("  %-55s grid %7.1f ms CPU/s   reader %7.1f ms CPU/s   one read %7.1f ms%n", what,
                cpu(server).minus(serverBefore).toNanos() / 1e6 / seconds,
                cpu(ProcessHandle.current()).minus(selfBefore).toNanos() / 1e6 / seconds,
                readNanos / 1e6 / STRETCH.toSeconds());
    }

    private static Duration cpu(ProcessHandle process) {
        return process.info().totalCpuDuration().orElse(Duration.ZERO);
    }

    private com.fasterxml.jackson.databind.JsonNode parse(String text) {
        try {
            return json.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The cluster: namespaces, nodes, and pods spread evenly over the nodes, each about as big as a real one. */
    private static void fill(RemoteCache<String, GridObject> objects) {
        Map<String, GridObject> batch = new HashMap<>();
        long revision = 1;
        for (int n = 0; n < 10; n++) {
            batch.put(GridObject.key("core/namespaces", "", "ns-" + n), new GridObject("core/namespaces", "", "ns-" + n,
                    revision++, false, "{\"kind\":\"Namespace\",\"metadata\":{\"name\":\"ns-" + n + "\"}}"));
        }
        for (int n = 1; n <= NODES; n++) {
            batch.put(GridObject.key("core/nodes", "", "node-" + n), new GridObject("core/nodes", "", "node-" + n,
                    revision++, false, node("node-" + n)));
        }
        for (int p = 0; p < PODS; p++) {
            String namespace = "ns-" + p % 10;
            String node = "node-" + (p % NODES + 1);
            String name = "web-" + p;
            batch.put(GridObject.key("core/pods", namespace, name), new GridObject("core/pods", namespace, name,
                    revision++, false, pod(namespace, name, node), node));
            if (batch.size() >= 1000) {
                objects.putAll(batch);
                batch.clear();
            }
        }
        objects.putAll(batch);
        objects.put(GridObject.PROJECTION_MARKER, GridObject.marker(revision));
    }

    private static String node(String name) {
        return ("{'kind':'Node','apiVersion':'v1','metadata':{'name':'" + name + "','labels':{'kubernetes.io/hostname':'"
                + name + "','kubernetes.io/os':'linux'}},'spec':{'podCIDR':'10.244.1.0/24'},'status':{'capacity':"
                + "{'cpu':'8','memory':'32Gi','pods':'110'},'allocatable':{'cpu':'8','memory':'32Gi','pods':'110'},"
                + "'conditions':[{'type':'Ready','status':'True','reason':'KubeletReady'}],'addresses':[{'type':"
                + "'InternalIP','address':'10.0.0.1'}]}}").replace('\'', '"');
    }

    /** A pod of a ReplicaSet as the API serves it, about 2.5 KB. */
    private static String pod(String namespace, String name, String node) {
        return ("{'kind':'Pod','apiVersion':'v1','metadata':{'name':'" + name + "','namespace':'" + namespace
                + "','uid':'uid-" + name + "','resourceVersion':'1','creationTimestamp':'2026-01-01T00:00:00Z',"
                + "'labels':{'app':'web','pod-template-hash':'5d8f7c9b6'},'ownerReferences':[{'apiVersion':'apps/v1',"
                + "'kind':'ReplicaSet','name':'web-5d8f7c9b6','uid':'uid-rs','controller':true}],'managedFields':"
                + "[{'manager':'kube-controller-manager','operation':'Update','apiVersion':'v1','time':"
                + "'2026-01-01T00:00:00Z','fieldsType':'FieldsV1','fieldsV1':{'f:metadata':{'f:labels':{'.':{},"
                + "'f:app':{},'f:pod-template-hash':{}},'f:ownerReferences':{'.':{},'k:{\\'uid\\':\\'uid-rs\\'}':{}}},"
                + "'f:spec':{'f:containers':{'k:{\\'name\\':\\'web\\'}':{'.':{},'f:image':{},'f:name':{},"
                + "'f:resources':{'.':{},'f:requests':{'.':{},'f:cpu':{},'f:memory':{}}}}}}}}]},'spec':{"
                + "'nodeName':'" + node + "','containers':[{'name':'web','image':'kumos-test/busybox:2','command':"
                + "['httpd','-f','-p','8080'],'ports':[{'containerPort':8080,'protocol':'TCP'}],'env':[{'name':"
                + "'MODE','value':'production'}],'resources':{'requests':{'cpu':'10m','memory':'16Mi'}},"
                + "'readinessProbe':{'httpGet':{'path':'/','port':8080},'periodSeconds':5}}],'restartPolicy':"
                + "'Always','terminationGracePeriodSeconds':30,'schedulerName':'default-scheduler','tolerations':"
                + "[{'key':'node.kubernetes.io/not-ready','operator':'Exists','effect':'NoExecute',"
                + "'tolerationSeconds':300}]},'status':{'phase':'Running','podIP':'10.244.1.7','hostIP':'10.0.0.1',"
                + "'startTime':'2026-01-01T00:00:01Z','conditions':[{'type':'Initialized','status':'True'},{'type':"
                + "'Ready','status':'True'},{'type':'ContainersReady','status':'True'},{'type':'PodScheduled',"
                + "'status':'True'}],'containerStatuses':[{'name':'web','ready':true,'restartCount':0,'image':"
                + "'kumos-test/busybox:2','imageID':'docker://sha256:0f1e2d','containerID':'docker://abc123',"
                + "'started':true,'state':{'running':{'startedAt':'2026-01-01T00:00:02Z'}}}]}}").replace('\'', '"');
    }

    /** The live objects of these resources, by one walk of the whole cache: how services read before informers. */
    private static List<GridObject> walk(RemoteCacheManager grid, Set<String> resources) {
        List<GridObject> live = new ArrayList<>();
        try (CloseableIterator<GridObject> objects = GridCaches.<String, GridObject>open(grid, GridCaches.OBJECTS)
                .values().iterator()) {
            objects.forEachRemaining(object -> {
                if (!object.deleted() && resources.contains(object.resource())) {
                    live.add(object);
                }
            });
        }
        return live;
    }
}
