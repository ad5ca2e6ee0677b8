package io.kumos.e2e;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import io.kumos.testing.Command;
import io.kumos.testing.Kubectl;
import io.kumos.testing.TestImages;

/**
 * The streaming subresources kubectl users reach for besides logs and exec, with the real kubectl 1.27 (SPDY) and
 * 1.33 (SPDY tunnelled in a WebSocket for port-forward, WebSocket v5 for attach) against {@code ./kumos up}:
 * port-forward to a Deployment's pod serving HTTP on two ports, one of them on the pod's loopback only (many parallel
 * connections, half-close, a refused port, the container restarting under the forward), to the Service in front of
 * it and to the Deployment; attach to a process printing a line a second on stdout and on stderr;
 * {@code run -it --rm} with stdin and a terminal of a given size. The clients whose protocol matters talk through a
 * {@link ClientLink}, which shows the upgrade each asked for, so that a version falling back to SPDY would not pass
 * unseen.
 */
@SharedKumos({"--nodes", "2"})
class PodStreamsE2EIT extends KumosUp {

    /**
     * Two HTTP servers in the background: 8080 on every address, 9090 on the pod's 127.0.0.1 only (reached only from
     * inside the pod's network namespace, as upstream's port-forward reaches it); the container ends when /tmp/stop
     * appears.
     */
    private static final String SERVERS = "mkdir -p /a /b; echo hello-8080 > /a/index.html; "
            + "echo hello-9090 > /b/index.html; httpd -p 8080 -h /a; httpd -p 127.0.0.1:9090 -h /b; "
            + "while [ ! -f /tmp/stop ]; do sleep 1; done";
    private static final Pattern FORWARDING = Pattern.compile("Forwarding from 127\\.0\\.0\\.1:(\\d+) -> (\\d+)");

    /** This class's own namespace, in which its kubeconfig works: the cluster is shared. */
    private static final String NS = "streams";

    private final Kubectl kubectl = Kubectl.version("1.33");
    private Path config;
    /** The pod of Deployment {@code web}. */
    private String web;

    PodStreamsE2EIT() {
        super();
    }

