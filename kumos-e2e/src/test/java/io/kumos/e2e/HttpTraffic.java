package io.kumos.e2e;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A client of a Service as a user's would be: HTTP/1.0 GETs, each on a new TCP connection (so every request is a
 * load-balancing decision), one after the other on each of a few threads, until stopped. It keeps what it saw: how
 * many requests were answered, which failed and how, and which pod answered (the test servers answer with their
 * pod's name).
 */
final class HttpTraffic implements AutoCloseable {

    private final InetSocketAddress target;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicLong answered = new AtomicLong();
    private final List<String> failures = Collections.synchronizedList(new ArrayList<>());
    private final ConcurrentHashMap<String, AtomicLong> byPod = new ConcurrentHashMap<>();
    private final List<Thread> clients = new ArrayList<>();

    private HttpTraffic(InetSocketAddress target) {
        this.target = target;
    }

    /** Starts {@code threads} clients of {@code host:port}. */
    static HttpTraffic start(String host, int port, int threads) {
        HttpTraffic traffic = new HttpTraffic(new InetSocketAddress(host, port));
        for (int i = 0; i < threads; i++) {
            Thread client = new Thread(traffic::loop, "traffic-" + i);
            client.setDaemon(true);
            traffic.clients.add(client);
            client.start();
        }
        return traffic;
    }

    /** One request on a new connection: the body, trimmed. */
    static String get(String host, int port) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 5000);
            socket.setSoTimeout(5000);
            socket.getOutputStream().write("GET / HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            ByteArrayOutputStream response = new ByteArrayOutputStream();
            InputStream in = socket.getInputStream();
            in.transferTo(response);
            String text = response.toString(StandardCharsets.UTF_8);
            if (!text.startsWith("HTTP/1.") || !text.contains(" 200 ")) {
                throw new IOException("not a 200 answer: " + text.lines().findFirst().orElse("(nothing)"));
            }
            int body = text.indexOf("\r\n\r\n");
            return body < 0 ? "" : text.substring(body + 4).trim();
        }
    }

    private void loop() {
        while (running.get()) {
            try {
                String pod = get(target.getHostString(), target.getPort());
                answered.incrementAndGet();
                byPod.computeIfAbsent(pod, p -> new AtomicLong()).incrementAndGet();
            } catch (IOException e) {
                if (running.get()) {
                    failures.add(System.currentTimeMillis() + " " + e);
                }
            }
        }
    }

    long answered() {
        return answered.get();
    }

    List<String> failures() {
        synchronized (failures) {
            return List.copyOf(failures);
        }
    }

    java.util.Set<String> pods() {
        return java.util.Set.copyOf(byPod.keySet());
    }

    @Override
    public void close() throws InterruptedException {
        running.set(false);
        for (Thread client : clients) {
            client.join(10_000);
        }
    }

    @Override
    public String toString() {
        return answered() + " answered by " + byPod + ", " + failures.size() + " failed: " + failures();
    }
}
