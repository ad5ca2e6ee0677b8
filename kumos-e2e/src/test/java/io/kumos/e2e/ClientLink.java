package io.kumos.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP link on loopback between one client and the gateway that a test can cut (every connection closed, new
 * ones refused at once) and restore, as a network partition of that client alone. It reads the plain HTTP/1.1
 * going through: the request line of every GET the client sends, how many requests asked for an upgrade to
 * WebSocket and how many to SPDY/3.1 (kubectl's streams), and how many watch BOOKMARK events and 410 Expired Statuses
 * it received.
 *
 * <p>Threading: one daemon thread accepts, two per connection copy bytes; every method may be called from any thread.
 */
final class ClientLink implements AutoCloseable {

    private static final byte[] BOOKMARK = "\"type\":\"BOOKMARK\"".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] EXPIRED = "\"reason\":\"Expired\"".getBytes(StandardCharsets.US_ASCII);

    private final ServerSocket server;
    private final int target;
    private final ExecutorService threads = Executors.newCachedThreadPool(task -> {
        Thread thread = new Thread(task, "client-link");
        thread.setDaemon(true);
        return thread;
    });
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final AtomicInteger upgrades = new AtomicInteger();
    private final AtomicInteger spdyUpgrades = new AtomicInteger();
    private final AtomicInteger bookmarks = new AtomicInteger();
    private final AtomicInteger expired = new AtomicInteger();
    private volatile boolean cut;

    /** A link to the gateway on {@code target} of 127.0.0.1. */
    ClientLink(int target) {
        this.target = target;
        try {
            this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        threads.submit(this::accept);
    }

    /** The URL a client connects to instead of the gateway's. */
    String url() {
        return "http://127.0.0.1:" + server.getLocalPort();
    }

    /** Closes every connection and refuses new ones until {@link #restore()}. */
    void cut() {
        cut = true;
        open.forEach(ClientLink::closeQuietly);
    }

    void restore() {
        cut = false;
    }

    /** The request lines (method, path and query) of the GETs sent so far, in order. */
    List<String> requests() {
        return List.copyOf(requests);
    }

    /** How many of the GETs asked for an upgrade to WebSocket (a watch over WebSocket). */
    int upgrades() {
        return upgrades.get();
    }

    /** How many requests asked for an upgrade to SPDY/3.1 (exec, attach and port-forward of kubectl up to 1.30). */
    int spdyUpgrades() {
        return spdyUpgrades.get();
    }

    int bookmarks() {
        return bookmarks.get();
    }

    /** How many responses or watch events were a 410 Expired Status. */
    int expired() {
        return expired.get();
    }

    @Override
    public void close() {
        closeQuietly(server);
        cut();
        threads.shutdownNow();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                if (cut) {
                    client.close();
                    continue;
                }
                connect(client);
            } catch (IOException e) {
                // closed, or one connection failed: go on while the server socket is open
            }
        }
    }

    private void connect(Socket client) throws IOException {
        Socket gateway;
        try {
            gateway = new Socket(InetAddress.getLoopbackAddress(), target);
        } catch (IOException down) {
            client.close();
            return;
        }
        open.add(client);
        open.add(gateway);
        threads.submit(() -> copy(client, gateway, new RequestLines()));
        Sniffer bookmarked = new Occurrences(BOOKMARK, bookmarks);
        Sniffer expiry = new Occurrences(EXPIRED, expired);
        threads.submit(() -> copy(gateway, client, (bytes, length) -> {
            bookmarked.saw(bytes, length);
            expiry.saw(bytes, length);
        }));
    }

    /** Copies one direction until either side closes, then closes both. */
    private void copy(Socket from, Socket to, Sniffer sniffer) {
        byte[] buffer = new byte[16384];
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            int read;
            while ((read = in.read(buffer)) >= 0) {
                sniffer.saw(buffer, read);
                out.write(buffer, 0, read);
                out.flush();
            }
        } catch (IOException e) {
            // a side closed
        } finally {
            closeQuietly(from);
            closeQuietly(to);
            open.remove(from);
            open.remove(to);
        }
    }

    private static void closeQuietly(java.io.Closeable closeable) {
        try {
            closeable.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    /** Reads what went through one direction of a connection. */
    private interface Sniffer {
        void saw(byte[] bytes, int length);
    }

    /**
     * Collects the request lines of GETs (a GET has no body, so each request starts a line) and counts the upgrades
     * asked for; what a client sends over an upgraded connection is masked (WebSocket) or compressed headers and
     * data (SPDY), so it reads as no line that counts.
     */
    private final class RequestLines implements Sniffer {
        private final StringBuilder line = new StringBuilder();

        @Override
        public void saw(byte[] bytes, int length) {
            for (int i = 0; i < length; i++) {
                char c = (char) (bytes[i] & 0xff);
                if (c == '\n') {
                    if (line.indexOf("GET ") == 0) {
                        requests.add(line.toString().trim());
                    } else if (line.toString().trim().equalsIgnoreCase("Upgrade: websocket")) {
                        upgrades.incrementAndGet();
                    } else if (line.toString().trim().equalsIgnoreCase("Upgrade: SPDY/3.1")) {
                        spdyUpgrades.incrementAndGet();
                    }
                    line.setLength(0);
                } else if (line.length() < 4096) {
                    line.append(c);
                }
            }
        }
    }

    /** Counts the occurrences of a byte pattern in a response stream, also of one that spans two reads. */
    private static final class Occurrences implements Sniffer {
        private final byte[] pattern;
        private final AtomicInteger count;
        private int matched;

        Occurrences(byte[] pattern, AtomicInteger count) {
            this.pattern = pattern;
            this.count = count;
        }

        @Override
        public void saw(byte[] bytes, int length) {
            for (int i = 0; i < length; i++) {
                if (bytes[i] == pattern[matched]) {
                    if (++matched == pattern.length) {
                        count.incrementAndGet();
                        matched = 0;
                    }
                } else {
                    matched = bytes[i] == pattern[0] ? 1 : 0;
                }
            }
        }
    }
}
