package io.kumos.e2e;

import static io.kumos.e2e.Percentiles.percentile;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import io.kumos.testing.Command;
import io.kumos.testing.TestImages;

/**
 * A benchmark, not a test: pod start latency, from the create request to the moment a watch sees the pod Running,
 * one pod at a time and 50 pods created at once on 3 nodes (scheduling, binding, the agent's pass, the sandbox and
 * the container on the engine, the status write). The baselines, measured in the same run, are {@code docker run -d}
 * of the same image straight on the engine, one at a time and 100 (two per pod) eight at a time: what the
 * containers cost with no orchestration at all.
 * Run it with {@code ./mvnw -B verify -pl kumos-e2e -Dgroups=benchmark -Dkumos.excludedGroups=none
 * -Dtest=PodStartBenchmark -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@Tag("benchmark")
class PodStartBenchmark extends KumosUp {

    private static final int PODS = 50;
    private static final Pattern NAME = Pattern.compile("\"name\":\"(start-\\d+)\"");

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    PodStartBenchmark() {
        super("bench-pods", "--nodes", "3");
    }

    @Test
    void figures() throws Exception {
        TestImages.busybox();
        List<Double> baseline = dockerRun(10, 1);
        long burstStart = System.nanoTime();
        List<Double> engineBurst = dockerRun(2 * PODS, 8);
        double engineTotal = (System.nanoTime() - burstStart) / 1e9;
        send("POST", "/api/v1/namespaces", "{\"metadata\":{\"name\":\"bench\"}}");

        // One pod at a time: what a user waits for on an idle cluster.
        List<Double> single = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            single.addAll(start(PODS + i, 1, 1));
        }
        long start = System.nanoTime();
        List<Double> latencies = start(0, PODS, 8);
        double total = (System.nanoTime() - start) / 1e9;

        double p50 = percentile(latencies, 50);
        System.out.printf("%nBASELINE docker run -d, one at a time: p50 %.0f ms p99 %.0f ms%n",
                percentile(baseline, 50), percentile(baseline, 99));
        System.out.printf("BASELINE docker run -d, %d containers 8 at a time (a pod is 2): p50 %.0f ms p99 %.0f ms, "
                + "all after %.1f s%n", 2 * PODS, percentile(engineBurst, 50), percentile(engineBurst, 99),
                engineTotal);
        System.out.printf("POD START one at a time: create -> Running p50 %.0f ms  max %.0f ms  (p50/docker run "
                + "%.1fx)%n", percentile(single, 50), Collections.max(single),
                percentile(single, 50) / percentile(baseline, 50));
        System.out.printf("POD START %d pods at once on 3 nodes: create -> Running p50 %.0f ms  p99 %.0f ms  "
                + "(all running after %.1f s; engine alone %.1f s: %.2fx)%n", PODS, p50, percentile(latencies, 99),
                total, engineTotal, total / engineTotal);
    }

    /** Creates pods {@code first…first+count-1} with that many clients; the create → Running latency of each. */
    private List<Double> start(int first, int count, int parallel) throws Exception {
        Map<String, Long> running = new ConcurrentHashMap<>();
        CountDownLatch allRunning = new CountDownLatch(count);
        java.util.Set<String> names = new java.util.HashSet<>();
        for (int i = first; i < first + count; i++) {
            names.add("start-" + i);
        }
        Thread watcher = watch(names, running, allRunning);
        Map<String, Long> created = new ConcurrentHashMap<>();
        ExecutorService clients = Executors.newFixedThreadPool(parallel);
        List<Future<?>> sent = new ArrayList<>();
        for (int i = first; i < first + count; i++) {
            String name = "start-" + i;
            sent.add(clients.submit(() -> {
                created.put(name, System.nanoTime());
                send("POST", "/api/v1/namespaces/bench/pods", """
                        {"metadata":{"name":"%s"},"spec":{"terminationGracePeriodSeconds":1,"containers":[{"name":"main",
                        "image":"%s","command":["sleep","3600"],"resources":{"requests":{"cpu":"10m"}}}]}}
                        """.formatted(name, TestImages.BUSYBOX));
                return null;
            }));
        }
        for (Future<?> future : sent) {
            future.get(60, TimeUnit.SECONDS);
        }
        assertTrue(allRunning.await(5, TimeUnit.MINUTES), () -> running.size() + " of " + count + " pods running");
        watcher.interrupt();
        clients.shutdownNow();
        List<Double> latencies = new ArrayList<>();
        created.forEach((name, at) -> latencies.add((running.get(name) - at) / 1e6));
        return latencies;
    }

    /** Latencies of {@code docker run -d} of the test image, {@code parallel} at a time. */
    private static List<Double> dockerRun(int runs, int parallel) throws Exception {
        List<Double> latencies = Collections.synchronizedList(new ArrayList<>());
        List<String> ids = Collections.synchronizedList(new ArrayList<>());
        ExecutorService clients = Executors.newFixedThreadPool(parallel);
        List<Future<?>> done = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            done.add(clients.submit(() -> {
                long started = System.nanoTime();
                Command.Result run = Command.run(KumosCli.REPO, Map.of(), Duration.ofMinutes(1), List.of("docker",
                        "run", "-d", "--network", "none", TestImages.BUSYBOX, "sleep", "3600"));
                latencies.add((System.nanoTime() - started) / 1e6);
                assertEquals(0, run.exitCode(), run::toString);
                ids.add(run.output().trim());
                return null;
            }));
        }
        for (Future<?> run : done) {
            run.get(5, TimeUnit.MINUTES);
        }
        clients.shutdownNow();
        List<String> remove = new ArrayList<>(List.of("docker", "rm", "-f"));
        remove.addAll(ids);
        Command.run(KumosCli.REPO, Map.of(), Duration.ofMinutes(1), remove);
        return latencies;
    }

    /** Records when each of these pods is first seen Running on a watch of the namespace. */
    private Thread watch(java.util.Set<String> names, Map<String, Long> running, CountDownLatch allRunning)
            throws Exception {
        HttpResponse<java.io.InputStream> response = http.send(HttpRequest.newBuilder(uri(
                "/api/v1/namespaces/bench/pods?watch=true")).build(), HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, response.statusCode());
        Thread thread = new Thread(() -> {
            try (BufferedReader events = new BufferedReader(new InputStreamReader(response.body(),
                    StandardCharsets.UTF_8))) {
                for (String event = events.readLine(); event != null; event = events.readLine()) {
                    long now = System.nanoTime();
                    Matcher matcher = NAME.matcher(event);
                    if (event.contains("\"phase\":\"Running\"") && matcher.find()
                            && names.contains(matcher.group(1)) && running.putIfAbsent(matcher.group(1), now) == null) {
                        allRunning.countDown();
                    }
                }
            } catch (java.io.IOException e) {
                // the watch ends with the benchmark
            }
        }, "bench-watch");
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    private void send(String method, String path, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(body));
        int status = http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        assertTrue(status < 300, () -> method + " " + path + " answered " + status);
    }

    private static URI uri(String path) {
        return URI.create("http://127.0.0.1:" + KumosCli.API_PORT + path);
    }
}
