package io.kumos.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The real grid and database shared by every test of one JVM: started on first use, stopped when the JVM exits.
 * Tests isolate themselves by names derived from the test (cache keys, namespaces), not by new servers.
 */
public final class KumosInfra {

    private static KumosInfra instance;

    private final InfraProcess grid;
    private final InfraProcess postgres;

    private KumosInfra(Path root) {
        this.grid = InfraProcess.grid(root.resolve("grid"));
        this.postgres = InfraProcess.postgres(root.resolve("postgres"));
    }

    /** The shared infrastructure, started if it is not running yet. */
    public static synchronized KumosInfra shared() {
        if (instance == null) {
            Path root = root();
            KumosInfra infra = new KumosInfra(root);
            infra.grid.start();
            infra.postgres.start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                infra.grid.stop();
                infra.postgres.stop();
            }, "kumos-infra-stop"));
            instance = infra;
        }
        return instance;
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
                "quarkus.datasource.reactive.url", "postgresql://" + pgUrl,
                "quarkus.datasource.jdbc.url", "jdbc:postgresql://" + pgUrl,
                "quarkus.datasource.username", "postgres",
                "quarkus.datasource.password", "postgres");
    }

    private static Path root() {
        try {
            Path target = Path.of("target");
            Files.createDirectories(target);
            return Files.createTempDirectory(target.toAbsolutePath(), "kumos-infra-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
