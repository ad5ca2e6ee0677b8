package io.kumos.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Images for tests, built on the local engine since no registry is reachable: {@link #BUSYBOX} is an image
 * {@code FROM scratch} holding the host's static busybox (Debian's {@code busybox-static}) with its applets linked
 * in {@code /bin} and a {@code /tmp}, so pods get a shell, {@code httpd}, {@code nc}, {@code sleep}… Built once per
 * engine.
 */
public final class TestImages {

    /** The busybox image; it has no default command, so every pod gives one. */
    public static final String BUSYBOX = "kumos-test/busybox:2";

    /**
     * {@link #BUSYBOX} serving a page over HTTP on port 80 by default (busybox httpd), as the Deployment of a chart
     * made by {@code helm create} expects of its image: no command of its own, probes on port 80.
     */
    public static final String HTTPD = "kumos-test/httpd:1";

    /** {@link #BUSYBOX} with {@code iperf3}: see {@link #iperf3()}. */
    public static final String IPERF3 = "kumos-test/iperf3:1";

    private static final Path BUSYBOX_BINARY = Path.of("/bin/busybox");

    private TestImages() {
    }

    /** Builds {@link #BUSYBOX} unless the engine has it; answers its name. */
    public static synchronized String busybox() {
        if (present(BUSYBOX)) {
            return BUSYBOX;
        }
        if (!Files.isExecutable(BUSYBOX_BINARY)) {
            throw new IllegalStateException("/bin/busybox is missing: install Debian's busybox-static");
        }
        try {
            Path context = Files.createTempDirectory("kumos-busybox");
            Files.copy(BUSYBOX_BINARY, context.resolve("busybox"));
            return build(BUSYBOX, context, """
                    FROM scratch
                    COPY busybox /bin/busybox
                    RUN ["/bin/busybox", "sh", "-c", "/bin/busybox --install -s /bin && mkdir -m 1777 /tmp"]
                    """);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Builds {@link #HTTPD} (and {@link #BUSYBOX} under it) unless the engine has it; answers its name. */
    public static synchronized String httpd() {
        String base = busybox();
        if (present(HTTPD)) {
            return HTTPD;
        }
        try {
            return build(HTTPD, Files.createTempDirectory("kumos-httpd"), """
                    FROM %s
                    RUN ["sh", "-c", "mkdir -p /www && echo kumos > /www/index.html"]
                    EXPOSE 80
                    CMD ["httpd", "-f", "-p", "80", "-h", "/www"]
                    """.formatted(base));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * {@link #BUSYBOX} with the machine's {@code iperf3} (Debian's) and the libraries it links, at their paths, for
     * network benchmarks between pods. Built once per engine.
     */
    public static synchronized String iperf3() {
        String base = busybox();
        if (present(IPERF3)) {
            return IPERF3;
        }
        try {
            Path context = Files.createTempDirectory("kumos-iperf3");
            Command.Result ldd = Command.run(Path.of("."), Map.of(), Duration.ofSeconds(10),
                    List.of("ldd", "/usr/bin/iperf3"));
            List<String> files = new java.util.ArrayList<>(List.of("/usr/bin/iperf3"));
            for (String word : ldd.output().split("\\s+")) {
                if (word.startsWith("/")) {
                    files.add(word);
                }
            }
            for (String file : files) {
                Path target = context.resolve("root" + file);
                Files.createDirectories(target.getParent());
                Files.copy(Path.of(file), target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
            return build(IPERF3, context, """
                    FROM %s
                    COPY root/ /
                    """.formatted(base));
        } catch (IOException e) {
            throw new UncheckedIOException("iperf3 is missing? apt-get install iperf3", e);
        }
    }

    private static boolean present(String image) {
        return docker(List.of("image", "inspect", image)).exitCode() == 0;
    }

    private static String build(String image, Path context, String dockerfile) throws IOException {
        Files.writeString(context.resolve("Dockerfile"), dockerfile);
        Command.Result build = docker(List.of("build", "-q", "-t", image, context.toString()));
        if (build.exitCode() != 0) {
            throw new IllegalStateException("building " + image + " failed (is /bin/busybox static? Debian's "
                    + "busybox-static is): " + build);
        }
        return image;
    }

    private static Command.Result docker(List<String> arguments) {
        List<String> command = new java.util.ArrayList<>();
        command.add("docker");
        command.addAll(arguments);
        return Command.run(Path.of("."), Map.of(), Duration.ofMinutes(3), command);
    }
}
