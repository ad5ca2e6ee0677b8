package io.kumos.agent.streams;

import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.DockerClient;

import io.kumos.agent.docker.DockerEngine;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ServerWebSocket;

/**
 * One {@code docker exec}, or with no command an attach to the container's main process, bridged to a {@code v5.channel.k8s.io} WebSocket: each binary message starts with its
 * channel (0 stdin, 1 stdout, 2 stderr, 3 the final status, 4 terminal resize, 255 close: {@code [255, 0]} ends
 * stdin). The session ends with the status on channel 3, carrying the exit code as Kubernetes does (an attach
 * ends with Success when the process's output ends, as the kubelet's does).
 */
final class ExecSession {

    private static final Logger LOG = Logger.getLogger(ExecSession.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final DockerEngine engine;
    private final ExecutorService workers;
    private final ServerWebSocket socket;
    private final java.util.function.Supplier<java.util.Optional<String>> lookup;
    private final String notRunning;
    private volatile String containerId;
    private final List<String> command;
    private final boolean stdin;
    private final boolean tty;
    private final StdinPipe input = new StdinPipe();
    private volatile String execId;
    private volatile boolean running;
    /** The terminal size last asked for, applied once the process runs: kubectl sends it before. */
    private volatile JsonNode size;
    /** The size last given to the engine; a resize on its way holds {@link #resizing}. */
    private volatile JsonNode applied;
    private final AtomicBoolean resizing = new AtomicBoolean();

    /**
     * @param lookup     finds the running container (blocking: it runs on a worker)
     * @param notRunning the message of the Failure status when it finds none
     * @param command    the command to run, or null to attach to the container's main process
     */
    ExecSession(DockerEngine engine, ExecutorService workers, ServerWebSocket socket,
            java.util.function.Supplier<java.util.Optional<String>> lookup, String notRunning, List<String> command,
            boolean stdin, boolean tty) {
        this.engine = engine;
        this.workers = workers;
        this.socket = socket;
        this.lookup = lookup;
        this.notRunning = notRunning;
        this.command = command;
        this.stdin = stdin;
        this.tty = tty;
    }

    void start() {
        socket.binaryMessageHandler(this::fromClient);
        socket.closeHandler(closed -> input.end());
        socket.resume();
        workers.execute(this::run);
    }

    private void run() {
        DockerClient docker = engine.client();
        try {
            containerId = lookup.get().orElse(null);
            if (containerId == null) {
                finish(-1, notRunning);
                return;
            }
            if (command != null) {
                execId = docker.execCreateCmd(containerId).withCmd(command.toArray(String[]::new))
                        .withAttachStdin(stdin).withAttachStdout(true).withAttachStderr(true).withTty(tty).exec()
                        .getId();
            }
            try (HijackedExec exec = command == null ? HijackedExec.attach(engine.host(), containerId, stdin, tty)
                    : HijackedExec.start(engine.host(), execId, tty)) {
                running = true;
                if (tty && size != null) {
                    applySizeSoon();
                }
                if (stdin) {
                    workers.execute(() -> exec.copyStdin(input));
                }
                exec.readOutput(this::send);
            }
            input.end();
            finish(command == null ? 0 : engine.execExitCode(execId), null);
        } catch (java.io.IOException | RuntimeException e) {
            LOG.debugf("exec in %s failed: %s", containerId, e.getMessage());
            input.end();
            finish(-1, e.getMessage());
        }
    }

    private void fromClient(Buffer frame) {
        if (frame.length() == 0) {
            return;
        }
        int channel = frame.getByte(0) & 0xff;
        switch (channel) {
            case 0 -> input.put(frame.getBytes(1, frame.length()));
            case 4 -> resize(frame.getBuffer(1, frame.length()).toString());
            case 255 -> {
                if (frame.length() > 1 && frame.getByte(1) == 0) {
                    input.end();
                }
            }
            default -> {
                // other channels carry nothing from the client
            }
        }
    }

    private void resize(String text) {
        try {
            size = JSON.readTree(text);
        } catch (java.io.IOException e) {
            LOG.debugf("exec: a resize that is not JSON: %s", text);
            return;
        }
        if (running) {
            applySizeSoon();
        }
    }

    /**
     * Gives the engine the latest size, one resize at a time per session, so that sizes sent back to back reach it
     * in order and the last one last: kubectl sends its terminal's size plus one, then its size, to make the
     * process redraw, and two resizes on two workers at once could land the other way round.
     */
    private void applySizeSoon() {
        if (!resizing.compareAndSet(false, true)) {
            return;
        }
        workers.execute(() -> {
            try {
                while (size != applied) {
                    applySize(size);
                }
            } finally {
                resizing.set(false);
            }
            if (size != applied) { // a size that came as the loop ended
                applySizeSoon();
            }
        });
    }

    private void applySize(JsonNode dimensions) {
        applied = dimensions;
        try {
            if (command == null) {
                engine.client().resizeContainerCmd(containerId).withSize(dimensions.path("Height").asInt(),
                        dimensions.path("Width").asInt()).exec();
            } else {
                engine.client().resizeExecCmd(execId).withSize(dimensions.path("Height").asInt(),
                        dimensions.path("Width").asInt()).exec();
            }
        } catch (RuntimeException e) {
            LOG.debugf("exec: resize to %s failed: %s", dimensions, e.getMessage());
        }
    }

    private void send(int channel, byte[] bytes) {
        if (!socket.isClosed()) {
            socket.writeBinaryMessage(Buffer.buffer(bytes.length + 1).appendByte((byte) channel).appendBytes(bytes));
        }
    }

    private void finish(long exitCode, String error) {
        var status = JSON.createObjectNode();
        status.putObject("metadata");
        if (error != null) {
            status.put("status", "Failure").put("message", error).put("reason", "InternalError").put("code", 500);
        } else if (exitCode == 0) {
            status.put("status", "Success");
        } else {
            status.put("status", "Failure").put("message", "command terminated with non-zero exit code: error "
                    + "executing command " + command + ", exit code " + exitCode).put("reason", "NonZeroExitCode");
            status.putObject("details").putArray("causes").addObject().put("reason", "ExitCode")
                    .put("message", Long.toString(exitCode));
        }
        send(3, status.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        if (!socket.isClosed()) {
            socket.close();
        }
    }
}
