package io.kumos.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The real, unmodified kubectl binaries of this machine: {@code kubectl.1.27} … {@code kubectl.1.33} beside the
 * file that {@code kubectl} on the PATH resolves to.
 */
public final class Kubectl {

    public static final List<String> VERSIONS = List.of("1.27", "1.28", "1.29", "1.30", "1.31", "1.32", "1.33");

    private final Path binary;

    private Kubectl(Path binary) {
        this.binary = binary;
    }

    public static Kubectl version(String version) {
        Path binary = directory().resolve("kubectl." + version);
        if (!Files.isExecutable(binary)) {
            throw new IllegalStateException(binary + " is missing: this machine should carry kubectl 1.27 to 1.33");
        }
        return new Kubectl(binary);
    }

    public String name() {
        return binary.getFileName().toString();
    }

    public Command.Result run(Path kubeconfig, String... args) {
        return run(kubeconfig, Map.of(), args);
    }

    /** Runs with extra environment, e.g. {@code KUBE_EDITOR} for a scripted {@code kubectl edit}. */
    public Command.Result run(Path kubeconfig, Map<String, String> env, String... args) {
        List<String> command = new ArrayList<>(List.of(binary.toString(), "--kubeconfig", kubeconfig.toString()));
        command.addAll(List.of(args));
        return Command.run(kubeconfig.getParent(), env, Duration.ofMinutes(2), command);
    }

    /** Runs with {@code input} on kubectl's standard input (e.g. {@code exec -i}). */
    public Command.Result runWithInput(Path kubeconfig, String input, String... args) {
        List<String> command = new ArrayList<>(List.of(binary.toString(), "--kubeconfig", kubeconfig.toString()));
        command.addAll(List.of(args));
        return Command.run(kubeconfig.getParent(), Map.of(), Duration.ofMinutes(2), command, input);
    }

    /**
     * Runs in a pseudo-terminal ({@code script} of util-linux), as {@code kubectl exec -it} needs one on its
     * standard input, with {@code input} typed into it.
     */
    public Command.Result runInTerminal(Path kubeconfig, String input, String... args) {
        return inTerminal("", kubeconfig, input, args);
    }

    /**
     * As {@link #runInTerminal(Path, String, String...)}, in a terminal of {@code columns} × {@code rows} (the one
     * {@code script} makes from a pipe has no size), which kubectl passes on to the container's as a resize.
     */
    public Command.Result runInTerminal(Path kubeconfig, int columns, int rows, String input, String... args) {
        return inTerminal("stty cols " + columns + " rows " + rows + "; ", kubeconfig, input, args);
    }

    private Command.Result inTerminal(String setUp, Path kubeconfig, String input, String... args) {
        StringBuilder line = new StringBuilder(setUp).append("exec ").append(quote(binary.toString()))
                .append(" --kubeconfig ").append(quote(kubeconfig.toString()));
        for (String arg : args) {
            line.append(' ').append(quote(arg));
        }
        return Command.run(kubeconfig.getParent(), Map.of(), Duration.ofMinutes(2),
                List.of("script", "-qfec", line.toString(), "/dev/null"), input);
    }

    private static String quote(String word) {
        return "'" + word.replace("'", "'\\''") + "'";
    }

    /** Starts a long-running kubectl (e.g. {@code get -w}); the caller reads its output and stops it. */
    public Process start(Path kubeconfig, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(binary.toString(), "--kubeconfig", kubeconfig.toString()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectErrorStream(true).start();
    }

    private static Path directory() {
        String path = System.getenv().getOrDefault("PATH", "");
        return Stream.of(path.split(":"))
                .map(dir -> Path.of(dir, "kubectl"))
                .filter(Files::isExecutable)
                .findFirst()
                .map(Kubectl::realPath)
                .map(Path::getParent)
                .orElseThrow(() -> new IllegalStateException("kubectl is not on the PATH"));
    }

    private static Path realPath(Path path) {
        try {
            return path.toRealPath();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
