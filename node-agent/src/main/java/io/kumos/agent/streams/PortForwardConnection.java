package io.kumos.agent.streams;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.function.Supplier;

import org.jboss.logging.Logger;

import io.kumos.agent.docker.DockerEngine;
import io.kumos.agent.pods.RuntimeContainer;
import io.kumos.agent.pods.SandboxImage;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ServerWebSocket;

/**
 * One connection of a {@code kubectl port-forward}, made from inside the pod's network namespace by the port
 * forwarder ({@link SandboxImage#forwardProgram()}) running in the pod's sandbox, so it reaches
 * {@code 127.0.0.1:<port>} of the pod as the kubelet's port-forward does, whatever network the pod sits on. Two
 * paths:
 * <ul>
 * <li>the pod's long-lived forwarder ({@link SandboxForwarders}): a unix-domain socket connect, no engine call. The
 * first connection to a pod starts it, and those made while it starts wait for it.
 * <li>otherwise one {@code docker exec} of the forwarder per connection (the exec created, started and, when it
 * printed nothing, inspected for its exit code): for sandboxes that cannot have a long-lived one (created before
 * the socket directory existed, or a remote Docker engine), or when it did not start in time.
 * </ul>
 *
 * <p>The api-gateway's side is a WebSocket of binary messages whose first byte names a channel, as in exec: from
 * the gateway {@code [0, data…]} for the pod's port and {@code [255, 0]} when the client has no more to send (the
 * connection is half-closed towards the pod); towards the gateway {@code [0, data…]} from the pod's port and
 * {@code [3, message…]} when it could not connect, worded as the kubelet words it. The agent closes the WebSocket
 * once the pod's side of the connection has ended.
 *
 * <p>Threading: the WebSocket's handlers run on its event loop and only queue; the engine calls, the socket's
 * connect, the copy of stdin and the read of the output each run on a {@code stream-worker} thread.
 */
final class PortForwardConnection {

    private static final Logger LOG = Logger.getLogger(PortForwardConnection.class);
    private static final Map<Integer, String> ERRNO = Map.of(111, "connection refused", 110, "connection timed out",
            113, "no route to host", 101, "network is unreachable", 99, "cannot assign requested address");

    private final DockerEngine engine;
    private final ExecutorService workers;
    private final ServerWebSocket socket;
    private final SandboxForwarders forwarders;
    private final Supplier<Optional<RuntimeContainer>> sandbox;
    private final String pod;
    private final int port;
    private final StdinPipe input = new StdinPipe();
    private volatile HijackedExec exec;
    private volatile SocketChannel channel;
    private volatile boolean closed;

    PortForwardConnection(DockerEngine engine, ExecutorService workers, SandboxForwarders forwarders,
            ServerWebSocket socket, Supplier<Optional<RuntimeContainer>> sandbox, String pod, int port) {
        this.engine = engine;
        this.workers = workers;
        this.forwarders = forwarders;
        this.socket = socket;
        this.sandbox = sandbox;
        this.pod = pod;
        this.port = port;
    }

    void start() {
        socket.binaryMessageHandler(this::fromGateway);
        socket.closeHandler(ignored -> {
            closed = true;
            input.end();
            HijackedExec running = exec;
            if (running != null) {
                ContainerStreams.closeQuietly(running);
            }
            SocketChannel open = channel;
            if (open != null) {
                ContainerStreams.closeQuietly(open);
            }
        });
        socket.resume();
        workers.execute(this::run);
    }

    private void fromGateway(Buffer frame) {
        if (frame.length() == 0) {
            return;
        }
        int channel = frame.getByte(0) & 0xff;
        if (channel == 0) {
            input.put(frame.getBytes(1, frame.length()));
        } else if (channel == 255) {
            input.end();
        }
    }

    private void run() {
        SandboxForwarders.Dialed dialed = forwarders.dial(pod, port);
        if (dialed != null) {
            relay(dialed);
            return;
        }
        RuntimeContainer found;
        try {
            found = sandbox.get().orElse(null);
            if (found == null) {
                fail("pod " + pod + " has no running sandbox on this node");
                return;
            }
            dialed = forwarders.ready(pod, found) ? forwarders.dial(pod, port) : null;
        } catch (RuntimeException e) {
            LOG.debugf("port-forward to %s:%d: no forwarder: %s", pod, port, e.getMessage());
            fail("error forwarding port " + port + " to pod " + pod + ": " + e.getMessage());
            return;
        }
        if (dialed != null) {
            relay(dialed);
        } else {
            execOnce(found.id());
        }
    }

