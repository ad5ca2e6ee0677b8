package io.kumos.testing;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

/**
 * The real grid and database shared by every test of one JVM: started on first use, stopped when the JVM exits.
 * Tests isolate themselves by names derived from the test (cache keys, namespaces), not by new servers.
 *
 * <p>The shared state is a directory named after the JVM's PID ({@code target/kumos-infra-<pid>}), holding the
 * ports and PIDs: Quarkus runs each test profile in a new class loader, where statics start empty.
 */
public final class KumosInfra {

    private static KumosInfra instance;

    private final InfraProcess grid;
    private final InfraProcess postgres;

    private KumosInfra(InfraProcess grid, InfraProcess postgres) {
        this.grid = grid;
        this.postgres = postgres;
    }

    /** The shared infrastructure, started if it is not running yet. */
    public static synchronized KumosInfra shared() {
        if (instance == null) {
            instance = attachOrStart(Path.of("target", "kumos-infra-" + ProcessHandle.current().pid())
                    .toAbsolutePath());
        }
        return instance;
    }

    private static KumosInfra attachOrStart(Path root) {
        synchronized (InfraProcess.class.getName().intern()) {
            Path portsFile = root.resolve("ports.properties");
            Properties ports = new Properties();
            try {
                if (Files.exists(portsFile)) {
                    try (Reader in = Files.newBufferedReader(portsFile)) {
                        ports.load(in);
                    }
                } else {
                    Files.createDirectories(root);
                    ports.setProperty("grid", Integer.toString(InfraProcess.freePort()));
                    ports.setProperty("postgres", Integer.toString(InfraProcess.freePort()));
                    try (Writer out = Files.newBufferedWriter(portsFile)) {
                        ports.store(out, "kumos-infra of test JVM " + ProcessHandle.current().pid());
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            KumosInfra infra = new KumosInfra(
                    InfraProcess.grid(root, Integer.parseInt(ports.getProperty("grid"))),
                    InfraProcess.postgres(root, Integer.parseInt(ports.getProperty("postgres"))));
            infra.grid.start();
            infra.postgres.start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                infra.grid.stop();
                infra.postgres.stop();
            }, "kumos-infra-stop"));
            return infra;
        }
    }

    public InfraProcess grid() {
        return grid;
    }

    public InfraProcess postgres() {
        return postgres;
    }

    /** Quarkus configuration pointing a service at this infrastructure. */
    public Map<String, String> config() {
        String pgUrl = "127.0.0.1:" + postgres.port() + "/postgres";
        return Map.of(
                "kumos.grid.hosts", "127.0.0.1:" + grid.port(),
                "kumos.db.reactive-url", "postgresql://" + pgUrl,
                "kumos.db.jdbc-url", "jdbc:postgresql://" + pgUrl);
    }
}