    @BeforeAll
    void podsAndService() throws IOException {
        TestImages.busybox();
        ok(kubectl.run(kumos.kubeconfig(), "create", "namespace", NS));
        config = kumos.kubeconfigIn(NS);
        Path manifest = Files.createTempFile(kumos.home(), "streams", ".yaml");
        Files.writeString(manifest, """
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: web}
                spec:
                  replicas: 1
                  selector: {matchLabels: {app: web}}
                  template:
                    metadata: {labels: {app: web}}
                    spec:
                      containers:
                      - name: main
                        image: %1$s
                        command: [sh, -c, '%2$s']
                        ports: [{containerPort: 8080}]
                ---
                apiVersion: v1
                kind: Service
                metadata: {name: web}
                spec:
                  selector: {app: web}
                  ports: [{port: 80, targetPort: 8080}]
                ---
                apiVersion: v1
                kind: Pod
                metadata: {name: ticker}
                spec:
                  containers:
                  - name: main
                    image: %1$s
                    command: [sh, -c, 'i=0; while true; do echo tick $i; echo tock $i >&2; i=$((i+1)); sleep 1; done']
                """.formatted(TestImages.BUSYBOX, SERVERS));
        ok(kubectl.run(config, "apply", "-f", manifest.toString()));
        ok(kubectl.run(config, "rollout", "status", "deploy/web", "--timeout=90s"));
        ok(kubectl.run(config, "wait", "--for=condition=Ready", "pod/ticker", "--timeout=90s"));
        web = ok(kubectl.run(config, "get", "pods", "-l", "app=web", "-o", "jsonpath={.items[0].metadata.name}"))
                .trim();
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.27", "1.33"})
    void portForwardAnswersManyConnectionsOnTwoPorts(String version) throws Exception {
        try (ClientLink link = new ClientLink(KumosCli.API_PORT);
                Forward forward = new Forward(Kubectl.version(version), through(link), "pod/" + web, ":8080",
                        ":9090")) {
            int http = forward.local(8080);
            int loopbackOnly = forward.local(9090);

            assertEquals(List.of(200), parallelGets(http, 20, 10, "hello-8080"), forward::output);
            assertEquals(List.of(200), parallelGets(loopbackOnly, 4, 5, "hello-9090"), forward::output);
            assertEquals("hello-8080", halfClosedGet(http), "a request sent then half-closed is answered");
            assertUpgrades(version, link);
        }
    }

    /**
     * Upstream's port-forward reaches the pod's network namespace, which outlives its containers: a forward that is
     * idle while the container restarts goes on once the new one serves. (A connection made while nothing listens
     * is refused, which ends the forward, as {@link #aRefusedPortIsReportedAndEndsTheForwardAsUpstream} shows.) One
     * restart under a forward of each version.
     */
    @Test
    void forwardsOutliveAContainerRestart() throws Exception {
        try (Forward spdy = new Forward(Kubectl.version("1.27"), config, "pod/" + web, ":8080", ":9090");
                Forward tunnel = new Forward(Kubectl.version("1.33"), config, "pod/" + web, ":8080", ":9090")) {
            List<Forward> forwards = List.of(spdy, tunnel);
            for (Forward forward : forwards) {
                assertEquals("hello-8080", HttpTraffic.get("127.0.0.1", forward.local(8080)), forward::output);
            }

            int restarts = restartCount(web);
            ok(kubectl.run(config, "exec", web, "--", "touch", "/tmp/stop"));
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() ->
                    restartCount(web) > restarts && "true".equals(kubectl.run(config, "get", "pod", web, "-o",
                            "jsonpath={.status.containerStatuses[0].ready}").output()));
            // Not a moment before the new container serves: a refused connection would end the forward, as upstream.
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(300)).until(() -> kubectl.run(
                    config, "exec", web, "--", "wget", "-qO-", "http://127.0.0.1:9090/").output().contains(
                            "hello-9090"));
            for (Forward forward : forwards) {
                assertTrue(forward.alive(), "the forward outlives the container");
                assertEquals("hello-8080", HttpTraffic.get("127.0.0.1", forward.local(8080)), forward::output);
                assertEquals("hello-9090", HttpTraffic.get("127.0.0.1", forward.local(9090)), forward::output);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.27", "1.33"})
    void aRefusedPortIsReportedAndEndsTheForwardAsUpstream(String version) throws Exception {
        try (Forward forward = new Forward(Kubectl.version(version), config, "pod/" + web, ":7777")) {
            int port = forward.local(7777);
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
                socket.setSoTimeout(10_000);
                socket.getOutputStream().write("GET / HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                assertEquals(-1, socket.getInputStream().read(), "nothing comes back from a refused port");
            }
            await().atMost(Duration.ofSeconds(20)).until(() -> !forward.alive()
                    && forward.output().contains("lost connection to pod"));
            String output = forward.output();
            assertTrue(output.contains("an error occurred forwarding " + port + " -> 7777"), output);
            assertTrue(output.contains("connect: connection refused"), output);
        }
    }

    /** kubectl resolves a Service (its port to the target port) or a Deployment to one of their pods. */
    @ParameterizedTest
    @CsvSource({"1.27, svc/web, :80", "1.33, svc/web, :80", "1.27, deploy/web, :8080", "1.33, deploy/web, :8080"})
    void portForwardToAServiceOrADeploymentReachesTheirPod(String version, String target, String ports)
            throws Exception {
        try (Forward forward = new Forward(Kubectl.version(version), config, target, ports)) {
            assertEquals(List.of(200), parallelGets(forward.local(8080), 4, 5, "hello-8080"), forward::output);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.27", "1.33"})
    void attachShowsTheOutputOfTheContainersProcess(String version) throws IOException {
        try (ClientLink link = new ClientLink(KumosCli.API_PORT)) {
            Process attach = Kubectl.version(version).start(through(link), "attach", "ticker");
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(attach.getInputStream(),
                    StandardCharsets.UTF_8))) {
                List<String> seen = new ArrayList<>();
                int first = nextTick(lines, seen);
                assertEquals(first + 1, nextTick(lines, seen));
                assertEquals(first + 2, nextTick(lines, seen));
                assertTrue(seen.stream().anyMatch(line -> line.startsWith("tock ")), () -> "no stderr in " + seen);
            } finally {
                attach.destroy();
            }
            assertUpgrades(version, link);
        }
    }

    /**
     * {@code run -it} attaches with stdin and a terminal: the test types into it, and the size of kubectl's terminal
     * reaches the container's (the resize channel); {@code --rm} deletes the pod after.
     */
    @ParameterizedTest
    @ValueSource(strings = {"1.27", "1.33"})
    void runItRmGivesAShellAndDeletesThePod(String version) throws IOException {
        String pod = "shell-" + version.replace(".", "");
        try (ClientLink link = new ClientLink(KumosCli.API_PORT)) {
            String typed = "for i in 1 2 3 4 5 6 7 8 9 10; do [ \"$(stty size)\" = \"45 123\" ] && break; sleep 0.2; "
                    + "done; echo size $(stty size)\nread x; echo got $x $((6*7))\nfrom-the-test\nexit 0\n";
            Command.Result run = Kubectl.version(version).runInTerminal(through(link), 123, 45, typed, "run", "-it",
                    "--rm", "--restart=Never", pod, "--image=" + TestImages.BUSYBOX, "--", "sh");
            assertEquals(0, run.exitCode(), run::toString);
            assertTrue(run.output().contains("size 45 123"), run::toString);
            assertTrue(run.output().contains("got from-the-test 42"), run::toString);
            assertTrue(run.output().contains("pod \"" + pod + "\" deleted"), run::toString);
            assertUpgrades(version, link);
        }
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertTrue(kubectl.run(config, "get", "pod", pod).output().contains("NotFound")));
    }

    // --- helpers ---

    /** A running {@code kubectl port-forward}: its output, read as it comes, and the local ports it listens on. */
    private static final class Forward implements AutoCloseable {
        private final Process process;
        private final List<String> lines = java.util.Collections.synchronizedList(new ArrayList<>());

        Forward(Kubectl client, Path config, String... args) throws IOException {
            List<String> command = new ArrayList<>(List.of("port-forward"));
            command.addAll(List.of(args));
            process = client.start(config, command.toArray(String[]::new));
            Thread reader = new Thread(() -> {
                try (BufferedReader output = new BufferedReader(new InputStreamReader(process.getInputStream(),
                        StandardCharsets.UTF_8))) {
                    for (String line = output.readLine(); line != null; line = output.readLine()) {
                        lines.add(line);
                    }
                } catch (IOException e) {
                    lines.add(e.toString());
                }
            }, "port-forward-output");
            reader.setDaemon(true);
            reader.start();
        }

        /** The local port forwarded to the pod's {@code remote}, once kubectl says so. */
        int local(int remote) {
            return await().atMost(Duration.ofSeconds(30)).until(() -> {
                synchronized (lines) {
                    for (String line : lines) {
                        Matcher forwarding = FORWARDING.matcher(line);
                        if (forwarding.find() && Integer.parseInt(forwarding.group(2)) == remote) {
                            return Integer.parseInt(forwarding.group(1));
                        }
                    }
                }
                return null;
            }, java.util.Objects::nonNull);
        }

        String output() {
            synchronized (lines) {
                return String.join("\n", lines);
            }
        }

        boolean alive() {
            return process.isAlive();
        }

        @Override
        public void close() {
            process.destroy();
        }
    }

    /**
     * {@code connections} clients at once, each making {@code requests} requests on new connections; the distinct
     * outcomes ({@code 200} when every body was {@code body}), so that one failure shows with its cause.
     */
    private static List<Object> parallelGets(int port, int connections, int requests, String body)
            throws Exception {
        ExecutorService clients = Executors.newFixedThreadPool(connections);
        try {
            List<Future<Object>> outcomes = new ArrayList<>();
            for (int i = 0; i < connections * requests; i++) {
                outcomes.add(clients.submit(() -> {
                    try {
                        String answer = HttpTraffic.get("127.0.0.1", port);
                        return answer.equals(body) ? (Object) 200 : answer;
                    } catch (IOException e) {
                        return e.toString();
                    }
                }));
            }
            List<Object> distinct = new ArrayList<>();
            for (Future<Object> outcome : outcomes) {
                Object value = outcome.get();
                if (!distinct.contains(value)) {
                    distinct.add(value);
                }
            }
            return distinct;
        } finally {
            clients.shutdownNow();
        }
    }

    /** A request whose connection is half-closed once sent: the answer must still come. */
    private static String halfClosedGet(int port) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write("GET / HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            socket.shutdownOutput();
            ByteArrayOutputStream response = new ByteArrayOutputStream();
            socket.getInputStream().transferTo(response);
            String text = response.toString(StandardCharsets.UTF_8);
            assertTrue(text.startsWith("HTTP/1.") && text.contains(" 200 "), text);
            return text.substring(text.indexOf("\r\n\r\n") + 4).trim();
        }
    }

