package io.kumos.e2e;

import static io.kumos.e2e.Percentiles.percentile;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;

import org.infinispan.client.hotrod.RemoteCacheManager;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.kumos.testing.GridClient;
import io.kumos.testing.hollow.HollowFleet;
import io.kumos.testing.hollow.HollowNodes;

/**
 * A benchmark, not a test: the control plane at scale, on simulated nodes ({@link HollowNodes}, as kubemark's hollow
 * nodes) and no node agent. For each fleet size of {@code kumos.bench.nodes} (500, 1,000) a Kumos of its own
 * ({@code ./kumos up --nodes 0}) gets that many nodes over three zones, then {@code kumos.bench.pods} pods (5,000;
 * at 10,000 the 256 MB heaps of placement-, health- and network-service fill with their informers' pods and the
 * scheduler slows to a crawl in garbage collection, so the default stays where a run ends here) created as fast as
 * the API takes them by {@code kumos.bench.clients} clients (32), and it prints, for each number of binds the
 * scheduler runs at once in {@code kumos.bench.parallel-binds} (16; {@code 1,16} compares them), a round of its own:
 * <ul>
 * <li>the scheduler's decisions per second of deciding, from its own counters ({@code GET /placement/v1/stats}:
 * filters and scores only), and of each of its binds under way;</li>
 * <li>pods bound and persisted per second (seen bound on a watch of the API), from the first create to the last
 * bind, and create→bound latency p50/p99;</li>
 * <li>the resident memory of every process of that Kumos at the end;</li>
 * <li>and, after the last round, each figure of each round as a ratio to the first round's.</li>
 * </ul>
 * With {@code -Dkumos.bench.run-pods=true} the simulated nodes also report their pods Running (one more write per
 * pod); with {@code -Dkumos.bench.lease-renewal=10} they renew their Leases every 10 s through the API, as a kubelet
 * does (by default they are created once, since health-service hears nodes by their grid heartbeats). Fails only if
 * a create failed or a pod was not seen bound. Run it with {@code ./mvnw -B verify -pl kumos-e2e -am
 * -Dgroups=benchmark -Dkumos.excludedGroups=none -Dtest=ScaleBenchmark -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@Tag("benchmark")
class ScaleBenchmark {

    private static final List<Integer> SIZES = Arrays.stream(System.getProperty("kumos.bench.nodes", "500,1000")
            .split(",")).map(String::trim).map(Integer::parseInt).toList();
    private static final List<String> PARALLEL_BINDS = Arrays.stream(System.getProperty(
            "kumos.bench.parallel-binds", "16").split(",")).map(String::trim).toList();
    private static final int PODS = Integer.getInteger("kumos.bench.pods", 5_000);
    private static final int CLIENTS = Integer.getInteger("kumos.bench.clients", 32);
    private static final boolean RUN_PODS = Boolean.getBoolean("kumos.bench.run-pods");
    private static final int LEASE_RENEWAL = Integer.getInteger("kumos.bench.lease-renewal", 0);
    private static final Duration BIND_TIMEOUT = Duration.ofMinutes(Integer.getInteger("kumos.bench.bind-minutes", 15));
    private static final URI API = URI.create("http://127.0.0.1:" + KumosCli.API_PORT);
    private static final String POD = """
            {"metadata":{"name":"p-%d","labels":{"app":"scale-%d"}},"spec":{"containers":[{"name":"main",
            "image":"kumos-test/busybox:2","command":["sleep","3600"],
            "resources":{"requests":{"cpu":"10m","memory":"16Mi"}}}]}}
            """;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .executor(Executors.newFixedThreadPool(8)).build();
    private final ObjectMapper json = new ObjectMapper();
    private final List<String> failures = Collections.synchronizedList(new ArrayList<>());

    @Test
    void figures() throws Exception {
        System.out.printf("%nSCALE %d pods by %d clients into %s simulated nodes (3 zones), %s binds at once, pods "
                + "run: %s, leases renewed: %s%n", PODS, CLIENTS, SIZES, PARALLEL_BINDS, RUN_PODS,
                LEASE_RENEWAL > 0 ? "every " + LEASE_RENEWAL + " s" : "no");
        Map<String, Map<String, Double>> figures = new LinkedHashMap<>();
        for (int nodes : SIZES) {
            for (String binds : PARALLEL_BINDS) {
                figures.put(nodes + " nodes, " + binds + " binds", round(nodes, binds));
            }
        }
        printGrowth(figures);
        List<String> failed = List.copyOf(failures);
        System.out.printf("FAILURES %d%n", failed.size());
        failed.stream().limit(20).forEach(failure -> System.out.println("  " + failure));
        assertEquals(List.of(), failed, failed.size() + " failures: the figures above do not count them");
    }

    /** One size on a Kumos of its own, the scheduler binding that many at once; the figures, by name, in order. */
    private Map<String, Double> round(int nodes, String parallelBinds) throws Exception {
        KumosCli kumos = new KumosCli("bench-scale").withEnv("KUMOS_PLACEMENT_SCHEDULER_PARALLEL_BINDS",
                parallelBinds).fresh();
        kumos.up(List.of("--nodes", "0"));
        HollowFleet fleet = HollowFleet.of("hollow", nodes).runningPods(RUN_PODS);
        if (LEASE_RENEWAL > 0) {
            fleet = fleet.withLeaseRenewal(Duration.ofSeconds(LEASE_RENEWAL));
        }
        RemoteCacheManager grid = GridClient.connect(KumosCli.GRID_PORT, 30_000);
        long registering = System.nanoTime();
        try (HollowNodes hollow = HollowNodes.start(fleet, API, grid)) {
            double registered = (System.nanoTime() - registering) / 1e9;
            await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> health().path("nodes").path("ready").asInt() == nodes);
            System.out.printf("%n%d NODES registered in %.1f s, all Ready in health-service after %.1f s%n", nodes,
                    registered, (System.nanoTime() - registering) / 1e9);
            Map<String, Double> figures = load(kumos, nodes);
            JsonNode health = health();
            System.out.printf("  nodes at the end: %s; NotReady transitions %d; hollow nodes: %d pods reported "
                    + "Running, %s%n", health.path("nodes"), health.path("nodeNotReadyTransitionsTotal").asLong(),
                    hollow.podsRunning(), hollow.failures());
            return figures;
        } finally {
            grid.stop();
            kumos.run("down");
        }
    }

    /** Creates the pods, waits for them to be bound; prints and answers the figures. */
    private Map<String, Double> load(KumosCli kumos, int nodes) throws Exception {
        send("POST", "/api/v1/namespaces", "{\"metadata\":{\"name\":\"bench\"}}");
        long[] createdAt = new long[PODS];
        Map<String, Double> figures = new LinkedHashMap<>();
        JsonNode before = placement();
        try (PodBindWatch watch = PodBindWatch.open(http, API, "bench")) {
            long start = System.nanoTime();
            List<Double> creates = ConcurrentCalls.run(CLIENTS, PODS, i -> {
                createdAt[i] = System.nanoTime();
                send("POST", "/api/v1/namespaces/bench/pods", POD.formatted(i, i % 100));
            }, failures);
            double createSeconds = (System.nanoTime() - start) / 1e9;
            await().atMost(BIND_TIMEOUT).pollInterval(Duration.ofSeconds(1))
                    .until(() -> watch.bound().size() >= creates.size() || !watch.ended().isEmpty());
            if (watch.bound().size() < creates.size()) {
                failures.add(watch.bound().size() + " of " + creates.size() + " pods seen bound: " + watch.ended());
            }
            JsonNode after = placement();
            List<Double> latencies = new ArrayList<>();
            long lastBound = start;
            for (int i = 0; i < PODS; i++) {
                Long bound = watch.bound().get("p-" + i);
                if (bound != null) {
                    latencies.add((bound - createdAt[i]) / 1e6);
                    lastBound = Math.max(lastBound, bound);
                }
            }
            figures.put("creates/s", creates.size() / createSeconds);
            figures.put("create p99 ms", percentile(creates, 99));
            figures.put("decisions/s (scheduler alone)", rate(before, after, "decisions", "decisionMillis"));
            figures.put("binds/s of each bind under way", rate(before, after, "binds", "bindMillis"));
            figures.put("read ms per pass", delta(before, after, "readMillis") / delta(before, after, "passes"));
            figures.put("bound+persisted/s", latencies.size() / ((lastBound - start) / 1e9));
            figures.put("create->bound p50 ms", percentile(latencies, 50));
            figures.put("create->bound p99 ms", percentile(latencies, 99));
            System.out.printf("  CREATE %d pods in %.1f s: %.0f creates/s, p50 %.1f ms p99 %.1f ms%n", creates.size(),
                    createSeconds, figures.get("creates/s"), percentile(creates, 50), percentile(creates, 99));
            System.out.printf("  SCHEDULER %.0f decisions over %.0f passes: %.0f decisions/s of deciding alone, "
                    + "%.0f binds/s of each bind under way, %.1f ms reading the informers per pass%n",
                    delta(before, after, "decisions"), delta(before, after, "passes"),
                    figures.get("decisions/s (scheduler alone)"), figures.get("binds/s of each bind under way"),
                    figures.get("read ms per pass"));
            System.out.printf("  BOUND %d pods, the last %.1f s after the first create: %.0f pods bound and "
                    + "persisted/s; create->bound p50 %.0f ms p99 %.0f ms%n", latencies.size(),
                    (lastBound - start) / 1e9, figures.get("bound+persisted/s"), figures.get("create->bound p50 ms"),
                    figures.get("create->bound p99 ms"));
            Map<String, Long> perNode = watch.nodes().values().stream()
                    .collect(Collectors.groupingBy(node -> node, Collectors.counting()));
            System.out.printf("  SPREAD over %d of the %d nodes, %d to %d pods each; %d pods on nodes past the "
                    + "256th, which could have no pod subnet%n", perNode.size(), nodes,
                    perNode.values().stream().mapToLong(Long::longValue).min().orElse(0),
                    perNode.values().stream().mapToLong(Long::longValue).max().orElse(0),
                    watch.nodes().values().stream().filter(node -> Integer.parseInt(
                            node.substring(node.lastIndexOf('-') + 1)) > 256).count());
            if (RUN_PODS) {
                System.out.printf("  RUNNING %d pods seen Running%n", watch.running().size());
            }
        }
        StringBuilder memory = new StringBuilder();
        ProcessMemory.ofKumos(kumos).forEach((process, mib) -> {
            memory.append(String.format("%s %.0f MiB  ", process, mib));
            figures.put("RSS " + process + " MiB", mib);
        });
        System.out.printf("  RSS %s%n", memory.toString().trim());
        return figures;
    }

    /** Every figure of every round, and its ratio to the first round's. */
    private static void printGrowth(Map<String, Map<String, Double>> figures) {
        String first = figures.keySet().iterator().next();
        System.out.printf("%nGROWTH relative to %s%n", first);
        System.out.printf("  %-32s", "figure");
        figures.keySet().forEach(round -> System.out.printf("%26s", round));
        System.out.println();
        for (String figure : figures.get(first).keySet()) {
            System.out.printf("  %-32s", figure);
            double base = figures.get(first).get(figure);
            figures.values().forEach(size -> {
                double value = size.getOrDefault(figure, Double.NaN);
                System.out.printf("%26s", String.format("%.1f (%.2fx)", value, value / base));
            });
            System.out.println();
        }
    }

    private static double rate(JsonNode before, JsonNode after, String count, String millis) {
        return delta(before, after, count) / (delta(before, after, millis) / 1000);
    }

    private static double delta(JsonNode before, JsonNode after, String field) {
        return after.path("scheduler").path(field).asDouble() - before.path("scheduler").path(field).asDouble();
    }

    private JsonNode placement() throws Exception {
        return json.readTree(KumosCli.get(KumosCli.PLACEMENT_PORT, "/placement/v1/stats").body());
    }

    private JsonNode health() throws Exception {
        return json.readTree(KumosCli.get(KumosCli.HEALTH_PORT, "/health/v1/stats").body());
    }

    private void send(String method, String path, String body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(API.resolve(path)).header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(body)).build();
        int status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        if (status >= 300) {
            throw new IllegalStateException(method + " " + path + " answered " + status);
        }
    }
}
