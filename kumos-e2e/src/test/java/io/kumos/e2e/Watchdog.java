package io.kumos.e2e;

import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Watches, every half second until closed, what a user would notice going wrong: a service of Kumos that is not
 * ready, or a Node whose Ready condition is not True. Keeps each such sighting, with its time.
 */
final class Watchdog implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<Integer> servicePorts;
    private final List<String> sightings = Collections.synchronizedList(new ArrayList<>());
    private final Thread thread;
    private volatile boolean running = true;
    private volatile long rounds;

    private Watchdog(List<Integer> servicePorts) {
        this.servicePorts = servicePorts;
        this.thread = new Thread(this::loop, "watchdog");
        thread.setDaemon(true);
    }

    /** Watches the services on these ports ({@code /q/health/ready}) and every Node's Ready condition. */
    static Watchdog start(List<Integer> servicePorts) {
        Watchdog watchdog = new Watchdog(servicePorts);
        watchdog.thread.start();
        return watchdog;
    }

    List<String> sightings() {
        synchronized (sightings) {
            return List.copyOf(sightings);
        }
    }

    long rounds() {
        return rounds;
    }

    private void loop() {
        while (running) {
            long started = System.nanoTime();
            for (int port : servicePorts) {
                check("service on port " + port, () -> {
                    HttpResponse<String> ready = KumosCli.get(port, "/q/health/ready");
                    return ready.statusCode() == 200 ? null : ready.statusCode() + " " + ready.body();
                });
            }
            check("nodes", this::notReadyNodes);
            rounds++;
            long waited = Duration.ofMillis(500).toNanos() - (System.nanoTime() - started);
            if (waited > 0) {
                java.util.concurrent.locks.LockSupport.parkNanos(waited);
            }
        }
    }

    private String notReadyNodes() throws Exception {
        HttpResponse<String> nodes = KumosCli.get(KumosCli.API_PORT, "/api/v1/nodes");
        if (nodes.statusCode() != 200) {
            return "GET /api/v1/nodes: " + nodes.statusCode() + " " + nodes.body();
        }
        List<String> notReady = new ArrayList<>();
        for (JsonNode node : JSON.readTree(nodes.body()).path("items")) {
            String ready = "missing";
            for (JsonNode condition : node.path("status").path("conditions")) {
                if ("Ready".equals(condition.path("type").asText())) {
                    ready = condition.path("status").asText();
                }
            }
            if (!"True".equals(ready)) {
                notReady.add(node.path("metadata").path("name").asText() + " Ready=" + ready);
            }
        }
        return notReady.isEmpty() ? null : String.join(", ", notReady);
    }

    private void check(String what, Probe probe) {
        String problem;
        try {
            problem = probe.problem();
        } catch (UncheckedIOException e) {
            problem = "no answer: " + e.getCause();
        } catch (Exception e) {
            problem = e.toString();
        }
        if (problem != null) {
            sightings.add(System.currentTimeMillis() + " " + what + ": " + problem);
        }
    }

    @FunctionalInterface
    private interface Probe {
        /** What is wrong, or null. */
        String problem() throws Exception;
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join(15_000);
    }
}
