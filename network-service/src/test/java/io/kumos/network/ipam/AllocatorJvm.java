package io.kumos.network.ipam;

import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import io.kumos.network.NetworkConfig;

/**
 * An {@link AllocatingProcess} in a JVM of its own, started from the test's classpath: its output lines as they
 * come, the line that starts its race, and its end, natural or by {@code kill -9}. Its stderr (the Hot Rod
 * client's log) goes to {@code target/allocator-jvm-<pid>.log}.
 */
final class AllocatorJvm implements AutoCloseable {

    private final Process process;
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final Thread reader;

    private AllocatorJvm(Process process) {
        this.process = process;
        this.reader = new Thread(this::readLines, "allocator-jvm-" + process.pid());
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts it with the service's IPAM configuration; it connects and waits for {@link #go}. */
    static AllocatorJvm start(String gridHosts, NetworkConfig config, String... command) {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:TieredStopAtLevel=1", "-Djava.util.logging.manager=org.jboss.logmanager.LogManager",
                "-cp", System.getProperty("java.class.path"),
                AllocatingProcess.class.getName(), gridHosts, config.clusterCidr(),
                Integer.toString(config.nodeSubnetPrefix()), config.nodeGrace().toString()));
        cmd.addAll(List.of(command));
        try {
            Files.createDirectories(Path.of("target"));
            Process process = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.appendTo(
                    Path.of("target", "allocator-jvm-" + ProcessHandle.current().pid() + ".log").toFile())).start();
            return new AllocatorJvm(process);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start a JVM for " + AllocatingProcess.class.getName(), e);
        }
    }

    private void readLines() {
        try (BufferedReader out = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                lines.add(line);
            }
        } catch (IOException closedByKill) {
            // The process is gone; what it printed before is all there is.
        }
    }

    /** Waits until it has printed that many lines starting with the word {@code first}. */
    AllocatorJvm awaitLines(String first, int count, Duration atMost) {
        await().atMost(atMost).until(() -> {
            if (!process.isAlive() && linesStartingWith(first).size() < count) {
                throw new IllegalStateException("the allocating process exited (" + process.exitValue()
                        + ") after printing " + lines + "; see its log in target/");
            }
            return linesStartingWith(first).size() >= count;
        });
        return this;
    }

    /** Starts its race. */
    void go() {
        try {
            OutputStream in = process.getOutputStream();
            in.write("go\n".getBytes(StandardCharsets.UTF_8));
            in.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits for it to finish its work and for its last lines; returns its exit code. */
    int finish(Duration atMost) throws InterruptedException {
        if (!process.waitFor(atMost.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException("the allocating process did not finish within " + atMost);
        }
        reader.join(Duration.ofSeconds(10).toMillis());
        return process.exitValue();
    }

    /**
     * {@code kill -9}: no shutdown hook, no finally block runs in it. Returns once every line it printed before
     * dying has been read, so that nothing it said it did goes unseen.
     */
    void kill() throws InterruptedException {
        process.destroyForcibly().waitFor();
        reader.join(Duration.ofSeconds(10).toMillis());
    }

    /** Its output lines that are or start with the word {@code first}, split at spaces. */
    List<String[]> linesStartingWith(String first) {
        return lines.stream().filter(line -> line.equals(first) || line.startsWith(first + " "))
                .map(line -> line.split(" ")).toList();
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}
