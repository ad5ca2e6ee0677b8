package io.kumos.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import io.kumos.testing.Command;

/**
 * An acknowledged write is never lost: clients create objects as fast as they can, the api-gateway is killed
 * with SIGKILL in the middle, and after its restart every object whose create was answered 201 is there.
 */
class AcknowledgedWritesSurviveE2EIT extends KumosUp {

    private static final int CLIENTS = 4;
    private static final Pattern NAME = Pattern.compile("\"name\":\"(w-\\d+-\\d+)\"");

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    AcknowledgedWritesSurviveE2EIT() {
        super("e2e-durability");
    }

    @Test
    void sigkillOfTheGatewayLosesNoAcknowledgedWrite() throws Exception {
        assertEquals(201, post("/api/v1/namespaces", "{\"metadata\":{\"name\":\"durability\"}}"));
        Set<String> acknowledged = Collections.synchronizedSet(new HashSet<>());
        AtomicBoolean gatewayUp = new AtomicBoolean(true);
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        List<Future<?>> running = new ArrayList<>();
        for (int client = 0; client < CLIENTS; client++) {
            int id = client;
            running.add(clients.submit(() -> {
                for (int i = 0; gatewayUp.get() && i < 100_000; i++) {
                    String name = "w-" + id + "-" + i;
                    try {
                        if (post("/api/v1/namespaces/durability/configmaps", "{\"metadata\":{\"name\":\"" + name
                                + "\"},\"data\":{\"i\":\"" + i + "\"}}") == 201) {
                            acknowledged.add(name);
                        }
                    } catch (IOException connectionLost) {
                        return; // unacknowledged: may or may not have been written
                    }
                }
            }));
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (acknowledged.size() < 200 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        ProcessHandle gateway = ProcessHandle.of(kumos.pid("api-gateway").orElseThrow()).orElseThrow();
        gateway.destroyForcibly();
        gateway.onExit().join();
        gatewayUp.set(false);
        for (Future<?> client : running) {
            client.get();
        }
        clients.shutdown();
        assertTrue(acknowledged.size() >= 200, "only " + acknowledged.size() + " writes before the kill");

        Command.Result restart = kumos.run("restart", "api-gateway");
        assertEquals(0, restart.exitCode(), restart::toString);
        HttpResponse<String> list = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + KumosCli.API_PORT
                + "/api/v1/namespaces/durability/configmaps")).build(), HttpResponse.BodyHandlers.ofString());
        Set<String> stored = new HashSet<>();
        Matcher names = NAME.matcher(list.body().replace(" ", ""));
        while (names.find()) {
            stored.add(names.group(1));
        }
        Set<String> lost = new HashSet<>(acknowledged);
        lost.removeAll(stored);
        System.out.printf("SIGKILL of the api-gateway after %d acknowledged creates: %d of them stored after restart%n",
                acknowledged.size(), acknowledged.size() - lost.size());
        assertEquals(Set.of(), lost, "acknowledged but lost after SIGKILL (" + acknowledged.size() + " acknowledged)");
    }

    private int post(String path, String body) throws IOException {
        try {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + KumosCli.API_PORT + path))
                    .header("Content-Type", "application/json").timeout(Duration.ofSeconds(10))
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }
}
