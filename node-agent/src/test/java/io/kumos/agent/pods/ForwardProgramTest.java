package io.kumos.agent.pods;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/** The port forwarder run for real on this (x86-64 Linux) machine against a local server. */
@EnabledOnOs(OS.LINUX)
@EnabledIfSystemProperty(named = "os.arch", matches = "amd64|x86_64")
class ForwardProgramTest {

    @TempDir
    static Path directory;
    private static Path program;

    @BeforeAll
    static void writeProgram() throws Exception {
        program = directory.resolve("kumos-forward");
        Files.write(program, SandboxImage.forwardProgram());
        Files.setPosixFilePermissions(program, PosixFilePermissions.fromString("rwx------"));
    }

    @Test
    void copiesBothWaysAndHalfClosesTowardsTheServerAtTheEndOfStdin() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            // The server answers only once the client has half-closed: it reads to the end first.
            CompletableFuture<String> received = CompletableFuture.supplyAsync(() -> {
                try (Socket client = server.accept()) {
                    String request = new String(client.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                    client.getOutputStream().write(("echo:" + request).getBytes(StandardCharsets.UTF_8));
                    return request;
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            Process forward = new ProcessBuilder(program.toString(), Integer.toString(server.getLocalPort())).start();
            forward.getOutputStream().write("ping".getBytes(StandardCharsets.UTF_8));
            forward.getOutputStream().close();
            String output = read(forward.getInputStream());
            assertTrue(forward.waitFor(10, TimeUnit.SECONDS));
            assertEquals("ping", received.get(10, TimeUnit.SECONDS));
            assertEquals("echo:ping", output);
            assertEquals(0, forward.exitValue());
        }
    }

    @Test
    void theOutputEndsWhenTheServerClosesWhileStdinStaysOpen() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CompletableFuture.runAsync(() -> {
                try (Socket client = server.accept()) {
                    client.getOutputStream().write("bye".getBytes(StandardCharsets.UTF_8));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            // stdout and stderr on one pipe, as the engine ends an exec's output once both are closed
            Process forward = new ProcessBuilder(program.toString(), Integer.toString(server.getLocalPort()))
                    .redirectErrorStream(true).start();
            try {
                CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> {
                    try {
                        return read(forward.getInputStream());
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                });
                assertEquals("bye", output.get(5, TimeUnit.SECONDS), "no child holds the output open");
            } finally {
                forward.getOutputStream().close();
                forward.destroy();
            }
        }
    }

    @Test
    void exitsWithTheErrnoWhenThePortRefuses() throws Exception {
        int port;
        try (ServerSocket closed = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = closed.getLocalPort();
        }
        Process forward = new ProcessBuilder(program.toString(), Integer.toString(port)).start();
        assertTrue(forward.waitFor(10, TimeUnit.SECONDS));
        assertEquals(111, forward.exitValue(), "ECONNREFUSED");
        assertEquals("", read(forward.getInputStream()));
    }

    @Test
    void theArchiveHoldsTheProgramExecutableAtTheSandboxRoot() {
        byte[] tar = SandboxImage.forwarderArchive();
        assertEquals("kumos-forward", new String(tar, 0, 13, StandardCharsets.US_ASCII));
        assertEquals("0000755", new String(tar, 100, 7, StandardCharsets.US_ASCII));
        assertEquals(SandboxImage.FORWARDER, "/kumos-forward");
    }

    private static String read(InputStream in) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        in.transferTo(out);
        return out.toString(StandardCharsets.UTF_8);
    }
}
