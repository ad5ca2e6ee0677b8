package io.kumos.e2e;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.ConfigMapList;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.kumos.testing.Command;

/**
 * The shared informers of fabric8's kubernetes-client and of client-java each keep an exact mirror of a
 * namespace's ConfigMaps (from their events alone, and in their caches) through 1,000 creates, updates and
 * deletes, a restart of the api-gateway, and a partition of the informers during which the revision log is
 * compacted past the revision they hold, so that their watches get 410 Expired and they re-list. Each connects
 * through a {@link ClientLink}, which cuts it off and shows its requests and the bookmarks it got.
 *
 * <p>The gateway keeps two seconds of history, compacts every second and sends bookmarks every second, so that a
 * test of a minute sees each of these happen.
 */
class InformersE2EIT extends KumosUp {

    private static final String NS = "informers";
    private static final long RESYNC_MILLIS = 5_000;
    private static final Duration CONVERGE = Duration.ofSeconds(60);

    private final Random random = new Random(13);
    private final List<String> live = new ArrayList<>();
    private int created;
    private int changes;

    InformersE2EIT() {
        super("e2e-informers");
        kumos.withEnv("KUMOS_RECORD_HISTORY", "PT2S").withEnv("KUMOS_RECORD_COMPACTION_PERIOD", "PT1S")
                .withEnv("KUMOS_WATCH_BOOKMARK_PERIOD_MILLIS", "1000");
    }