    /** The number of the next {@code tick} line; every line read goes to {@code seen}. */
    private static int nextTick(BufferedReader lines, List<String> seen) throws IOException {
        String line = lines.readLine();
        while (line != null && !line.startsWith("tick ")) {
            seen.add(line);
            line = lines.readLine();
        }
        assertTrue(line != null, "attach ended");
        return Integer.parseInt(line.substring(5).trim());
    }

    /**
     * kubectl 1.27 upgraded its one streaming connection to SPDY/3.1; 1.33 to a WebSocket, and did not fall back to
     * SPDY (the fallback would hide a WebSocket that does not work).
     */
    private static void assertUpgrades(String version, ClientLink link) {
        boolean webSocket = !version.equals("1.27");
        assertEquals(webSocket ? 1 : 0, link.upgrades(), "WebSocket upgrades of kubectl " + version);
        assertEquals(webSocket ? 0 : 1, link.spdyUpgrades(), "SPDY upgrades of kubectl " + version);
    }

    /** A kubeconfig whose server is the link's end. */
    private Path through(ClientLink link) throws IOException {
        Path linked = Files.createTempFile(kumos.home(), "kubeconfig-link", ".yaml");
        Files.writeString(linked, Files.readString(config).replace("http://127.0.0.1:" + KumosCli.API_PORT,
                link.url()));
        return linked;
    }

    private int restartCount(String pod) {
        String count = kubectl.run(config, "get", "pod", pod, "-o",
                "jsonpath={.status.containerStatuses[0].restartCount}").output().trim();
        return count.isEmpty() ? 0 : Integer.parseInt(count);
    }

    private static String ok(Command.Result result) {
        assertEquals(0, result.exitCode(), result::toString);
        return result.output();
    }
}
