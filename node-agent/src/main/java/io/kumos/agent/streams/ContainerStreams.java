package io.kumos.agent.streams;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.LogContainerCmd;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.StreamType;

import io.kumos.agent.docker.DockerEngine;
import io.kumos.agent.pods.ForwardSockets;
import io.kumos.agent.pods.RuntimeContainer;
import io.kumos.agent.pods.RuntimeContainers;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * The agent's side of {@code kubectl logs} and {@code kubectl exec}, in the kubelet's paths, for the api-gateway to
 * relay: {@code GET /containerLogs/<namespace>/<pod>/<container>} streams {@code docker logs} (follow, tailLines,
 * sinceSeconds, sinceTime, timestamps, previous, limitBytes) and {@code /exec/<namespace>/<pod>/<container>} runs
 * an exec session over a {@code v5.channel.k8s.io} WebSocket ({@link ExecSession}). Engine calls run on the
 * {@code stream-worker} threads, never on the event loop.
 */
@ApplicationScoped
public class ContainerStreams {

    private static final Logger LOG = Logger.getLogger(ContainerStreams.class);

    private final DockerEngine engine;
    private final RuntimeContainers containers;
    private final ExecutorService workers = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "stream-worker");
        thread.setDaemon(true);
        return thread;
    });

    private final SandboxForwarders forwarders;

    ContainerStreams(DockerEngine engine, RuntimeContainers containers, ForwardSockets sockets) {
        this.engine = engine;
        this.containers = containers;
        this.forwarders = new SandboxForwarders(engine, sockets);
    }

    void routes(@Observes Router router) {
        router.get("/containerLogs/:namespace/:pod/:container").handler(this::logs);
        router.route("/exec/:namespace/:pod/:container").handler(this::exec);
        router.route("/attach/:namespace/:pod/:container").handler(this::exec);
        router.route("/portForward/:namespace/:pod").handler(this::portForward);
    }

    private void logs(RoutingContext context) {
        workers.execute(() -> {
            HttpServerResponse response = context.response();
            try {
                boolean previous = "true".equals(context.request().getParam("previous"));
                Optional<RuntimeContainer> target = find(context, previous);
                if (target.isEmpty()) {
                    return;
                }
                streamLogs(context, target.get());
            } catch (RuntimeException e) {
                LOG.debugf("logs: %s", e.getMessage());
                if (!response.headWritten()) {
                    response.setStatusCode(500).end(e.getMessage());
                }
            }
        });
    }

    private void streamLogs(RoutingContext context, RuntimeContainer container) {
        var request = context.request();
        boolean follow = "true".equals(request.getParam("follow"));
        LogContainerCmd command = engine.streams().logContainerCmd(container.id()).withStdOut(true).withStdErr(true)
                .withFollowStream(follow && container.running())
                .withTimestamps("true".equals(request.getParam("timestamps")));
        if (request.getParam("tailLines") != null) {
            command.withTail(Integer.parseInt(request.getParam("tailLines")));
        }
        if (request.getParam("sinceSeconds") != null) {
            command.withSince((int) (Instant.now().getEpochSecond() - Long.parseLong(request.getParam("sinceSeconds"))));
        } else if (request.getParam("sinceTime") != null) {
            command.withSince((int) Instant.parse(request.getParam("sinceTime")).getEpochSecond());
        }
        long limit = request.getParam("limitBytes") == null ? Long.MAX_VALUE
                : Long.parseLong(request.getParam("limitBytes"));
        HttpServerResponse response = context.response().setChunked(true)
                .putHeader("Content-Type", "text/plain; charset=utf-8");
        AtomicLong written = new AtomicLong();
        ResultCallback.Adapter<Frame> callback = new ResultCallback.Adapter<>() {
            @Override
            public void onNext(Frame frame) {
                byte[] payload = frame.getPayload();
                long before = written.getAndAdd(payload.length);
                if (before >= limit || response.closed()) {
                    closeQuietly(this);
                    return;
                }
                int length = (int) Math.min(payload.length, limit - before);
                response.write(Buffer.buffer(length == payload.length ? payload
                        : java.util.Arrays.copyOf(payload, length)));
                if (before + length >= limit) {
                    closeQuietly(this);
                }
            }

            @Override
            public void onComplete() {
                if (!response.ended() && !response.closed()) {
                    response.end();
                }
            }

            @Override
            public void onError(Throwable failure) {
                onComplete();
            }
        };
        response.closeHandler(closed -> closeQuietly(callback));
        command.exec(callback);
    }

    /**
     * Accepts the WebSocket at once, on the event loop, so that nothing the client sends right after the handshake
     * (the api-gateway relays stdin that kubectl sent meanwhile) arrives before the session listens; the container
     * is looked up after, and a session whose container does not run ends with a Failure status.
     */
    private void exec(RoutingContext context) {
        var request = context.request();
        List<String> command = request.path().startsWith("/attach/") ? null : request.params().getAll("command");
        boolean stdin = "true".equals(request.getParam("stdin")) || "1".equals(request.getParam("stdin"));
        boolean tty = "true".equals(request.getParam("tty")) || "1".equals(request.getParam("tty"));
        String namespace = context.pathParam("namespace");
        String pod = context.pathParam("pod");
        String container = context.pathParam("container");
        request.toWebSocket().onSuccess(socket -> new ExecSession(engine, workers, socket, () -> containers
                .attempts(namespace, pod, container).stream().findFirst().filter(RuntimeContainer::running)
                .map(RuntimeContainer::id), "container " + container + " of pod " + namespace + "/" + pod
                        + " is not running", command, stdin, tty).start())
                .onFailure(error -> LOG.debugf("exec: WebSocket handshake failed: %s", error.getMessage()));
    }

    /**
     * One forwarded connection ({@code ?port=}) into the pod's network namespace over a WebSocket: see
     * {@link PortForwardConnection}. Accepted at once, as exec is; the sandbox is looked up after.
     */
    private void portForward(RoutingContext context) {
        String namespace = context.pathParam("namespace");
        String pod = context.pathParam("pod");
        int port;
        try {
            port = Integer.parseInt(context.request().getParam("port", ""));
        } catch (NumberFormatException e) {
            port = 0;
        }
        if (port < 1 || port > 65535) {
            context.response().setStatusCode(400).end("invalid port " + context.request().getParam("port"));
            return;
        }
        int target = port;
        context.request().toWebSocket().onSuccess(socket -> new PortForwardConnection(engine, workers, forwarders,
                socket, () -> containers.sandbox(namespace, pod), namespace + "/" + pod, target)
                .start())
                .onFailure(error -> LOG.debugf("port-forward: WebSocket handshake failed: %s", error.getMessage()));
    }

    /**
     * The container named in the path: the latest attempt, or with {@code previous} the one before; answers 404
     * itself when there is none.
     */
    private Optional<RuntimeContainer> find(RoutingContext context, boolean previous) {
        List<RuntimeContainer> attempts = containers.attempts(context.pathParam("namespace"),
                context.pathParam("pod"), context.pathParam("container"));
        int index = previous ? 1 : 0;
        if (attempts.size() <= index) {
            String message = previous
                    ? "previous terminated container \"" + context.pathParam("container") + "\" in pod \""
                            + context.pathParam("pod") + "\" not found"
                    : "container \"" + context.pathParam("container") + "\" in pod \"" + context.pathParam("pod")
                            + "\" is waiting to start: ContainerCreating";
            context.response().setStatusCode(previous ? 404 : 400)
                    .putHeader("Content-Type", "text/plain; charset=utf-8")
                    .end(Buffer.buffer(message.getBytes(StandardCharsets.UTF_8)));
            return Optional.empty();
        }
        return Optional.of(attempts.get(index));
    }

    static void closeQuietly(java.io.Closeable closeable) {
        try {
            closeable.close();
        } catch (java.io.IOException | RuntimeException e) {
            // closing a stream that is done already
        }
    }

    @PreDestroy
    void close() {
        workers.shutdownNow();
    }

    static boolean isStdErr(Frame frame) {
        return frame.getStreamType() == StreamType.STDERR;
    }
}