    /** One {@code docker exec} of the forwarder for this connection, its stdin and stdout the connection. */
    private void execOnce(String sandboxId) {
        try {
            forwarders.install(sandboxId);
            String execId = engine.client().execCreateCmd(sandboxId)
                    .withCmd(SandboxImage.FORWARDER, Integer.toString(port))
                    .withAttachStdin(true).withAttachStdout(true).withAttachStderr(true).exec().getId();
            long received;
            try (HijackedExec started = HijackedExec.start(engine.host(), execId, false)) {
                exec = started;
                if (closed) {
                    return;
                }
                workers.execute(() -> started.copyStdin(input));
                long[] count = new long[1];
                started.readOutput((channel, bytes) -> {
                    if (channel == 1) {
                        count[0] += bytes.length;
                        send(0, bytes);
                    }
                });
                received = count[0];
            }
            // Output ended with nothing at all: the forwarder may not have connected, which its exit code says.
            long exitCode = received > 0 || closed ? 0 : engine.execExitCode(execId);
            if (exitCode > 0 && exitCode < 128) {
                refused(sandboxId, (int) exitCode);
                return;
            }
        } catch (IOException | RuntimeException e) {
            if (closed) {
                return; // the gateway went first: the connection is cut, as the client asked
            }
            LOG.debugf("port-forward to %s:%d failed: %s", pod, port, e.getMessage());
            forwarders.uninstalled(sandboxId);
            fail("error forwarding port " + port + " to pod " + pod + ": " + e.getMessage());
            return;
        }
        input.end();
        close();
    }

    /** One connection through the pod's long-lived forwarder: the gateway's data to it, its data to the gateway. */
    private void relay(SandboxForwarders.Dialed dialed) {
        if (dialed.errno() != 0) {
            refused(dialed.sandboxId(), dialed.errno());
            return;
        }
        SocketChannel connected = dialed.channel();
        channel = connected;
        try (connected) {
            if (closed) {
                return;
            }
            workers.execute(() -> copyInput(connected));
            ByteBuffer buffer = ByteBuffer.allocate(16384);
            while (connected.read(buffer) >= 0) {
                buffer.flip();
                if (buffer.hasRemaining()) {
                    byte[] bytes = new byte[buffer.remaining()];
                    buffer.get(bytes);
                    send(0, bytes);
                }
                buffer.clear();
            }
        } catch (IOException e) {
            if (!closed) {
                LOG.debugf("port-forward to %s:%d ended: %s", pod, port, e.getMessage());
            }
        }
        input.end();
        close();
    }

    private void copyInput(SocketChannel connected) {
        byte[] buffer = new byte[16384];
        try {
            for (int read = input.read(buffer); read >= 0; read = input.read(buffer)) {
                ByteBuffer chunk = ByteBuffer.wrap(buffer, 0, read);
                while (chunk.hasRemaining()) {
                    connected.write(chunk);
                }
            }
            connected.shutdownOutput();
        } catch (IOException e) {
            // the pod's side ended first
        }
    }

    private void refused(String where, int errno) {
        String reason = ERRNO.getOrDefault(errno, "errno " + errno);
        fail("error forwarding port " + port + " to pod " + where + ", uid : failed to connect to "
                + "localhost:" + port + " inside namespace \"" + where + "\", IPv4: dial tcp4 127.0.0.1:"
                + port + ": connect: " + reason);
    }

    private void fail(String message) {
        input.end();
        send(3, message.getBytes(StandardCharsets.UTF_8));
        close();
    }

    private void send(int channel, byte[] bytes) {
        if (!socket.isClosed()) {
            socket.writeBinaryMessage(Buffer.buffer(bytes.length + 1).appendByte((byte) channel).appendBytes(bytes));
        }
    }

    private void close() {
        if (!socket.isClosed()) {
            socket.close();
        }
    }
}
