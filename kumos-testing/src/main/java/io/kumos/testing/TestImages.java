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

    private static final Path BUSYBOX_BINARY = Path.of("/bin/busybox");

    private TestImages() {
    }

    /** Builds {@link #BUSYBOX} unless the engine has it; answers its name. */
    public static synchronized String busybox() {
        if (docker(List.of("image", "inspect", BUSYBOX)).exitCode() == 0) {
            return BUSYBOX;
        }
        if (!Files.isExecutable(BUSYBOX_BINARY)) {
            throw new IllegalStateException("/bin/busybox is missing: install Debian's busybox-static");
        }
        try {
            Path context = Files.createTempDirectory("kumos-busybox");
            Files.copy(BUSYBOX_BINARY, context.resolve("busybox"));
            Files.writeString(context.resolve("Dockerfile"), """
                    FROM scratch
                    COPY busybox /bin/busybox
                    RUN ["/bin/busybox", "sh", "-c", "/bin/busybox --install -s /bin && mkdir -m 1777 /tmp"]
                    """);
            Command.Result build = docker(List.of("build", "-q", "-t", BUSYBOX, context.toString()));
            if (build.exitCode() != 0) {
                throw new IllegalStateException("building " + BUSYBOX + " failed (is /bin/busybox static? Debian's "
                        + "busybox-static is): " + build);
            }
            return BUSYBOX;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Command.Result docker(List<String> arguments) {
        List<String> command = new java.util.ArrayList<>();
        command.add("docker");
        command.addAll(arguments);
        return Command.run(Path.of("."), Map.of(), Duration.ofMinutes(3), command);
    }
}
