package io.kumos.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/**
 * Two api-gateway replicas on one database and one grid stay consistent: clients write through both at once, a
 * watcher on each sees every acknowledged revision exactly once, in increasing order, and both see the same
 * sequence.
 */
class TwoGatewaysE2EIT extends KumosUp {

    private static final int SECOND_PORT = 17470;
    private static final int WRITERS = 4;
    private static final int OBJECTS_PER_WRITER = 60;
    private static final Pattern REVISION = Pattern.compile("\"resourceVersion\":\"(\\d+)\"");

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    TwoGatewaysE2EIT() {
        super("e2e-replicas");
    }

    @Test
    void watchersOfBothReplicasSeeEveryRevisionOnceAndInOrder() throws Exception {
        Process second = startSecondGateway();
        try {
            awaitReady(SECOND_PORT);
            int[] ports = {KumosCli.API_PORT, SECOND_PORT};
            assertEquals(201, send(ports[0], "POST", "/api/v1/namespaces", "{\"metadata\":{\"name\":\"replicas\"}}")
                    .statusCode());
            String from = revisionOf(send(ports[1], "GET", "/api/v1/namespaces/replicas/configmaps", null).body());
            List<List<Long>> seen = List.of(new CopyOnWriteArrayList<>(), new CopyOnWriteArrayList<>());
            List<Thread> watchers = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                watchers.add(watch(ports[i], from, seen.get(i)));
            }
            Set<Long> acknowledged = new ConcurrentSkipListSet<>();
            ExecutorService writers = Executors.newFixedThreadPool(WRITERS);
            List<Future<?>> running = new ArrayList<>();
            for (int w = 0; w < WRITERS; w++) {
                int writer = w;
                running.add(writers.submit(() -> {
                    for (int i = 0; i < OBJECTS_PER_WRITER; i++) {
                        String name = "r-" + writer + "-" + i;
                        HttpResponse<String> created = send(ports[i % 2], "POST",
                                "/api/v1/namespaces/replicas/configmaps",
                                "{\"metadata\":{\"name\":\"" + name + "\"},\"data\":{\"v\":\"0\"}}");
                        assertEquals(201, created.statusCode(), created::body);
                        acknowledged.add(Long.parseLong(revisionOf(created.body())));
                        HttpResponse<String> patched = send(ports[(i + 1) % 2], "PATCH",
                                "/api/v1/namespaces/replicas/configmaps/" + name, "{\"data\":{\"v\":\"1\"}}");
                        assertEquals(200, patched.statusCode(), patched::body);
                        acknowledged.add(Long.parseLong(revisionOf(patched.body())));
                    }
                    return null;
                }));
            }
            for (Future<?> writer : running) {
                writer.get();
            }
            writers.shutdown();
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while ((seen.get(0).size() < acknowledged.size() || seen.get(1).size() < acknowledged.size())
                    && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            watchers.forEach(Thread::interrupt);
            assertEquals(WRITERS * OBJECTS_PER_WRITER * 2, acknowledged.size());
            for (int i = 0; i < 2; i++) {
                List<Long> revisions = seen.get(i);
                for (int r = 1; r < revisions.size(); r++) {
                    assertTrue(revisions.get(r) > revisions.get(r - 1), "watcher " + i + " saw revision "
                            + revisions.get(r) + " after " + revisions.get(r - 1));
                }
                assertEquals(acknowledged, new TreeSet<>(revisions), "watcher " + i + " saw other revisions");
            }
            assertEquals(seen.get(0), seen.get(1), "the two replicas' watchers saw different sequences");
            System.out.printf("Two gateways: %d acknowledged writes through both, each watcher saw all %d in order%n",
                    acknowledged.size(), seen.get(0).size());
        } finally {
            second.destroy();
            second.onExit().get();
        }
    }

    /** The api-gateway's own command line, as {@code ./kumos up} recorded it, on another port. */
    private Process startSecondGateway() throws IOException {
        Path recorded = kumos.home().resolve("run").resolve("api-gateway.cmd");
        List<String> command = new ArrayList<>(Arrays.asList(
                Files.readString(recorded, StandardCharsets.UTF_8).split("\u0000")));
        command.removeIf(String::isEmpty);
        command.replaceAll(part -> part.startsWith("-Dkumos.port=") ? "-Dkumos.port=" + SECOND_PORT : part);
        Path log = kumos.home().resolve("api-gateway-2.log");
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    private void awaitReady(int port) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (send(port, "GET", "/readyz", null).statusCode() == 200) {
                    return;
                }
            } catch (IllegalStateException notYet) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        throw new AssertionError("the second api-gateway did not become ready on port " + port);
    }

    /** A watch from {@code from}; the revision of every event goes into {@code seen}. */
    private Thread watch(int port, String from, List<Long> seen) throws Exception {
        HttpResponse<java.io.InputStream> response = http.send(HttpRequest.newBuilder(URI.create(
                        "http://127.0.0.1:" + port + "/api/v1/namespaces/replicas/configmaps?watch=true&resourceVersion="
                                + from)).build(), HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, response.statusCode());
        Thread reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(response.body(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                    Matcher revision = REVISION.matcher(line);
                    if (revision.find()) {
                        seen.add(Long.parseLong(revision.group(1)));
                    }
                }
            } catch (IOException closed) {
                // the test is over
            }
        });
        reader.setDaemon(true);
        reader.start();
        return reader;
    }

    private HttpResponse<String> send(int port, String method, String path, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", method.equals("PATCH") ? "application/merge-patch+json" : "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String revisionOf(String body) {
        Matcher revision = REVISION.matcher(body);
        assertTrue(revision.find(), body);
        return revision.group(1);
    }
}
