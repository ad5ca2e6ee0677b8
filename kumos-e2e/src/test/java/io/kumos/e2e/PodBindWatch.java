package io.kumos.e2e;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A watch of a namespace's pods through the API that notes when each pod is first seen bound to a node (its
 * {@code spec.nodeName} set: the binding is persisted, since a watch shows only what the record committed) and
 * first seen Running. Times are {@link System#nanoTime()}. Reads on a thread of its own until closed.
 */
final class PodBindWatch implements AutoCloseable {

    private static final Pattern NAME = Pattern.compile("\"name\":\"([^\"]+)\"");
    private static final Pattern NODE = Pattern.compile("\"nodeName\":\"([^\"]+)\"");

    private final Map<String, Long> bound = new ConcurrentHashMap<>();
    private final Map<String, String> nodes = new ConcurrentHashMap<>();
    private final Map<String, Long> running = new ConcurrentHashMap<>();
    private final Thread reader;
    private volatile String ended = "";

    private PodBindWatch(InputStream events) {
        this.reader = new Thread(() -> read(events), "pod-bind-watch");
        reader.setDaemon(true);
        reader.start();
    }

    /** Opens the watch; it sees every change after it answered. */
    static PodBindWatch open(HttpClient http, URI api, String namespace) throws IOException, InterruptedException {
        HttpResponse<InputStream> response = http.send(HttpRequest.newBuilder(api.resolve("/api/v1/namespaces/"
                + namespace + "/pods?watch=true&timeoutSeconds=3600")).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("the watch of pods answered " + response.statusCode());
        }
        return new PodBindWatch(response.body());
    }

    /** When each pod was first seen bound, by name. */
    Map<String, Long> bound() {
        return bound;
    }

    /** The node each pod was bound to, by name. */
    Map<String, String> nodes() {
        return nodes;
    }

    /** When each pod was first seen Running, by name. */
    Map<String, Long> running() {
        return running;
    }

    /** Why the watch ended before it was closed, or "". */
    String ended() {
        return ended;
    }

    private void read(InputStream events) {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(events, StandardCharsets.UTF_8))) {
            for (String event = lines.readLine(); event != null; event = lines.readLine()) {
                long now = System.nanoTime();
                Matcher name = NAME.matcher(event);
                if (!name.find()) {
                    continue;
                }
                Matcher node = NODE.matcher(event);
                if (node.find()) {
                    bound.putIfAbsent(name.group(1), now);
                    nodes.putIfAbsent(name.group(1), node.group(1));
                }
                if (event.contains("\"phase\":\"Running\"")) {
                    running.putIfAbsent(name.group(1), now);
                }
            }
            ended = "the API ended the watch";
        } catch (IOException e) {
            if (!Thread.currentThread().isInterrupted()) {
                ended = "the watch broke: " + e.getMessage();
            }
        }
    }

    @Override
    public void close() {
        reader.interrupt();
    }
}
