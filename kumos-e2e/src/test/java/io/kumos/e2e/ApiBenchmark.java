package io.kumos.e2e;

import static io.kumos.e2e.Percentiles.percentile;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A benchmark, not a test: it prints figures and asserts only that the requests succeeded: every failed
 * request, unfinished run or watch event not delivered is counted, printed and fails the run, and rates count
 * only the requests that succeeded. Excluded from the
 * test run; run it with {@code ./mvnw -B verify -pl kumos-e2e -am -Dgroups=benchmark -Dkumos.excludedGroups=none}.
 *
 * <p>Write latency is reported with the latency of {@code GET /version} measured in the same run as a baseline,
 * since these machines are noisy; and the same writes (same clients, same value size, durable) are made to etcd,
 * the store that bounds kube-apiserver, started beside Kumos on the same disk, when Debian's {@code etcd-server}
 * is installed: the ratio of the two is the figure to follow.
 */
@Tag("benchmark")
class ApiBenchmark extends KumosUp {

    /** Clients, and how many writes they make: enough at each level for a steady rate. */
    private static final int[][] LEVELS = {{1, 1000}, {8, 4000}, {32, 10_000}};
    private static final String VALUE = "{\"metadata\":{\"name\":\"w%d\"},\"data\":{\"k\":\"v\"}}";
    private static final int WATCHERS = 100;
    private static final int LISTED = 10_000;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .executor(Executors.newFixedThreadPool(8)).build();
    /** What went wrong in this run, one line each. */
    private final List<String> failures = Collections.synchronizedList(new ArrayList<>());

    ApiBenchmark() {
        super("bench");
    }

    @Test
    void figures() throws Exception {
        send("POST", "/api/v1/namespaces", "{\"metadata\":{\"name\":\"bench\"}}");
        warmUp();
        double baseline = percentile(run(8, 2000, i -> send("GET", "/version", null)), 50);
        System.out.printf("%nBASELINE GET /version p50 %.2f ms (8 clients)%n", baseline);
        AtomicInteger names = new AtomicInteger();
        List<Level> kumosLevels = new ArrayList<>();
        for (int[] level : LEVELS) {
            CpuMeter cpu = CpuMeter.start(kumosProcesses());
            Level measured = writes(level[0], level[1], i -> send("POST", "/api/v1/namespaces/bench/configmaps",
                    VALUE.formatted(names.incrementAndGet())));
            kumosLevels.add(measured);
            measured.print("WRITE kumos", baseline);
            System.out.printf("CPU per write kumos clients=%-3d %s%n", level[0], cpu.perRequest(level[1]));
        }
        etcdPeer(kumosLevels, baseline);
        watchDelivery();
        listing(names);
        List<String> failed = List.copyOf(failures);
        System.out.printf("FAILURES %d%n", failed.size());
        failed.stream().limit(20).forEach(failure -> System.out.println("  " + failure));
        assertEquals(List.of(), failed, failed.size() + " failures: the figures above do not count them");
    }

    /** The rate and latencies of one level of writes. */
    private record Level(int clients, int total, double seconds, List<Double> latencies) {

        double rate() {
            return latencies.size() / seconds;
        }

        void print(String what, double baseline) {
            System.out.printf("%s clients=%-3d %6.0f writes/s  p50 %6.2f ms  p99 %6.2f ms  (p50/baseline %.1fx)"
                    + "  failed %d%n", what, clients, rate(), percentile(latencies, 50), percentile(latencies, 99),
                    percentile(latencies, 50) / baseline, total - latencies.size());
        }
    }

    private Level writes(int clients, int total, ConcurrentCalls.Call call) throws Exception {
        long start = System.nanoTime();
        List<Double> latencies = run(clients, total, call);
        return new Level(clients, total, (System.nanoTime() - start) / 1e9, latencies);
    }

