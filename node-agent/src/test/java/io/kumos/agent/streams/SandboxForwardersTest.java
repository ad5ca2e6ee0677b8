package io.kumos.agent.streams;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import io.kumos.agent.pods.SandboxImage;

/**
 * The long-lived port forwarder run for real on this (x86-64 Linux) machine, listening on a unix-domain socket, and
 * the agent's side of its protocol ({@link SandboxForwarders#dial(Path, int)}) against local servers.
 */
@EnabledOnOs(OS.LINUX)
@EnabledIfSystemProperty(named = "os.arch", matches = "amd64|x86_64")
class SandboxForwardersTest {

    @TempDir
    Path directory;
    private Path socket;
    private Process forwarder;
    private final ExecutorService servers = Executors.newCachedThreadPool();

    @BeforeEach
    void startForwarder() throws Exception {
        Path program = directory.resolve("kumos-forward");
        Files.write(program, SandboxImage.forwardProgram());
        Files.setPosixFilePermissions(program, PosixFilePermissions.fromString("rwx------"));
        socket = directory.resolve("forward.sock");
        Files.writeString(socket, "a stale file left by a sandbox that died");
        forwarder = new ProcessBuilder(program.toString(), socket.toString()).start();
        await().atMost(Duration.ofSeconds(10)).until(() -> SandboxForwarders.listening(socket));
    }

    @AfterEach
    void stopForwarder() {
        forwarder.destroyForcibly();
        servers.shutdownNow();
    }

    @Test
    void theSocketReplacesAStaleFileAndIsOpenToEveryone() throws Exception {
        assertEquals("rwxrwxrwx", PosixFilePermissions.toString(Files.getPosixFilePermissions(socket)));
    }

    @Test
    void relaysBothWaysWithHalfCloseTowardsTheServerAndBack() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            // The server answers only once the client has half-closed: it reads to the end first.
            CompletableFuture<String> received = CompletableFuture.supplyAsync(() -> {
                try (Socket client = server.accept()) {
                    String request = new String(client.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                    client.getOutputStream().write(("echo:" + request).getBytes(StandardCharsets.UTF_8));
                    return request;
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }, servers);
            SandboxForwarders.Dialed dialed = SandboxForwarders.dial(socket, server.getLocalPort());
            assertEquals(0, dialed.errno());
            try (SocketChannel channel = dialed.channel()) {
                channel.write(ByteBuffer.wrap("ping".getBytes(StandardCharsets.UTF_8)));
                channel.shutdownOutput();
                assertEquals("echo:ping", readAll(channel));
            }
            assertEquals("ping", received.get(10, TimeUnit.SECONDS));
        }
    }

    @Test
    void theAgentSeesTheEndWhenTheServerClosesWhileItsOwnSideStaysOpen() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            servers.execute(() -> {
                try (Socket client = server.accept()) {
                    client.getOutputStream().write("bye".getBytes(StandardCharsets.UTF_8));
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
            SandboxForwarders.Dialed dialed = SandboxForwarders.dial(socket, server.getLocalPort());
            try (SocketChannel channel = dialed.channel()) {
                CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> {
                    try {
                        return readAll(channel);
                    } catch (IOException e) {
                        throw new IllegalStateException(e);
                    }
                }, servers);
                assertEquals("bye", output.get(5, TimeUnit.SECONDS), "the forwarder half-closes towards the agent");
            }
        }
    }

    @Test
    void aRefusedPortIsAnsweredWithItsErrnoAndTheForwarderGoesOn() throws Exception {
        int port;
        try (ServerSocket closed = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = closed.getLocalPort();
        }
        SandboxForwarders.Dialed dialed = SandboxForwarders.dial(socket, port);
        assertEquals(111, dialed.errno(), "ECONNREFUSED");
        assertNull(dialed.channel());
        assertTrue(forwarder.isAlive());
        assertEquals(111, SandboxForwarders.dial(socket, port).errno());
    }

    @Test
    void servesManyConnectionsAtOnceToSeveralPorts() throws Exception {
        List<ServerSocket> ports = List.of(new ServerSocket(0, 100, InetAddress.getLoopbackAddress()),
                new ServerSocket(0, 100, InetAddress.getLoopbackAddress()));
        try {
            for (ServerSocket server : ports) {
                servers.execute(() -> {
                    while (!server.isClosed()) {
                        try {
                            Socket client = server.accept();
                            servers.execute(() -> {
                                try (client) {
                                    String request = new String(client.getInputStream().readAllBytes(),
                                            StandardCharsets.UTF_8);
                                    client.getOutputStream().write((server.getLocalPort() + ":" + request)
                                            .getBytes(StandardCharsets.UTF_8));
                                } catch (IOException e) {
                                    // the test fails on the answer
                                }
                            });
                        } catch (IOException e) {
                            return;
                        }
                    }
                });
            }
            List<CompletableFuture<String>> answers = new ArrayList<>();
            ExecutorService clients = Executors.newFixedThreadPool(20);
            try {
                for (int i = 0; i < 100; i++) {
                    int n = i;
                    int port = ports.get(i % 2).getLocalPort();
                    answers.add(CompletableFuture.supplyAsync(() -> {
                        try {
                            SandboxForwarders.Dialed dialed = SandboxForwarders.dial(socket, port);
                            try (SocketChannel channel = dialed.channel()) {
                                channel.write(ByteBuffer.wrap(("request " + n).getBytes(StandardCharsets.UTF_8)));
                                channel.shutdownOutput();
                                return readAll(channel);
                            }
                        } catch (IOException e) {
                            throw new IllegalStateException(e);
                        }
                    }, clients));
                }
                for (int i = 0; i < answers.size(); i++) {
                    assertEquals(ports.get(i % 2).getLocalPort() + ":request " + i,
                            answers.get(i).get(20, TimeUnit.SECONDS));
                }
            } finally {
                clients.shutdownNow();
            }
            assertTrue(forwarder.isAlive());
        } finally {
            for (ServerSocket server : ports) {
                server.close();
            }
        }
    }

    @Test
    void noForwarderListeningIsAnErrorForTheFallback() throws Exception {
        forwarder.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        assertFalse(SandboxForwarders.listening(socket));
        assertThrows(IOException.class, () -> SandboxForwarders.dial(socket, 80));
    }

    private static String readAll(SocketChannel channel) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteBuffer buffer = ByteBuffer.allocate(4096);
        while (channel.read(buffer) >= 0) {
            out.write(buffer.array(), 0, buffer.position());
            buffer.clear();
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
