package io.kumos.agent.streams;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import org.jboss.logging.Logger;

import io.kumos.agent.docker.DockerEngine;
import io.kumos.agent.pods.ForwardSockets;
import io.kumos.agent.pods.RuntimeContainer;
import io.kumos.agent.pods.SandboxImage;

/**
 * The long-lived port forwarder of each pod, one per sandbox: {@link SandboxImage#FORWARDER} started with a detached
 * {@code docker exec} in the sandbox, inside the pod's network namespace, listening on the unix-domain socket of
 * {@link ForwardSockets} in a host directory bind-mounted into the sandbox. A forwarded connection then costs the
 * agent a connect to that socket, two bytes of port and one byte of answer, and no engine call.
 *
 * <p>The agent remembers, per pod, the socket of the forwarder it started. A connection goes through it when the
 * connect and the answer succeed; otherwise (no forwarder yet, one still starting, a sandbox that died with its
 * forwarder) the caller looks the sandbox up and waits for its forwarder ({@link #ready}), which the first such
 * connection starts: the connections of a first burst (a browser opens several at once) then cost one engine call
 * between them, not one {@code docker exec} each, which took seconds on a busy host. Only a sandbox that cannot have
 * a forwarder, or one that does not listen in time, leaves the caller to its per-connection exec. Blocking:
 * {@code stream-worker} threads only.
 */
final class SandboxForwarders {

    /** How long a forwarder just started may take to listen before it is started again. */
    private static final long STARTING_NANOS = TimeUnit.SECONDS.toNanos(5);
    /** How often a connection waiting for a forwarder to listen looks again. */
    private static final long POLL_MILLIS = 20;
    private static final Logger LOG = Logger.getLogger(SandboxForwarders.class);

    /** A forwarder started in a sandbox. */
    private record Started(String sandboxId, Path socket, long startedAt) {
    }

    /** What the forwarder answered: a connected channel, or the errno of the pod's refusal; and its sandbox. */
    record Dialed(SocketChannel channel, int errno, String sandboxId) {
    }

    private final DockerEngine engine;
    private final ForwardSockets sockets;
    private final Map<String, Started> started = new ConcurrentHashMap<>();
    /** Sandboxes that have the forwarder's program already. */
    private final Set<String> installed = ConcurrentHashMap.newKeySet();

    SandboxForwarders(DockerEngine engine, ForwardSockets sockets) {
        this.engine = engine;
        this.sockets = sockets;
    }

    /**
     * A connection to the pod's {@code port} through its forwarder, or null when there is no forwarder to use (the
     * caller then runs one exec for the connection).
     */
    Dialed dial(String pod, int port) {
        Started forwarder = started.get(pod);
        if (forwarder == null) {
            return null;
        }
        try {
            Dialed dialed = dial(forwarder.socket(), port);
            return new Dialed(dialed.channel(), dialed.errno(), forwarder.sandboxId());
        } catch (IOException e) {
            if (System.nanoTime() - forwarder.startedAt() > STARTING_NANOS) {
                started.remove(pod, forwarder); // gone with its sandbox: started again on the next fallback
            }
            return null;
        }
    }

    /**
     * Whether the pod's forwarder listens, started here unless it runs or another connection is starting it; waits
     * for it until {@link #STARTING_NANOS} after its start. False when the sandbox cannot have one (created without
     * the directory, or a remote engine) or it did not listen in time.
     */
    boolean ready(String pod, RuntimeContainer sandbox) {
        if (sockets.socket(sandbox.pod().uid()).isEmpty()) {
            return false;
        }
        install(sandbox.id());
        start(pod, sandbox);
        Started forwarder = started.get(pod);
        if (forwarder == null) {
            return false;
        }
        while (!listening(forwarder.socket())) {
            if (System.nanoTime() - forwarder.startedAt() > STARTING_NANOS) {
                return false;
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    /**
     * Copies the forwarder's program into the sandbox, once per sandbox (it is not in the sandbox image, so that
     * sandboxes made before it also get it); connections that come meanwhile wait for the copy.
     */
    void install(String sandboxId) {
        if (installed.contains(sandboxId)) {
            return;
        }
        synchronized (installed) {
            if (!installed.contains(sandboxId)) {
                engine.client().copyArchiveToContainerCmd(sandboxId).withRemotePath("/")
                        .withTarInputStream(new ByteArrayInputStream(SandboxImage.forwarderArchive())).exec();
                installed.add(sandboxId);
            }
        }
    }

    /** Forgets that the sandbox has the program: copied again next time, should the sandbox have lost it. */
    void uninstalled(String sandboxId) {
        installed.remove(sandboxId);
    }

    /** Starts the forwarder in the sandbox unless it has one, or cannot have one (created without the directory). */
    private void start(String pod, RuntimeContainer sandbox) {
        Started forwarder = started.get(pod);
        if (forwarder != null && forwarder.sandboxId().equals(sandbox.id())
                && System.nanoTime() - forwarder.startedAt() <= STARTING_NANOS) {
            return;
        }
        Path socket = sockets.socket(sandbox.pod().uid()).orElse(null);
        if (socket == null) {
            return;
        }
        Started starting = new Started(sandbox.id(), socket, System.nanoTime());
        if (forwarder == null ? started.putIfAbsent(pod, starting) != null : !started.replace(pod, forwarder,
                starting)) {
            return; // another connection is starting it
        }
        if (listening(socket)) {
            return; // started by this agent before it restarted, and still serving
        }
        try {
            String execId = engine.client().execCreateCmd(sandbox.id())
                    .withCmd(SandboxImage.FORWARDER, ForwardSockets.SANDBOX_SOCKET).exec().getId();
            engine.client().execStartCmd(execId).withDetach(true)
                    .exec(new com.github.dockerjava.api.async.ResultCallback.Adapter<>()).awaitCompletion(
                            10, TimeUnit.SECONDS);
            LOG.debugf("Port forwarder of pod %s started in sandbox %s", pod, sandbox.id());
        } catch (RuntimeException e) {
            LOG.debugf("Port forwarder of pod %s not started: %s", pod, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Whether a forwarder accepts connections on the socket (it serves an empty one by closing it). */
    static boolean listening(Path socket) {
        try (SocketChannel probe = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
            return probe.isConnected();
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * The forwarder's protocol: connects to its socket, sends the port (2 bytes, network order) and reads the
     * answer (one byte, 0 when the forwarder connected to {@code 127.0.0.1:port} in the pod, else the errno).
     * Throws when the forwarder does not answer.
     */
    static Dialed dial(Path socket, int port) throws IOException {
        SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            channel.connect(UnixDomainSocketAddress.of(socket));
            ByteBuffer request = ByteBuffer.allocate(2).putShort((short) port).flip();
            while (request.hasRemaining()) {
                channel.write(request);
            }
            ByteBuffer answer = ByteBuffer.allocate(1);
            while (answer.hasRemaining()) {
                if (channel.read(answer) < 0) {
                    throw new EOFException("the port forwarder closed the connection without an answer");
                }
            }
            int errno = answer.get(0) & 0xff;
            if (errno != 0) {
                channel.close();
                return new Dialed(null, errno, null);
            }
            return new Dialed(channel, 0, null);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }
}
