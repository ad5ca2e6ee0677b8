package io.kumos.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import io.kumos.testing.Command;
import io.kumos.testing.Kubectl;
import io.kumos.testing.TestImages;

/**
 * A benchmark, not a test: HTTP requests (one new connection each, as busybox httpd closes after every answer)
 * through {@code kubectl port-forward}, with kubectl 1.27 (SPDY) and 1.33 (SPDY in a WebSocket), at 1 and 16
 * clients, against the same pod reached directly at its address on the node's bridge: requests/s and p50/p99, and
 * for each forward the ratio of its requests/s and p99 to the direct figures at as many clients.
 * Run it with {@code ./mvnw -B verify -pl kumos-e2e -am -Dgroups=benchmark -Dkumos.excludedGroups=none
 * -Dtest=PortForwardBenchmark -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@Tag("benchmark")
class PortForwardBenchmark extends KumosUp {

    private static final Pattern FORWARDING = Pattern.compile("Forwarding from 127\\.0\\.0\\.1:(\\d+) -> 8080");
    private static final int REQUESTS = 400;
    private static final int[] CLIENTS = {1, 16};

    PortForwardBenchmark() {
        super("bench-forward");
    }

    @Test
    void figures() throws Exception {
        TestImages.busybox();
        Path config = kumos.kubeconfig();
        Kubectl kubectl = Kubectl.version("1.33");
        Path manifest = Files.createTempFile(kumos.home(), "bench", ".yaml");
        Files.writeString(manifest, """
                apiVersion: v1
                kind: Pod
                metadata: {name: web}
                spec:
                  containers:
                  - name: main
                    image: %s
                    command: [sh, -c, 'mkdir -p /a; echo hello > /a/index.html; exec httpd -f -p 8080 -h /a']
                """.formatted(TestImages.BUSYBOX));
        ok(kubectl.run(config, "apply", "-f", manifest.toString()));
        ok(kubectl.run(config, "wait", "--for=condition=Ready", "pod/web", "--timeout=90s"));
        String ip = ok(kubectl.run(config, "get", "pod", "web", "-o", "jsonpath={.status.podIP}")).trim();

        List<String> report = new ArrayList<>();
        Map<Integer, Figures> direct = new HashMap<>();
        for (int clients : CLIENTS) {
            direct.put(clients, measure(ip, 8080, clients));
            report.add(direct.get(clients).line("direct to " + ip + ":8080", clients));
        }
        for (String version : List.of("1.27", "1.33")) {
            Process forward = Kubectl.version(version).start(config, "port-forward", "pod/web", ":8080");
            try {
                int port = localPort(forward);
                measure("127.0.0.1", port, 4); // warm-up: the forwarder is copied into the sandbox once
                for (int clients : CLIENTS) {
                    Figures forwarded = measure("127.0.0.1", port, clients);
                    report.add(forwarded.line("kubectl " + version + " port-forward", clients));
                    report.add(String.format("PORT-FORWARD %-34s %2d clients: req/s x%.2f  p99 x%.2f",
                            "  ratio to direct", clients, forwarded.perSecond() / direct.get(clients).perSecond(),
                            forwarded.p99() / direct.get(clients).p99()));
                }
            } finally {
                forward.destroy();
            }
        }
        System.out.println();
        report.forEach(System.out::println);
    }

    /** What REQUESTS requests by a number of clients at once gave: requests/s, latency p50 and p99 in ms. */
    private record Figures(double perSecond, double p50, double p99) {

        String line(String what, int clients) {
            return String.format("PORT-FORWARD %-34s %2d clients: %6.0f req/s  p50 %6.1f ms  p99 %6.1f ms", what,
                    clients, perSecond, p50, p99);
        }
    }

    /** REQUESTS requests by {@code clients} at once. */
    private static Figures measure(String host, int port, int clients) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        AtomicInteger failures = new AtomicInteger();
        try {
            List<Future<Double>> results = new ArrayList<>();
            long start = System.nanoTime();
            for (int i = 0; i < REQUESTS; i++) {
                results.add(pool.submit(() -> {
                    long begin = System.nanoTime();
                    try {
                        HttpTraffic.get(host, port);
                    } catch (IOException e) {
                        failures.incrementAndGet();
                    }
                    return (System.nanoTime() - begin) / 1e6;
                }));
            }
            List<Double> latencies = new ArrayList<>();
            for (Future<Double> result : results) {
                latencies.add(result.get());
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            assertEquals(0, failures.get(), "failed requests to " + host + ":" + port);
            Collections.sort(latencies);
            return new Figures(latencies.size() / seconds, latencies.get(latencies.size() / 2),
                    latencies.get((int) Math.ceil(latencies.size() * 0.99) - 1));
        } finally {
            pool.shutdownNow();
        }
    }

    private static int localPort(Process forward) throws IOException {
        BufferedReader lines = new BufferedReader(new InputStreamReader(forward.getInputStream(),
                StandardCharsets.UTF_8));
        for (String line = lines.readLine(); line != null; line = lines.readLine()) {
            Matcher matcher = FORWARDING.matcher(line);
            if (matcher.find()) {
                Thread drain = new Thread(() -> {
                    try {
                        lines.transferTo(java.io.Writer.nullWriter());
                    } catch (IOException e) {
                        // kubectl ended
                    }
                }, "port-forward-output");
                drain.setDaemon(true);
                drain.start();
                return Integer.parseInt(matcher.group(1));
            }
        }
        throw new IllegalStateException("kubectl port-forward ended before it listened");
    }

    private static String ok(Command.Result result) {
        assertEquals(0, result.exitCode(), result::toString);
        return result.output();
    }
}
