package io.kumos.agent.streams;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.URI;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;

/**
 * Starts a created exec on the engine over a connection of its own, hijacked as the Docker API does it
 * ({@code POST /exec/<id>/start} with {@code Upgrade: tcp}), because a stdin that ends must reach the process as an
 * end of file, and that takes half-closing the connection, which docker-java's transports do not do. Output comes
 * back as the engine frames it (8-byte headers naming stdout or stderr), or raw with a terminal.
 */
final class HijackedExec implements java.io.Closeable {

    /** Receives the process's output. */
    interface Output {
        void write(int channel, byte[] bytes);
    }

    private final SocketChannel connection;
    private final boolean tty;
    private final InputStream fromEngine;

    private HijackedExec(SocketChannel connection, boolean tty, InputStream fromEngine) {
        this.connection = connection;
        this.tty = tty;
        this.fromEngine = fromEngine;
    }

    /** Connects to the engine at {@code dockerHost} ({@code unix://…} or {@code tcp://…}) and starts the exec. */
    static HijackedExec start(String dockerHost, String execId, boolean tty) throws IOException {
        return open(dockerHost, "/exec/" + execId + "/start", "{\"Detach\":false,\"Tty\":" + tty + "}", tty);
    }

    /**
     * Attaches to a running container's main process ({@code POST /containers/<id>/attach}): its output from now
     * on, and its stdin when {@code stdin} (the container must have been created with {@code OpenStdin}).
     */
    static HijackedExec attach(String dockerHost, String containerId, boolean stdin, boolean tty) throws IOException {
        return open(dockerHost, "/containers/" + containerId + "/attach?stream=1&stdout=1&stderr=1&stdin="
                + (stdin ? 1 : 0), "", tty);
    }

    private static HijackedExec open(String dockerHost, String path, String json, boolean tty) throws IOException {
        URI host = URI.create(dockerHost);
        SocketChannel connection = host.getScheme().equals("unix")
                ? SocketChannel.open(UnixDomainSocketAddress.of(host.getPath()))
                : SocketChannel.open(new InetSocketAddress(host.getHost(), host.getPort()));
        try {
            byte[] body = json.getBytes(StandardCharsets.US_ASCII);
            String request = "POST " + path + " HTTP/1.1\r\nHost: docker\r\n"
                    + "Content-Type: application/json\r\nConnection: Upgrade\r\nUpgrade: tcp\r\n"
                    + "Content-Length: " + body.length + "\r\n\r\n";
            OutputStream toEngine = output(connection);
            toEngine.write(request.getBytes(StandardCharsets.US_ASCII));
            toEngine.write(body);
            InputStream fromEngine = input(connection);
            String status = readHead(fromEngine);
            if (!status.startsWith("HTTP/1.1 101") && !status.startsWith("HTTP/1.1 200")) {
                throw new IOException("the engine refused " + path + ": " + status.lines().findFirst()
                        .orElse(status));
            }
            return new HijackedExec(connection, tty, fromEngine);
        } catch (IOException | RuntimeException e) {
            connection.close();
            throw e;
        }
    }

    /** Copies stdin to the process until it ends, then half-closes: the process reads an end of file. */
    void copyStdin(InputStream stdin) {
        try {
            OutputStream toEngine = output(connection);
            byte[] buffer = new byte[8192];
            for (int read = stdin.read(buffer); read >= 0; read = stdin.read(buffer)) {
                toEngine.write(buffer, 0, read);
            }
            connection.shutdownOutput();
        } catch (IOException e) {
            // the process ended first
        }
    }

    /** Relays the process's output until it ends. */
    void readOutput(Output output) throws IOException {
        if (tty) {
            byte[] buffer = new byte[8192];
            for (int read = fromEngine.read(buffer); read >= 0; read = fromEngine.read(buffer)) {
                output.write(1, java.util.Arrays.copyOf(buffer, read));
            }
            return;
        }
        DataInputStream frames = new DataInputStream(fromEngine);
        byte[] header = new byte[8];
        while (true) {
            try {
                frames.readFully(header);
            } catch (EOFException end) {
                return;
            }
            int length = (header[4] & 0xff) << 24 | (header[5] & 0xff) << 16 | (header[6] & 0xff) << 8
                    | header[7] & 0xff;
            byte[] payload = new byte[length];
            frames.readFully(payload);
            output.write(header[0] == 2 ? 2 : 1, payload);
        }
    }

    @Override
    public void close() throws IOException {
        connection.close();
    }

    /*
     * Streams over the channel's own read and write, which may run at once on two threads. (Those of
     * java.nio.channels.Channels take the channel's blocking lock for each call: a read waiting for output would
     * hold up the write of stdin that the output waits for.)
     */

    private static InputStream input(SocketChannel channel) {
        return new InputStream() {
            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] buffer, int offset, int length) throws IOException {
                return length == 0 ? 0 : channel.read(ByteBuffer.wrap(buffer, offset, length));
            }
        };
    }

    private static OutputStream output(SocketChannel channel) {
        return new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] buffer, int offset, int length) throws IOException {
                ByteBuffer bytes = ByteBuffer.wrap(buffer, offset, length);
                while (bytes.hasRemaining()) {
                    channel.write(bytes);
                }
            }
        };
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("the engine closed the connection in the response head");
            }
            head.write(b);
            matched = b == "\r\n\r\n".charAt(matched) ? matched + 1 : b == '\r' ? 1 : 0;
        }
        return head.toString(StandardCharsets.US_ASCII);
    }
}
