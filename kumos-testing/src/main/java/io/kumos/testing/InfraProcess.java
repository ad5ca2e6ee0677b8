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
import java.util.concurrent.TimeUnit;

/**
 * One kumos-infra process ({@code grid} or {@code postgres}) started from {@code kumos-infra/target/dist}, as a
 * child of the test JVM. It can be stopped and started again on the same port and data, which is how tests prove
 * that services recover from a dependency that went away.
 */
public final class InfraProcess {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    private final String command;
    private final List<String> arguments;
    private final int port;
    private final Path log;
    private Process process;

    private InfraProcess(String command, List<String> arguments, int port, Path log) {
        this.command = command;
        this.arguments = arguments;
        this.port = port;
        this.log = log;
    }

    /** The real Infinispan Server with its state under {@code root}. */
    public static InfraProcess grid(Path root) {
        int port = freePort();
        return new InfraProcess("grid", List.of("--root", root.toString(), "--port", Integer.toString(port)), port,
                root.resolveSibling(root.getFileName() + ".log"));
    }

    /** The real PostgreSQL server with its data directory at {@code dataDir}. */
    public static InfraProcess postgres(Path dataDir) {
        int port = freePort();
        return new InfraProcess("postgres", List.of("--data", dataDir.toString(), "--port", Integer.toString(port)),
                port, dataDir.resolveSibling(dataDir.getFileName() + ".log"));
    }

    public int port() {
        return port;
    }

    /** Starts the process and waits until its port accepts connections. */
    public synchronized InfraProcess start() {
        if (process != null && process.isAlive()) {
            return this;
        }
        List<String> cmd = new ArrayList<>();
        if ("postgres".equals(command) && runningAsRoot()) {
            // PostgreSQL refuses root; run it as 'nobody' in a user namespace, owning what root owns outside.
            cmd.addAll(List.of("unshare", "--user", "--map-user=65534", "--map-group=65534"));
        }
        cmd.addAll(List.of(javaExecutable(), "-Xmx384m", "-jar", distJar().toString(), command));
        cmd.addAll(arguments);
        try {
            Files.createDirectories(log.getParent());
            Files.deleteIfExists(log);
            process = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.to(log.toFile())).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start kumos-infra " + command, e);
        }
        awaitReady();
        return this;
    }

    /** Stops the process gracefully (SIGTERM) and waits for it to exit. */
    public synchronized void stop() {
        if (process == null) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process = null;
    }

    private void awaitReady() {
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("kumos-infra " + command + " exited with " + process.exitValue()
                        + "; see " + log);
            }
            if (isReady()) {
                return;
            }
            sleep(200);
        }
        stop();
        throw new IllegalStateException("kumos-infra " + command + " was not ready on port " + port + " within "
                + START_TIMEOUT.toSeconds() + " s; see " + log);
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
            return Files.readAllLines(log).stream().anyMatch(line -> line.startsWith("PostgreSQL ready"));
        } catch (IOException e) {
            return false;
        }
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

    private static String javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static boolean runningAsRoot() {
        return "root".equals(System.getProperty("user.name"));
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
