package io.kumos.e2e;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Comparator;

/**
 * etcd, the store that bounds kube-apiserver, run beside Kumos as the peer of a benchmark: Debian's
 * {@code etcd-server} on loopback, its data on the same disk, fsync on (etcd has no way to turn it off but an
 * "unsafe" flag, not given here), written through its JSON gateway by the same HTTP client as Kumos.
 */
final class EtcdPeer implements AutoCloseable {

    static final int CLIENT_PORT = 23790;
    private static final int PEER_PORT = 23800;

    private final Process process;
    private final HttpClient http;

    private EtcdPeer(Process process, HttpClient http) {
        this.process = process;
        this.http = http;
    }

    /** The etcd process, for its CPU figures. */
    ProcessHandle process() {
        return process.toHandle();
    }

    /** Whether Debian's etcd is installed here ({@code apt-get install etcd-server}). */
    static boolean installed() {
        return Files.isExecutable(Path.of("/usr/bin/etcd"));
    }

    /** Starts a fresh single-member etcd under {@code dir} and waits until it answers. */
    static EtcdPeer start(Path dir, HttpClient http) throws IOException, InterruptedException {
        if (Files.exists(dir)) {
            try (var paths = Files.walk(dir)) {
                paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
        Files.createDirectories(dir);
        String client = "http://127.0.0.1:" + CLIENT_PORT;
        String peer = "http://127.0.0.1:" + PEER_PORT;
        Process process = new ProcessBuilder("/usr/bin/etcd", "--name", "bench", "--data-dir",
                dir.resolve("data").toString(), "--listen-client-urls", client, "--advertise-client-urls", client,
                "--listen-peer-urls", peer, "--initial-advertise-peer-urls", peer, "--initial-cluster",
                "bench=" + peer, "--log-level", "warn")
                .redirectErrorStream(true).redirectOutput(dir.resolve("etcd.log").toFile()).start();
        EtcdPeer etcd = new EtcdPeer(process, http);
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!etcd.healthy()) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                etcd.close();
                throw new IllegalStateException("etcd did not start; see " + dir.resolve("etcd.log"));
            }
            Thread.sleep(200);
        }
        return etcd;
    }

    private boolean healthy() {
        try {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + CLIENT_PORT + "/health"))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString()).body()
                    .contains("true");
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** One durable put of {@code value} under {@code key}, as kube-apiserver's storage would make it. */
    void put(String key, String value) throws IOException, InterruptedException {
        Base64.Encoder base64 = Base64.getEncoder();
        String body = "{\"key\":\"" + base64.encodeToString(key.getBytes(StandardCharsets.UTF_8)) + "\",\"value\":\""
                + base64.encodeToString(value.getBytes(StandardCharsets.UTF_8)) + "\"}";
        HttpResponse<Void> response = http.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + CLIENT_PORT + "/v3/kv/put"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.discarding());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("etcd put answered " + response.statusCode());
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
