package io.kumos.agent.network;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;

import io.kumos.agent.AgentConfig;

/**
 * Runs the commands that shape the node's network (iproute2, the CNI plugins) in the node's network namespace, or
 * in the agent's own when there is no {@code kumos.agent.netns} (a real host). Each command must end within 10 s.
 * Blocking: worker threads only; safe from any thread.
 */
@ApplicationScoped
public class NodeNamespace {

    private static final long TIMEOUT_SECONDS = 10;

    private final Optional<String> netns;

    @jakarta.inject.Inject
    NodeNamespace(AgentConfig config) {
        this(config.netns());
    }

    NodeNamespace(Optional<String> netns) {
        this.netns = netns;
    }

    /** A command that failed, with what it printed. */
    public static final class CommandFailure extends RuntimeException {
        CommandFailure(String message) {
            super(message);
        }
    }

    /** Runs a command in the node's namespace; answers its standard output. */
    public String run(String... command) {
        return run(List.of(command), Map.of(), "");
    }

    /** Runs a command in the node's namespace with extra environment and standard input. */
    public String run(List<String> command, Map<String, String> env, String stdin) {
        List<String> argv = new ArrayList<>();
        netns.ifPresent(name -> argv.addAll(List.of("ip", "netns", "exec", name)));
        argv.addAll(command);
        return exec(argv, env, stdin);
    }

    /** Runs a command in the agent's own namespace (the machine's, on one machine). */
    public String onMachine(String... command) {
        return exec(List.of(command), Map.of(), "");
    }

    private static String exec(List<String> argv, Map<String, String> env, String stdin) {
        ProcessBuilder builder = new ProcessBuilder(argv);
        builder.environment().putAll(env);
        try {
            Process process = builder.start();
            // The input and the error output are small (a CNI config, a message): neither pipe fills up while the
            // output is read to its end here.
            try (var input = process.getOutputStream()) {
                input.write(stdin.getBytes(StandardCharsets.UTF_8));
            }
            String out = read(process.getInputStream());
            String err = read(process.getErrorStream());
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new CommandFailure(String.join(" ", argv) + ": no answer within " + TIMEOUT_SECONDS + " s");
            }
            if (process.exitValue() != 0) {
                throw new CommandFailure(String.join(" ", argv) + ": exit " + process.exitValue() + ": "
                        + (err + " " + out).trim());
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(String.join(" ", argv) + " could not run", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CommandFailure(String.join(" ", argv) + ": interrupted");
        }
    }

    private static String read(InputStream stream) throws IOException {
        try (stream) {
            return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
