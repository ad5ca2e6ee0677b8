package io.kumos.e2e;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.kumos.testing.Command;
import io.kumos.testing.Kubectl;
import io.kumos.testing.TestImages;

/**
 * An acknowledged write is never lost and nothing deleted comes back: writers create objects as fast as they can
 * while PostgreSQL's postmaster, the api-gateway and the grid are each killed with SIGKILL, again and again, and
 * restarted; afterwards every object whose create was answered 201 is there with the content it was created
 * with. Pods deleted just before the api-gateway dies stay deleted, and their containers go.
 *
 * <p>Each kill and restart takes about 20 s, so {@code verify} runs two rounds of the three kills; five rounds
 * are {@code -Dkumos.e2e.durability.rounds=5} (README).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AcknowledgedWritesSurviveE2EIT extends KumosUp {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int WRITERS = 8;
    private static final int ROUNDS = Integer.getInteger("kumos.e2e.durability.rounds", 2);
    private static final List<String> VICTIMS = List.of("postgres", "api-gateway", "grid");

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final Kubectl kubectl = Kubectl.version("1.33");

    AcknowledgedWritesSurviveE2EIT() {
        super("e2e-durability");
    }

    @Test
    @Order(1)
    void podsDeletedJustBeforeTheGatewayDiesStayDeletedAndTheirContainersGo() throws Exception {
        TestImages.busybox();
        List<String> pods = List.of("gone-1", "gone-2", "gone-3");
        for (String pod : pods) {
            Command.Result run = kubectl.run(kumos.kubeconfig(), "run", pod, "--image=" + TestImages.BUSYBOX, "--",
                    "sleep", "3600");
            assertEquals(0, run.exitCode(), run::toString);
        }
        Command.Result ready = kubectl.run(kumos.kubeconfig(), "wait", "--for=condition=Ready", "--timeout=120s",
                "pod/gone-1", "pod/gone-2", "pod/gone-3");
        assertEquals(0, ready.exitCode(), ready::toString);
        for (String pod : pods) {
            assertTrue(!containersOf(pod).isEmpty(), "pod " + pod + " has no container");
        }

        for (String pod : pods) {
            assertEquals(200, send("DELETE", "/api/v1/namespaces/default/pods/" + pod,
                    "{\"gracePeriodSeconds\":0}"), "delete of " + pod);
        }
        kill("api-gateway");
        restart("api-gateway");

        for (String pod : pods) {
            assertEquals(404, send("GET", "/api/v1/namespaces/default/pods/" + pod, null), pod + " came back");
        }
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> pods.forEach(pod -> assertEquals(List.of(), containersOf(pod),
                        "containers of the deleted pod " + pod)));
    }

    @Test
    @Order(2)
    void sigkillOfTheDatabaseTheGatewayAndTheGridLosesNoAcknowledgedWrite() throws Exception {
        assertEquals(201, send("POST", "/api/v1/namespaces", "{\"metadata\":{\"name\":\"durability\"}}"));
        Map<String, String> acknowledged = new ConcurrentHashMap<>();
        AtomicInteger refused = new AtomicInteger();
        AtomicBoolean writing = new AtomicBoolean(true);
        ExecutorService writers = Executors.newFixedThreadPool(WRITERS);
        List<Future<?>> running = new ArrayList<>();
        for (int writer = 0; writer < WRITERS; writer++) {
            int id = writer;
            running.add(writers.submit(() -> {
                for (int i = 0; writing.get(); i++) {
                    String name = "w-" + id + "-" + i;
                    String value = Long.toHexString(ThreadLocalRandom.current().nextLong());
                    try {
                        int status = send("POST", "/api/v1/namespaces/durability/configmaps", "{\"metadata\":"
                                + "{\"name\":\"" + name + "\"},\"data\":{\"value\":\"" + value + "\"}}");
                        if (status == 201) {
                            acknowledged.put(name, value);
                        } else {
                            refused.incrementAndGet();
                        }
                    } catch (IOException unanswered) {
                        refused.incrementAndGet(); // may or may not have been written
                        pause();
                    }
                }
            }));
        }
        Map<String, Integer> kills = new TreeMap<>();
        try {
            for (int round = 0; round < ROUNDS; round++) {
                for (String victim : VICTIMS) {
                    awaitMoreAcknowledged(acknowledged, 20);
                    kill(victim);
                    restart(victim);
                    kills.merge(victim, 1, Integer::sum);
                }
            }
            awaitMoreAcknowledged(acknowledged, 20);
        } finally {
            writing.set(false);
            for (Future<?> writer : running) {
                writer.get();
            }
            writers.shutdown();
        }

        Map<String, String> stored = new TreeMap<>();
        JsonNode list = JSON.readTree(get("/api/v1/namespaces/durability/configmaps"));
        list.path("items").forEach(item -> stored.put(item.path("metadata").path("name").asText(),
                item.path("data").path("value").asText()));
        List<String> lost = new ArrayList<>();
        acknowledged.forEach((name, value) -> {
            if (!value.equals(stored.get(name))) {
                lost.add(name + " (acknowledged " + value + ", stored " + stored.get(name) + ")");
            }
        });
        System.out.printf("Durability: %d acknowledged creates by %d writers across SIGKILLs %s, %d unanswered or "
                + "refused; %d objects stored; lost: %d%n", acknowledged.size(), WRITERS, kills, refused.get(),
                stored.size(), lost.size());
        assertEquals(Map.of("api-gateway", ROUNDS, "grid", ROUNDS, "postgres", ROUNDS), kills);
        assertEquals(List.of(), lost, "acknowledged but lost or changed");
        assertTrue(acknowledged.size() >= ROUNDS * VICTIMS.size() * 20, acknowledged.size() + " acknowledged");
    }

    /** SIGKILL: of the postmaster itself for PostgreSQL (its JVM only started it), of the process otherwise. */
    private void kill(String name) throws IOException {
        long pid = name.equals("postgres")
                ? Long.parseLong(Files.readAllLines(kumos.home().resolve("data/postgres/postmaster.pid")).get(0).trim())
                : kumos.pid(name).orElseThrow();
        ProcessHandle process = ProcessHandle.of(pid).orElseThrow(() -> new AssertionError(name + " is not running"));
        process.destroyForcibly();
        process.onExit().join();
    }

    private void restart(String name) {
        Command.Result restart = kumos.run("restart", name);
        assertEquals(0, restart.exitCode(), restart::toString);
    }

    private static void awaitMoreAcknowledged(Map<String, String> acknowledged, int more) {
        int before = acknowledged.size();
        await().atMost(Duration.ofSeconds(60)).until(() -> acknowledged.size() >= before + more);
    }

    private List<String> containersOf(String pod) {
        return Docker.containers("io.kumos.cluster=" + kumos.cluster(), "io.kumos.pod.name=" + pod,
                "io.kumos.pod.namespace=default");
    }

    private String get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    private int send(String method, String path, String body) throws IOException {
        try {
            return http.send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                    .timeout(Duration.ofSeconds(10))
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofString(body)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    private static URI uri(String path) {
        return URI.create("http://127.0.0.1:" + KumosCli.API_PORT + path);
    }

    private static void pause() {
        try {
            Thread.sleep(100); // nothing answers: do not spin while the process restarts
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
