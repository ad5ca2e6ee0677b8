package io.kumos.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import io.kumos.testing.Command;

/**
 * {@code ./kumos} of this checkout, with its own home and ports so that it never touches a Kumos the developer
 * runs on the same machine.
 */
final class KumosCli {

    static final Path REPO = Path.of(System.getProperty("kumos.repo", "..")).toAbsolutePath().normalize();
    static final int API_PORT = 17440;
    static final int PLACEMENT_PORT = 17441;
    static final int HEALTH_PORT = 17442;
    /** The grid's Hot Rod port (the first member's, of a cluster). */
    static final int GRID_PORT = 21222;
    static final int AGENT_PORT_BASE = 17450;

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final Path home;
    private final Map<String, String> env = new HashMap<>();

    KumosCli(String name) {
        this.home = REPO.resolve("kumos-e2e/target/" + name);
        env.put("KUMOS_HOME", home.toString());
        env.put("KUMOS_CLUSTER", cluster());
        env.put("KUMOS_API_PORT", Integer.toString(API_PORT));
        env.put("KUMOS_PLACEMENT_PORT", Integer.toString(PLACEMENT_PORT));
        env.put("KUMOS_HEALTH_PORT", Integer.toString(HEALTH_PORT));
        env.put("KUMOS_LB_PORT", "17443");
        env.put("KUMOS_NETWORK_PORT", "17444");
        env.put("KUMOS_AGENT_PORT_BASE", Integer.toString(AGENT_PORT_BASE));
        env.put("KUMOS_GRID_PORT", Integer.toString(GRID_PORT));
        env.put("KUMOS_DB_PORT", "25432");
        env.put("KUMOS_READY_TIMEOUT", "300");
    }

    /** Stops anything left running in this home by an earlier run and deletes the home, data included. */
    KumosCli fresh() {
        run("down");
        if (Files.exists(home)) {
            try (var paths = Files.walk(home)) {
                paths.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return this;
    }

    KumosCli withEnv(String name, String value) {
        env.put(name, value);
        return this;
    }

    /** What this Kumos's containers and pod networks are labelled with on the engine ({@code io.kumos.cluster}). */
    String cluster() {
        return "kumos-e2e-" + home.getFileName();
    }

    Path home() {
        return home;
    }

    Path kubeconfig() {
        return home.resolve("kubeconfig");
    }

    /**
     * A copy of the kubeconfig whose context works in {@code namespace}, as after {@code kubectl config set-context
     * --current --namespace}: for a test that keeps to a namespace of its own without naming it in every command.
     */
    Path kubeconfigIn(String namespace) {
        Path copy = home.resolve("kubeconfig-" + namespace);
        try {
            String config = Files.readString(kubeconfig());
            String inNamespace = config.replace("namespace: default", "namespace: " + namespace);
            if (inNamespace.equals(config)) {
                throw new IllegalStateException("no namespace in the context of " + kubeconfig() + ":\n" + config);
            }
            Files.writeString(copy, inNamespace);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return copy;
    }

    /** {@code ./kumos up} with these arguments besides "up", which must succeed. */
    void up(List<String> arguments) {
        List<String> command = new ArrayList<>(List.of("up"));
        command.addAll(arguments);
        Command.Result up = run(command.toArray(String[]::new));
        assertEquals(0, up.exitCode(), up::toString);
    }

    Command.Result run(String... args) {
        List<String> command = new ArrayList<>();
        command.add(REPO.resolve("kumos").toString());
        command.addAll(List.of(args));
        return Command.run(REPO, env, Duration.ofMinutes(10), command);
    }

    /** The PID of a process that {@code up} recorded, if it recorded one. */
    Optional<Long> pid(String name) {
        Path record = home.resolve("run").resolve(name);
        try {
            return Files.exists(record)
                    ? Optional.of(Long.parseLong(Files.readString(record).trim().split(" ")[0]))
                    : Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Every process of the operating system whose command line mentions this home, as "pid command line": what
     * 'down' must leave none of.
     */
    List<String> processesUsingHome() {
        return ProcessHandle.allProcesses()
                .filter(process -> process.info().commandLine().orElse("").contains(home.toString()))
                .map(process -> process.pid() + " " + process.info().commandLine().orElse(""))
                .toList();
    }

    /** GET on one of the services; the status code and body. */
    static HttpResponse<String> get(int port, String path) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
