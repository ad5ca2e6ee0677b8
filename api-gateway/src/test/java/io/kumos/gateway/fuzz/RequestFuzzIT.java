package io.kumos.gateway.fuzz;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamWriteConstraints;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.kumos.gateway.fuzz.FuzzSeeds.Seed;
import io.kumos.gateway.fuzz.FuzzVerdict.Outcome;
import io.kumos.gateway.network.StandInNetworkService;
import io.kumos.testing.KumosInfraResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Fuzzes the object endpoints of the real api-gateway (real PostgreSQL and Infinispan Server): mutated bodies of
 * every kind in {@link FuzzSeeds} over POST, PUT and PATCH with every content type the API takes, and some it does
 * not. No answer may be a 5xx; every 4xx is a {@code v1.Status} with a reason; every 2xx a valid object.
 *
 * <p>Reproducible: {@code verify} sends the cases of one seed; {@code -Dkumos.fuzz.seed=random} makes new ones
 * (look for defects that way), and {@code -Dkumos.fuzz.seed=<seed>} runs the cases of a seed again
 * ({@code -Dkumos.fuzz.cases} sets how many, {@code -Dkumos.fuzz.only=<index>} sends one case alone). The seed is
 * printed, and the bodies of the defects found are written to {@code target/fuzz/}.
 *
 * <p>Part of {@code verify} (about a minute); tagged {@code fuzz} so that it can be run alone: {@code ./mvnw -B
 * verify -pl api-gateway -am -Dgroups=fuzz -Dtest=RequestFuzzIT}.
 */
@QuarkusTest
@WithTestResource(KumosInfraResource.class)
@WithTestResource(StandInNetworkService.class)
@Tag("fuzz")
class RequestFuzzIT {

    private static final String NAMESPACE = "request-fuzz";
    private static final int CLIENTS = 4;
    /** The cases {@code verify} sends, the same each time so that a red build is a regression, not bad luck. */
    private static final long VERIFY_SEED = 7202599478098L;

    @ConfigProperty(name = "quarkus.http.test-port")
    int port;

