package io.kumos.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One kumos-infra process ({@code grid} or {@code postgres}) started from {@code kumos-infra/target/dist}, as a
 * child of the test JVM. It can be stopped and started again on the same port and data, which is how tests prove
 * that services recover from a dependency that went away.
 *
 * <p>Its PID lives in a file under its root, not in a field: Quarkus loads test code in a new class loader for
 * each test profile, and every loader must see, and control, the same process.
 */
public final class InfraProcess {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    private final String command;
    private final Path root;
    private final int port;

    private InfraProcess(String command, Path root, int port) {
        this.command = command;
        this.root = root;
        this.port = port;
    }

    /** The real Infinispan Server with its state under {@code root}. */
    static InfraProcess grid(Path root, int port) {
        return new InfraProcess("grid", root, port);
    }

    /** The real PostgreSQL server with its data directory under {@code root}. */
    static InfraProcess postgres(Path root, int port) {
        return new InfraProcess("postgres", root, port);
    }

    public int port() {
        return port;
    }

    /** Starts the process unless it runs, and waits until it serves. */
    public InfraProcess start() {
        synchronized (InfraProcess.class.getName().intern()) {
            if (handle().isPresent()) {
                return this;
            }
            List<String> cmd = new ArrayList<>();
            if ("postgres".equals(command) && "root".equals(System.getProperty("user.name"))) {
                // PostgreSQL refuses root; run it as 'nobody' in a user namespace, owning what root owns outside.
                cmd.addAll(List.of("unshare", "--user", "--map-user=65534", "--map-group=65534"));
            }
            cmd.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx384m",
                    "-jar", distJar().toString(), command,
                    "grid".equals(command) ? "--root" : "--data", root.resolve(command).toString(),
                    "--port", Integer.toString(port)));
            try {
                Files.createDirectories(root);
                Process process = new ProcessBuilder(cmd).redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.to(log().toFile())).start();
                Files.writeString(pidFile(), Long.toString(process.pid()));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start kumos-infra " + command, e);
            }
            awaitReady();
            return this;
        }
    }

    /** Stops the process gracefully (SIGTERM), forcefully after 30 s, and waits for it to exit. */
    public void stop() {
        synchronized (InfraProcess.class.getName().intern()) {
            handle().ifPresent(process -> {
                process.destroy();
                try {
                    process.onExit().get(30, TimeUnit.SECONDS);
                } catch (TimeoutException e) {
                    process.destroyForcibly();
                    process.onExit().join();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } catch (java.util.concurrent.ExecutionException e) {
                    throw new IllegalStateException(e);
                }
            });
        }
    }

    private Optional<ProcessHandle> handle() {
        try {
            if (!Files.exists(pidFile())) {
                return Optional.empty();
            }
            return ProcessHandle.of(Long.parseLong(Files.readString(pidFile()).trim())).filter(ProcessHandle::isAlive);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void awaitReady() {
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            if (handle().isEmpty()) {
                throw new IllegalStateException("kumos-infra " + command + " exited during start-up; see " + log());
            }
            if (isReady()) {
                return;
            }
            sleep(200);
        }
        stop();
        throw new IllegalStateException("kumos-infra " + command + " was not ready on port " + port + " within "
                + START_TIMEOUT.toSeconds() + " s; see " + log());
    }

    /**
     * Ready means serving, not just listening: the grid's container health is HEALTHY (its port opens before its
     * caches can be created), PostgreSQL has finished starting (it rejects connections while it recovers).
     */
    private boolean isReady() {
        if ("grid".equals(command)) {
            try {
                HttpResponse<String> health = HTTP.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/rest/v2/container/health/status"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
                return "HEALTHY".equals(health.body());
            } catch (IOException notYet) {
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        try {
            return Files.readAllLines(log()).stream().anyMatch(line -> line.startsWith("PostgreSQL ready"));
        } catch (IOException e) {
            return false;
        }
    }

    private Path log() {
        return root.resolve(command + ".log");
    }

    private Path pidFile() {
        return root.resolve(command + ".pid");
    }

    private static Path distJar() {
        String dist = System.getProperty("kumos.infra.dist");
        if (dist == null) {
            throw new IllegalStateException("system property kumos.infra.dist is not set: run the tests through Maven, "
                    + "which points it at kumos-infra/target/dist");
        }
        Path jar = Path.of(dist, "kumos-infra.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: build it with './mvnw -pl kumos-infra package'");
        }
        return jar;
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return "kumos-infra " + command + " on 127.0.0.1:" + port;
    }
}