    @Test
    void informersMirrorANamespaceThroughAThousandChangesARestartAndACompaction() throws Exception {
        String gateway = "http://127.0.0.1:" + KumosCli.API_PORT;
        try (KubernetesClient writer = new KubernetesClientBuilder().withConfig(Fabric8Informer.client(gateway))
                .build();
                ClientLink fabric8Link = new ClientLink(KumosCli.API_PORT);
                ClientLink clientJavaLink = new ClientLink(KumosCli.API_PORT)) {
            writer.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(NS).endMetadata()
                    .build()).create();
            change(writer, 100);
            try (Fabric8Informer fabric8 = new Fabric8Informer(fabric8Link.url(), NS, RESYNC_MILLIS);
                    ClientJavaInformer clientJava = new ClientJavaInformer(clientJavaLink.url(), NS,
                            RESYNC_MILLIS)) {
                change(writer, 300);
                awaitMirrors(writer, fabric8, clientJava);

                Command.Result restart = kumos.run("restart", "api-gateway");
                assertEquals(0, restart.exitCode(), restart::toString);
                change(writer, 300);
                awaitMirrors(writer, fabric8, clientJava);

                fabric8Link.cut();
                clientJavaLink.cut();
                int fabric8Requests = fabric8Link.requests().size();
                int clientJavaRequests = clientJavaLink.requests().size();
                int fabric8Expired = fabric8Link.expired();
                String heldAtMost = list(writer).getMetadata().getResourceVersion();
                change(writer, 300);
                awaitExpired(heldAtMost);
                fabric8Link.restore();
                clientJavaLink.restore();
                awaitMirrors(writer, fabric8, clientJava);

                assertEquals(1000, changes);
                assertTrue(fabric8Link.expired() > fabric8Expired, "fabric8's watch from before the partition got "
                        + "no 410: " + fabric8Link.requests());
                assertRelisted("fabric8", fabric8Link.requests().subList(fabric8Requests,
                        fabric8Link.requests().size()));
                assertRelisted("client-java", clientJavaLink.requests().subList(clientJavaRequests,
                        clientJavaLink.requests().size()));
                assertTrue(fabric8.mirror().resyncs() > 0, "fabric8 resynced");
                assertTrue(clientJava.mirror().resyncs() > 0, "client-java resynced");
                assertTrue(fabric8Link.bookmarks() > 0, () -> "fabric8 got no bookmarks: " + fabric8Link.requests());
                assertTrue(clientJavaLink.bookmarks() > 0, () -> "client-java got no bookmarks: "
                        + clientJavaLink.requests());
                long fabric8Watches = fabric8Link.requests().stream().filter(line -> line.contains("watch=true"))
                        .count();
                assertEquals(fabric8Watches, fabric8Link.upgrades(), () -> "fabric8 watches over WebSocket, with "
                        + "no fallback to the streaming GET: " + fabric8Link.requests());
                System.out.printf("Informers: %d changes (%d ConfigMaps left); fabric8: %d requests (%d WebSocket "
                        + "watches), %d bookmarks, %d resyncs, %d expired; client-java: %d requests, %d bookmarks, "
                        + "%d resyncs, %d expired%n",
                        changes, live.size(), fabric8Link.requests().size(), fabric8Link.upgrades(),
                        fabric8Link.bookmarks(),
                        fabric8.mirror().resyncs(), fabric8Link.expired(), clientJavaLink.requests().size(),
                        clientJavaLink.bookmarks(), clientJava.mirror().resyncs(), clientJavaLink.expired());
            }
        }
    }

    /** Makes {@code count} changes: creates, merge-patches and deletes of ConfigMaps, drawn at random. */
    private void change(KubernetesClient writer, int count) {
        for (int i = 0; i < count; i++, changes++) {
            double draw = random.nextDouble();
            if (live.isEmpty() || draw < 0.4) {
                String name = "cm-" + created++;
                writer.configMaps().inNamespace(NS).resource(new ConfigMapBuilder().withNewMetadata()
                        .withName(name).endMetadata().addToData("value", "v0").build()).create();
                live.add(name);
            } else if (draw < 0.8) {
                String name = live.get(random.nextInt(live.size()));
                writer.configMaps().inNamespace(NS).withName(name).patch(PatchContext.of(PatchType.JSON_MERGE),
                        "{\"data\":{\"value\":\"v" + changes + "\"}}");
            } else {
                String name = live.remove(random.nextInt(live.size()));
                writer.configMaps().inNamespace(NS).withName(name).delete();
            }
        }
    }

    private static ConfigMapList list(KubernetesClient writer) {
        return writer.configMaps().inNamespace(NS).list();
    }

    /** Until each informer's mirror and cache equal a fresh list. */
    private void awaitMirrors(KubernetesClient writer, Fabric8Informer fabric8, ClientJavaInformer clientJava) {
        await().atMost(CONVERGE).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            Map<String, String> listed = list(writer).getItems().stream().collect(Collectors.toMap(
                    object -> object.getMetadata().getName(), InformersE2EIT::entry));
            assertEquals(live.size(), listed.size(), "ConfigMaps listed");
            assertEquals(listed, fabric8.mirror().entries(), "fabric8's mirror");
            assertEquals(listed, fabric8.cache(), "fabric8's cache");
            assertEquals(listed, clientJava.mirror().entries(), "client-java's mirror");
            assertEquals(listed, clientJava.cache(), "client-java's cache");
        });
    }

    private static String entry(ConfigMap object) {
        return Fabric8Informer.entry(object);
    }

    /** Until a watch from {@code resourceVersion} gets 410 Expired: the log no longer reaches back to it. */
    private static void awaitExpired(String resourceVersion) {
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest watch = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + KumosCli.API_PORT
                + "/api/v1/namespaces/" + NS + "/configmaps?watch=true&timeoutSeconds=1&resourceVersion="
                + resourceVersion)).build();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            String events = send(http, watch);
            assertTrue(events.contains("\"code\":410") && events.contains("\"type\":\"ERROR\""), events);
        });
    }

    private static String send(HttpClient http, HttpRequest request) throws IOException, InterruptedException {
        return http.send(request, HttpResponse.BodyHandlers.ofString()).body();
    }

    /** After the partition, the informer listed again (a GET of the collection without watch). */
    private static void assertRelisted(String client, List<String> requests) {
        assertTrue(requests.stream().anyMatch(line -> line.contains("/configmaps") && !line.contains("watch=true")),
                client + " did not re-list after its watch expired: " + requests);
    }
}
