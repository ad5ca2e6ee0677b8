package io.kumos.lb.proxy;

import static java.nio.charset.StandardCharsets.US_ASCII;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A small TCP server on loopback standing in for a pod: each connection is served on a thread of its own by a
 * {@link Behaviour}. Also the client-side helpers the proxy tests share.
 */
public final class TestBackend implements AutoCloseable {

    /** What the server does with one connection. */
    @FunctionalInterface
    public interface Behaviour {
        void serve(Socket connection) throws IOException;
    }

    private final ServerSocket server;
    private final ExecutorService threads = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "test-backend");
        thread.setDaemon(true);
        return thread;
    });
    private final List<Socket> connections = new CopyOnWriteArrayList<>();

    private TestBackend(ServerSocket server, Behaviour behaviour) {
        this.server = server;
        threads.execute(() -> acceptLoop(behaviour));
    }

    public static TestBackend start(Behaviour behaviour) throws IOException {
        return start("127.0.0.1", 0, behaviour);
    }

    public static TestBackend start(String ip, int port, Behaviour behaviour) throws IOException {
        ServerSocket server = new ServerSocket();
        server.bind(new InetSocketAddress(InetAddress.getByName(ip), port));
        return new TestBackend(server, behaviour);
    }

    /** Says its name on a line, then echoes everything back until the client is done. */
    public static Behaviour greeting(String name) {
        return connection -> {
            OutputStream out = connection.getOutputStream();
            out.write((name + "\n").getBytes(US_ASCII));
            out.flush();
            connection.getInputStream().transferTo(out);
        };
    }

    /** Reads until the client's FIN, then answers how many bytes came, and closes. */
    public static Behaviour countsUntilFin() {
        return connection -> {
            long count = connection.getInputStream().transferTo(OutputStream.nullOutputStream());
            connection.getOutputStream().write(("got " + count + "\n").getBytes(US_ASCII));
            connection.close();
        };
    }

    /** Sends this many bytes as fast as the connection takes them, counting what was written. */
    public static Behaviour sends(long total, AtomicLong written) {
        return connection -> {
            byte[] chunk = new byte[64 * 1024];
            OutputStream out = connection.getOutputStream();
            while (written.get() < total) {
                int size = (int) Math.min(chunk.length, total - written.get());
                out.write(chunk, 0, size);
                written.addAndGet(size);
            }
            connection.shutdownOutput();
        };
    }

    public Backend backend() {
        return new Backend(server.getInetAddress().getHostAddress(), server.getLocalPort());
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket connection : connections) {
            connection.close();
        }
        threads.shutdownNow();
    }

    private void acceptLoop(Behaviour behaviour) {
        while (!server.isClosed()) {
            try {
                Socket connection = server.accept();
                connections.add(connection);
                threads.execute(() -> {
                    try (connection) {
                        behaviour.serve(connection);
                    } catch (IOException e) {
                        // The client or the test went away.
                    }
                });
            } catch (IOException e) {
                return;
            }
        }
    }

    /** A port nothing listens on right now. */
    public static int freePort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return probe.getLocalPort();
        }
    }

    /** Reads one line (without its end), or {@code null} at the end of the stream. */
    public static String readLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                return line.length() == 0 ? null : line.toString();
            }
            line.append((char) b);
        }
        return line.toString();
    }
}
