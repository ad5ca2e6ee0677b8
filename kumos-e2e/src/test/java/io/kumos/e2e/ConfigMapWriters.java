package io.kumos.e2e;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Clients that create ConfigMaps one after the other through the API until closed, each with its own names
 * ({@code c-<client>-<i>}) and content, keeping what was acknowledged (201) and every other answer.
 */
final class ConfigMapWriters implements AutoCloseable {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final String namespace;
    private final Map<String, String> acknowledged = new ConcurrentHashMap<>();
    private final List<String> refused = Collections.synchronizedList(new ArrayList<>());
    private final List<Thread> clients = new ArrayList<>();
    private volatile boolean running = true;

    private ConfigMapWriters(String namespace) {
        this.namespace = namespace;
    }

    static ConfigMapWriters start(String namespace, int clients) {
        ConfigMapWriters writers = new ConfigMapWriters(namespace);
        for (int i = 0; i < clients; i++) {
            int id = i;
            Thread client = new Thread(() -> writers.loop(id), "writer-" + i);
            client.setDaemon(true);
            writers.clients.add(client);
            client.start();
        }
        return writers;
    }

    /** The acknowledged creates: name to the value of its data key {@code v}. */
    Map<String, String> acknowledged() {
        return Map.copyOf(acknowledged);
    }

    /** Every answer other than 201, and every request that got none. */
    List<String> refused() {
        synchronized (refused) {
            return List.copyOf(refused);
        }
    }

    private void loop(int client) {
        for (int i = 0; running; i++) {
            String name = "c-" + client + "-" + i;
            String value = "written " + i + " by " + client;
            String body = "{\"metadata\":{\"name\":\"" + name + "\"},\"data\":{\"v\":\"" + value + "\"}}";
            try {
                HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                        + KumosCli.API_PORT + "/api/v1/namespaces/" + namespace + "/configmaps"))
                        .header("Content-Type", "application/json").timeout(Duration.ofSeconds(10))
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
                if (answer.statusCode() == 201) {
                    acknowledged.put(name, value);
                } else {
                    refused.add(name + ": " + answer.statusCode() + " " + answer.body());
                }
            } catch (IOException e) {
                refused.add(name + ": " + e);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        for (Thread client : clients) {
            client.join(15_000);
        }
    }
}
