package io.kumos.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The members of a grid that {@code ./kumos up --grid-members N} started, seen through each server's own REST
 * endpoint (on its Hot Rod port): the cluster as that member sees it, and what a cache of it holds.
 */
final class GridMembers {

    /** KumosCli's KUMOS_GRID_PORT: member i listens on this port + i - 1. */
    static final int FIRST_PORT = KumosCli.GRID_PORT;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private GridMembers() {
    }

    static int port(int member) {
        return FIRST_PORT + member - 1;
    }

    /** The cluster's health as the member sees it: {@code cluster_health} and {@code cache_health}. */
    static JsonNode health(int member) {
        return get(member, "/rest/v2/container/health");
    }

    /** The names of the members of the cluster, as the member sees it. */
    static List<String> nodeNames(int member) {
        List<String> names = new ArrayList<>();
        health(member).path("cluster_health").path("node_names").forEach(name -> names.add(name.asText()));
        return names.stream().sorted().toList();
    }

    /** The cluster's health status as the member sees it (HEALTHY, HEALTHY_REBALANCING, DEGRADED). */
    static String status(int member) {
        return health(member).path("cluster_health").path("health_status").asText();
    }

    /** Every entry of a cache, read from the member, as key to value (both as JSON text). */
    static Map<String, String> entries(int member, String cache) {
        JsonNode entries = get(member, "/rest/v2/caches/" + cache + "?action=entries&content-negotiation=true");
        Map<String, String> byKey = new TreeMap<>();
        entries.forEach(entry -> byKey.put(entry.path("key").toString(), entry.path("value").toString()));
        return byKey;
    }

    private static JsonNode get(int member, String path) {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port(member) + path)).header("Accept", "application/json")
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IOException("GET " + path + " on grid member " + member + ": " + response.statusCode()
                        + " " + response.body());
            }
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
