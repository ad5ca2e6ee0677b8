package io.kumos.agent.streams;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.function.Supplier;

import org.jboss.logging.Logger;

import io.kumos.agent.docker.DockerEngine;
import io.kumos.agent.pods.SandboxImage;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ServerWebSocket;

/**
 * One connection of a {@code kubectl port-forward}, made from inside the pod's network namespace: the agent runs the
 * port forwarder ({@link SandboxImage#forwardProgram()}) in the pod's sandbox with {@code docker exec}, so it
 * reaches {@code 127.0.0.1:<port>} of the pod as the kubelet's port-forward does, whatever network the pod sits
 * on. The forwarder is copied into a sandbox the first time (it is not in the sandbox image, so that sandboxes made
 * before it also get it).
 *
 * <p>The api-gateway's side is a WebSocket of binary messages whose first byte names a channel, as in exec: from
 * the gateway {@code [0, data…]} for the pod's port and {@code [255, 0]} when the client has no more to send (the
 * connection is half-closed towards the pod); towards the gateway {@code [0, data…]} from the pod's port and
 * {@code [3, message…]} when it could not connect, worded as the kubelet words it. The agent closes the WebSocket
 * once the pod's side of the connection has ended.
 *
 * <p>Threading: the WebSocket's handlers run on its event loop and only queue; the engine calls, the copy of stdin
 * and the read of the output each run on a {@code stream-worker} thread.
 */
final class PortForwardConnection {

    private static final Logger LOG = Logger.getLogger(PortForwardConnection.class);
    /** Sandboxes that have the forwarder already. */
    private static final Set<String> INSTALLED = ConcurrentHashMap.newKeySet();
    private static final Map<Integer, String> ERRNO = Map.of(111, "connection refused", 110, "connection timed out",
            113, "no route to host", 101, "network is unreachable", 99, "cannot assign requested address");

    private final DockerEngine engine;
    private final ExecutorService workers;
    private final ServerWebSocket socket;
    private final Supplier<Optional<String>> sandbox;
    private final String pod;
    private final int port;
    private final StdinPipe input = new StdinPipe();
    private volatile HijackedExec exec;
    private volatile boolean closed;

    PortForwardConnection(DockerEngine engine, ExecutorService workers, ServerWebSocket socket,
            Supplier<Optional<String>> sandbox, String pod, int port) {
        this.engine = engine;
        this.workers = workers;
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
        String sandboxId = null;
        try {
            sandboxId = sandbox.get().orElse(null);
            if (sandboxId == null) {
                fail("pod " + pod + " has no running sandbox on this node");
                return;
            }
            install(sandboxId);
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
                String reason = ERRNO.getOrDefault((int) exitCode, "errno " + exitCode);
                fail("error forwarding port " + port + " to pod " + sandboxId + ", uid : failed to connect to "
                        + "localhost:" + port + " inside namespace \"" + sandboxId + "\", IPv4: dial tcp4 127.0.0.1:"
                        + port + ": connect: " + reason);
                return;
            }
        } catch (IOException | RuntimeException e) {
            if (closed) {
                return; // the gateway went first: the connection is cut, as the client asked
            }
            LOG.debugf("port-forward to %s:%d failed: %s", pod, port, e.getMessage());
            if (sandboxId != null) {
                INSTALLED.remove(sandboxId); // copied again next time, should the sandbox have lost it
            }
            fail("error forwarding port " + port + " to pod " + pod + ": " + e.getMessage());
            return;
        }
        input.end();
        close();
    }

    /** Copies the forwarder into the sandbox, once per sandbox. Blocking. */
    private void install(String sandboxId) {
        if (INSTALLED.contains(sandboxId)) {
            return;
        }
        engine.client().copyArchiveToContainerCmd(sandboxId).withRemotePath("/")
                .withTarInputStream(new ByteArrayInputStream(SandboxImage.forwarderArchive())).exec();
        INSTALLED.add(sandboxId);
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