    /** The same writes to etcd, durable, through its JSON gateway; and the ratios of Kumos to it. */
    private void etcdPeer(List<Level> kumosLevels, double baseline) throws Exception {
        if (!EtcdPeer.installed()) {
            System.out.println("ETCD not installed (apt-get install etcd-server): no peer figures");
            return;
        }
        // What etcd is given is what Kumos stored: the object as created (uid, timestamps, managed fields).
        String stored = http.send(HttpRequest.newBuilder(uri("/api/v1/namespaces/bench/configmaps/w1")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        System.out.printf("ETCD values of %d bytes, as the object Kumos stored%n", stored.length());
        try (EtcdPeer etcd = EtcdPeer.start(kumos.home().resolve("etcd"), http)) {
            AtomicInteger keys = new AtomicInteger();
            writes(8, 300, i -> etcd.put("/registry/configmaps/bench/warm" + i, stored));
            for (Level kumosLevel : kumosLevels) {
                CpuMeter cpu = CpuMeter.start(Map.of("etcd", etcd.process()));
                Level etcdLevel = writes(kumosLevel.clients(), kumosLevel.total(),
                        i -> etcd.put("/registry/configmaps/bench/w" + keys.incrementAndGet(), stored));
                etcdLevel.print("WRITE etcd ", baseline);
                System.out.printf("CPU per write etcd  clients=%-3d %s%n", kumosLevel.clients(),
                        cpu.perRequest(kumosLevel.total()));
                System.out.printf("RATIO kumos/etcd clients=%-3d writes/s %.2f  p99 %.2f%n", kumosLevel.clients(),
                        kumosLevel.rate() / etcdLevel.rate(),
                        percentile(kumosLevel.latencies(), 99) / percentile(etcdLevel.latencies(), 99));
            }
        }
    }

    /** The processes that serve a write: the api-gateway, PostgreSQL (its postmaster and backends), the grid. */
    private Map<String, ProcessHandle> kumosProcesses() throws Exception {
        Map<String, ProcessHandle> processes = new LinkedHashMap<>();
        processes.put("api-gateway", ProcessHandle.of(kumos.pid("api-gateway").orElseThrow()).orElseThrow());
        long postmaster = Long.parseLong(Files.readAllLines(kumos.home().resolve("data/postgres/postmaster.pid"))
                .get(0).trim());
        processes.put("postgres", ProcessHandle.of(postmaster).orElseThrow());
        processes.put("grid", ProcessHandle.of(kumos.pid("grid").orElseThrow()).orElseThrow());
        return processes;
    }

    private void watchDelivery() throws Exception {
        String from = revision();
        Map<String, Long> created = new ConcurrentHashMap<>();
        List<Double> delays = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch open = new CountDownLatch(WATCHERS);
        int events = 20;
        CountDownLatch delivered = new CountDownLatch(WATCHERS * events);
        for (int w = 0; w < WATCHERS; w++) {
            http.sendAsync(HttpRequest.newBuilder(uri("/api/v1/namespaces/bench/configmaps?watch=true&timeoutSeconds=120"
                    + "&labelSelector=watched%3Dyes&resourceVersion=" + from)).build(),
                    HttpResponse.BodyHandlers.ofLines()).thenAccept(response -> {
                        if (response.statusCode() != 200) {
                            failures.add("WATCH answered " + response.statusCode());
                            return;
                        }
                        open.countDown();
                        response.body().forEach(line -> {
                            long now = System.nanoTime();
                            int at = line.indexOf("\"name\":\"d");
                            if (at >= 0) {
                                String name = line.substring(at + 8, line.indexOf('"', at + 8));
                                Long sent = created.get(name);
                                if (sent != null) {
                                    delays.add((now - sent) / 1e6);
                                    delivered.countDown();
                                }
                            }
                        });
                    }).exceptionally(e -> {
                        failures.add("WATCH " + e);
                        return null;
                    });
        }
        if (!open.await(30, TimeUnit.SECONDS)) {
            failures.add("WATCH " + open.getCount() + " of " + WATCHERS + " watches did not open within 30 s");
        }
        Thread.sleep(1000);
        for (int i = 0; i < events; i++) {
            String name = "d" + i;
            // Noted before the write: a watcher may see it before the writer has its answer.
            created.put(name, System.nanoTime());
            send("POST", "/api/v1/namespaces/bench/configmaps", "{\"metadata\":{\"name\":\"" + name
                    + "\",\"labels\":{\"watched\":\"yes\"}}}");
            Thread.sleep(100);
        }
        if (!delivered.await(60, TimeUnit.SECONDS)) {
            failures.add("WATCH " + delivered.getCount() + " of " + WATCHERS * events
                    + " events not delivered within 60 s");
        }
        System.out.printf("WATCH %d watchers x %d writes: delivered %d, write-to-delivery p50 %.1f ms p99 %.1f ms%n",
                WATCHERS, events, delays.size(), percentile(delays, 50), percentile(delays, 99));
    }

    private void listing(AtomicInteger names) throws Exception {
        int missing = LISTED - names.get();
        if (missing > 0) {
            run(32, missing, i -> send("POST", "/api/v1/namespaces/bench/configmaps",
                    VALUE.formatted(names.incrementAndGet())));
        }
        for (String accept : new String[] {"application/json", "application/json;as=Table;v=v1;g=meta.k8s.io"}) {
            List<Double> times = new ArrayList<>();
            int bytes = 0;
            for (int i = 0; i < 5; i++) {
                long start = System.nanoTime();
                HttpResponse<String> list = http.send(HttpRequest.newBuilder(uri("/api/v1/namespaces/bench/configmaps"))
                        .header("Accept", accept).build(), HttpResponse.BodyHandlers.ofString());
                times.add((System.nanoTime() - start) / 1e6);
                bytes = list.body().length();
                assertEquals(200, list.statusCode());
            }
            System.out.printf("LIST %d+ objects as %s: p50 %.0f ms, %d KiB%n", LISTED,
                    accept.contains("Table") ? "Table" : "JSON", percentile(times, 50), bytes / 1024);
        }
    }

    /**
     * Enough requests for the api-gateway's optimising compiler to have compiled the paths measured (it runs with
     * C2, which compiles for a minute or so), so that what is measured is the steady state, as etcd's is.
     */
    private void warmUp() throws Exception {
        run(8, 2000, i -> send("GET", "/version", null));
        run(16, 5000, i -> send("POST", "/api/v1/namespaces/bench/configmaps",
                "{\"metadata\":{\"generateName\":\"warm-\"}}"));
    }

    /** Runs {@code total} calls on {@code clients} threads; the latencies of those that succeeded. */
    private List<Double> run(int clients, int total, ConcurrentCalls.Call call) throws InterruptedException {
        return ConcurrentCalls.run(clients, total, call, failures);
    }

    private void send(String method, String path, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json");
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body));
        int status = http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        if (status >= 300) {
            throw new IllegalStateException(method + " " + path + " answered " + status);
        }
    }

    private String revision() throws Exception {
        String body = http.send(HttpRequest.newBuilder(uri("/api/v1/namespaces/bench/configmaps?limit=1")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        int at = body.indexOf("\"resourceVersion\":\"") + 19;
        return body.substring(at, body.indexOf('"', at));
    }

    private static URI uri(String path) {
        return URI.create("http://127.0.0.1:" + KumosCli.API_PORT + path);
    }
}