    private final ObjectMapper json = new ObjectMapper(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(10_000)
                    .maxNameLength(Integer.MAX_VALUE).build())
            .streamWriteConstraints(StreamWriteConstraints.builder().maxNestingDepth(10_000).build()).build());
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

    @Test
    void mutatedBodiesNeverGetA5xxAndEveryRefusalIsAStatus() throws Exception {
        String asked = System.getProperty("kumos.fuzz.seed", Long.toString(VERIFY_SEED));
        long seed = asked.equals("random") ? System.nanoTime() : Long.parseLong(asked);
        int cases = Integer.getInteger("kumos.fuzz.cases", 10_000);
        Integer only = Integer.getInteger("kumos.fuzz.only");
        System.out.printf("RequestFuzzIT: seed %d (-Dkumos.fuzz.seed=%d to run these cases again), %d cases%n",
                seed, seed, cases);
        createTargets();

        FuzzCases maker = new FuzzCases(seed, json);
        Map<Integer, LongAdder> codes = new TreeMap<>();
        Map<String, Examples> defects = new ConcurrentHashMap<>();
        ConcurrentLinkedQueue<String> transportFailures = new ConcurrentLinkedQueue<>();
        AtomicInteger done = new AtomicInteger();
        AtomicInteger next = new AtomicInteger(only == null ? 0 : only);
        int end = only == null ? cases : only + 1;
        long started = System.nanoTime();
        // Deep nests are made and written recursively: the clients get stacks to match.
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS,
                task -> new Thread(null, task, "fuzz-client", 512L * 1024 * 1024));
        List<Future<?>> running = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
            running.add(clients.submit(() -> {
                for (int i = next.getAndIncrement(); i < end; i = next.getAndIncrement()) {
                    FuzzCase request;
                    HttpResponse<byte[]> response;
                    try {
                        request = maker.make(i, NAMESPACE);
                    } catch (RuntimeException | StackOverflowError e) {
                        transportFailures.add("#" + i + " could not be made: " + e);
                        continue;
                    }
                    try {
                        response = send(request);
                    } catch (IOException e) {
                        transportFailures.add(request.describe(300) + " -> " + e);
                        continue;
                    }
                    synchronized (codes) {
                        codes.computeIfAbsent(response.statusCode(), k -> new LongAdder()).increment();
                    }
                    FuzzVerdict verdict = FuzzVerdict.judge(request, response.statusCode(), response.body(), json);
                    if (verdict.outcome() == Outcome.DEFECT) {
                        defects.computeIfAbsent(verdict.signature().replaceAll("\\d+", "N"), k -> new Examples())
                                .add(request);
                    }
                    if (done.incrementAndGet() % 1000 == 0) {
                        System.out.printf("RequestFuzzIT: %d cases after %d s%n", done.get(),
                                Duration.ofNanos(System.nanoTime() - started).toSeconds());
                    }
                }
                return null;
            }));
        }
        for (Future<?> client : running) {
            client.get();
        }
        clients.shutdown();
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        int defectCount = defects.values().stream().mapToInt(Examples::count).sum();
        StringBuilder report = new StringBuilder();
        report.append(String.format("RequestFuzzIT: seed %d, %d cases in %d s; answers by code %s; "
                + "defects: %d in %d classes; transport or client failures: %d%n", seed,
                end - (only == null ? 0 : only), took.toSeconds(), codes, defectCount, defects.size(),
                transportFailures.size()));
        defects.forEach((signature, examples) -> {
            report.append(String.format("  %d x %s%n", examples.count(), signature));
            examples.kept().stream().limit(3)
                    .forEach(r -> report.append("      ").append(r.describe(240)).append('\n'));
        });
        transportFailures.stream().limit(5).forEach(f -> report.append("  transport: ").append(f).append('\n'));
        System.out.print(report);
        keep(seed, defects);
        giveBackServiceAddresses();
        assertTrue(defects.isEmpty() && transportFailures.isEmpty(), report.toString());
    }

    /**
     * Deletes the Services the run created, so that the cluster IPs and node ports they hold are free again for
     * the tests that run after it in this application.
     */
    private void giveBackServiceAddresses() throws Exception {
        HttpResponse<String> deleted = http.send(HttpRequest.newBuilder(uri("/api/v1/namespaces/" + NAMESPACE
                + "/services")).DELETE().build(), HttpResponse.BodyHandlers.ofString());
        assertTrue(deleted.statusCode() == 200, "deleting the run's Services: " + deleted.body());
    }

    private void createTargets() throws Exception {
        ensure("/api/v1/namespaces", "{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{\"name\":\""
                + NAMESPACE + "\"}}");
        for (Seed kind : FuzzSeeds.ALL) {
            ensure(kind.collectionPath(NAMESPACE),
                    json.writeValueAsString(kind.object(json, FuzzCases.targetName(kind))));
        }
    }

    private void ensure(String collection, String body) throws Exception {
        HttpResponse<String> created = http.send(HttpRequest.newBuilder(uri(collection))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertTrue(created.statusCode() == 201 || created.statusCode() == 409, collection + ": " + created.body());
    }

    private HttpResponse<byte[]> send(FuzzCase request) throws IOException {
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri(request.path())).timeout(Duration.ofSeconds(30))
                .method(request.method(), HttpRequest.BodyPublishers.ofByteArray(request.body()));
        if (request.contentType() != null) {
            builder.header("Content-Type", request.contentType());
        }
        try {
            return http.send(builder.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    /** The requests of one class of defect: how many, and the first few (bodies can be megabytes). */
    private static final class Examples {

        private final List<FuzzCase> kept = new ArrayList<>();
        private int count;

        synchronized void add(FuzzCase request) {
            count++;
            if (kept.size() < 10) {
                kept.add(request);
            }
        }

        synchronized int count() {
            return count;
        }

        synchronized List<FuzzCase> kept() {
            return List.copyOf(kept);
        }
    }

    /** The kept requests of each defect, in full (bodies in base64), for a closer look. */
    private static void keep(long seed, Map<String, Examples> defects) throws IOException {
        if (defects.isEmpty()) {
            return;
        }
        Path file = Path.of("target", "fuzz", "defects-" + seed + ".txt");
        Files.createDirectories(file.getParent());
        StringBuilder out = new StringBuilder();
        defects.forEach((signature, examples) -> examples.kept().forEach(r -> out.append(signature).append('\t')
                .append(r.index()).append('\t').append(r.method()).append('\t').append(r.path()).append('\t')
                .append(r.contentType()).append('\t').append(Base64.getEncoder().encodeToString(r.body()))
                .append('\n')));
        Files.writeString(file, out);
    }
}
