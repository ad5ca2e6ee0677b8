package io.kumos.gateway.watch;

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
import java.util.UUID;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.kumos.gateway.store.ObjectKey;
import io.kumos.gateway.store.ObjectRecord;
import io.kumos.testing.KumosInfraResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Multi;

/**
 * A watch resumed from a resourceVersion that more than 100,000 changes have passed receives every change of its
 * resource since, in order: the replay reads the log a page at a time to its end instead of stopping short.
 */
@QuarkusTest
@WithTestResource(KumosInfraResource.class)
class WatchReplayIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String NS = "replay";
    private static final int CHANGES = 110_000;
    /** Three changes in eleven are of the watched resource. */
    private static final int WATCHED = 30_000;

    @ConfigProperty(name = "quarkus.http.test-port")
    int port;

    @Inject
    ObjectRecord record;

    @Test
    void aWatchFromBeforeMoreThanAHundredThousandChangesReceivesEveryOneOfItsResourceInOrder() throws Exception {
        long from = record.currentRevision().await().indefinitely();
        // The watched ConfigMaps and other changes interleaved, as the log of a busy cluster holds them.
        Multi.createFrom().range(0, CHANGES)
                .onItem().transformToUni(i -> i % 11 < 3
                        ? record.create(new ObjectKey("core/configmaps", NS, "cm-" + i), UUID.randomUUID(),
                                configMap("cm-" + i))
                        : record.create(new ObjectKey("test.kumos.io/noise", NS, "n-" + i), UUID.randomUUID(),
                                configMap("n-" + i)))
                .merge(512)
                .collect().last().await().atMost(Duration.ofMinutes(5));
        long to = record.currentRevision().await().indefinitely();
        assertTrue(to - from >= CHANGES, "only " + (to - from) + " changes were written");
        long expected = record.list("core/configmaps", NS).await().indefinitely().objects().size();
        assertEquals(WATCHED, expected);

        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/namespaces/"
                + NS + "/configmaps?watch=true&timeoutSeconds=120&resourceVersion=" + from)).build();
        HttpResponse<java.io.InputStream> response = HttpClient.newHttpClient()
                .send(request, HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, response.statusCode());
        long received = 0;
        long last = from;
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(response.body(),
                StandardCharsets.UTF_8))) {
            String line;
            while (received < expected && (line = lines.readLine()) != null) {
                JsonNode event = JSON.readTree(line);
                assertEquals("ADDED", event.path("type").asText(), line.length() > 300 ? line.substring(0, 300)
                        : line);
                long revision = Long.parseLong(event.path("object").path("metadata").path("resourceVersion")
                        .asText());
                assertTrue(revision > last, "revision " + revision + " after " + last);
                last = revision;
                received++;
            }
        }
        assertEquals(expected, received, "changes of the watched resource received");
    }

    private static ObjectNode configMap(String name) {
        ObjectNode object = JSON.createObjectNode().put("apiVersion", "v1").put("kind", "ConfigMap");
        object.putObject("metadata").put("name", name).put("namespace", NS);
        object.putObject("data").put("k", name);
        return object;
    }
}
