package io.kumos.gateway.streams;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.kumos.testing.Command;
import io.kumos.testing.KumosInfraResource;
import io.kumos.testing.Kubectl;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * pods/log and pods/exec through the gateway, with the real kubectl (1.27 speaks SPDY, 1.33 WebSocket v5) and a
 * stand-in node agent the test owns, registered as the pod's node; the query as the gateway reads it; the upgrades
 * of pods/portforward that kubectl asks for (the forwarded connections themselves run end to end, in kumos-e2e's
 * PodStreamsE2EIT).
 */
@QuarkusTest
@WithTestResource(KumosInfraResource.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PodStreamsIT {

    private static final String NS = "streams";

    @ConfigProperty(name = "quarkus.http.test-port")
    int port;

    private StandInAgent agent;
    private Path kubeconfig;

    @BeforeAll
    void standInAgent() throws Exception {
        agent = new StandInAgent();
    }

    @AfterAll
    void stopAgent() throws Exception {
        agent.close();
    }

    @BeforeEach
    void podOnTheStandInNode() throws IOException {
        given().contentType(ContentType.JSON).body("{\"metadata\":{\"name\":\"" + NS + "\"}}")
                .post("/api/v1/namespaces");
        given().contentType(ContentType.JSON).body("""
                {"apiVersion":"v1","kind":"Node","metadata":{"name":"stand-in"},
                 "status":{"addresses":[{"type":"InternalIP","address":"127.0.0.1"}],
                  "daemonEndpoints":{"kubeletEndpoint":{"Port":%d}}}}
                """.formatted(agent.port())).post("/api/v1/nodes");
        given().contentType("application/merge-patch+json")
                .body("{\"status\":{\"daemonEndpoints\":{\"kubeletEndpoint\":{\"Port\":" + agent.port() + "}}}}")
                .patch("/api/v1/nodes/stand-in/status").then().statusCode(200);
        given().contentType(ContentType.JSON).body("""
                {"apiVersion":"v1","kind":"Pod","metadata":{"name":"web"},
                 "spec":{"nodeName":"stand-in","containers":[{"name":"main","image":"x"},{"name":"side","image":"y"}]}}
                """).post("/api/v1/namespaces/" + NS + "/pods");
        given().contentType(ContentType.JSON).body("""
                {"apiVersion":"v1","kind":"Pod","metadata":{"name":"unbound"},
                 "spec":{"containers":[{"name":"main","image":"x"}]}}
                """).post("/api/v1/namespaces/" + NS + "/pods");
        kubeconfig = Path.of("target", "pod-streams", "kubeconfig").toAbsolutePath();
        Files.createDirectories(kubeconfig.getParent());
        Files.writeString(kubeconfig, """
                apiVersion: v1
                kind: Config
                clusters:
                - name: kumos
                  cluster:
                    server: http://127.0.0.1:%d
                contexts:
                - name: kumos
                  context:
                    cluster: kumos
                    namespace: %s
                current-context: kumos
                """.formatted(port, NS));
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.27", "1.33"})
    void logsComeFromTheAgentOfThePodsNode(String version) {
        Kubectl kubectl = Kubectl.version(version);
        Command.Result logs = kubectl.run(kubeconfig, "logs", "web", "-c", "side", "--tail=2");
        assertEquals(0, logs.exitCode(), logs::toString);
        assertEquals("side line 4\nside line 5\n", logs.output());
        Command.Result follow = kubectl.run(kubeconfig, "logs", "web", "-c", "main", "-f", "--tail=1");
        assertEquals("main line 5\nmain line 6\nmain line 7\nmain line 8\n", follow.output(), follow::toString);
        Command.Result noContainer = kubectl.run(kubeconfig, "logs", "web", "-c", "nope");
        assertTrue(noContainer.output().contains("container nope is not valid for pod web"), noContainer::toString);
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.27", "1.33"})
    void execRunsOnTheAgentWithStdinAndExitCodes(String version) {
        Kubectl kubectl = Kubectl.version(version);
        Command.Result echo = kubectl.run(kubeconfig, "exec", "web", "-c", "main", "--", "echo", "hello", "there");
        assertEquals(0, echo.exitCode(), echo::toString);
        assertEquals("hello there\n", echo.output());
        Command.Result cat = kubectl.runWithInput(kubeconfig, "piped through\n", "exec", "-i", "web", "-c", "main",
                "--", "cat");
        assertEquals(0, cat.exitCode(), cat::toString);
        assertEquals("piped through\n", cat.output());
        Command.Result fail = kubectl.run(kubeconfig, "exec", "web", "-c", "main", "--", "fail", "3");
        assertEquals(3, fail.exitCode(), fail::toString);
        assertTrue(fail.output().contains("failing"), fail::toString);
    }

    @Test
    void refusalsAreStatuses() {
        given().get("/api/v1/namespaces/" + NS + "/pods/unbound/log").then().statusCode(400)
                .body("message", equalTo("pod unbound does not have a host assigned"));
        given().get("/api/v1/namespaces/" + NS + "/pods/web/log").then().statusCode(400)
                .body("message", containsString("a container name must be specified for pod web"));
        given().get("/api/v1/namespaces/" + NS + "/pods/ghost/log").then().statusCode(404);
        given().queryParam("container", "main").get("/api/v1/namespaces/" + NS + "/pods/web/log").then()
                .statusCode(200).contentType(containsString("text/plain")).body(containsString("main line 1"));
        given().queryParam("container", "main").queryParam("command", "echo")
                .get("/api/v1/namespaces/" + NS + "/pods/web/exec").then().statusCode(400)
                .body("message", equalTo("Upgrade request required"));
    }

    /** Parameter names are case-sensitive, as Go's url.Values: {@code Container} and {@code Command} are not read. */
    @Test
    void parametersAreReadByTheirExactNames() {
        given().queryParam("Container", "main").get("/api/v1/namespaces/" + NS + "/pods/web/log").then()
                .statusCode(400).body("message", containsString("a container name must be specified for pod web"));
        given().queryParam("container", "main").queryParam("Command", "echo")
                .get("/api/v1/namespaces/" + NS + "/pods/web/exec").then().statusCode(400)
                .body("message", equalTo("you must specify at least 1 command"));
    }

    /**
     * kubectl 1.31+ first asks for the WebSocket tunnel and falls back to a SPDY upgrade on any answer but a 101
     * naming the tunnel's subprotocol (client-go's UpgradeFailureError); up to 1.30 it only upgrades to SPDY.
     */
    @Test
    void portForwardUpgradesAsKubectlAsksForThem() throws IOException {
        String path = "/api/v1/namespaces/" + NS + "/pods/web/portforward";
        String tunnel = handshake("GET " + path, "Upgrade: websocket", "Sec-WebSocket-Version: 13",
                "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==", "Sec-WebSocket-Protocol: SPDY/3.1+portforward.k8s.io");
        assertTrue(tunnel.startsWith("HTTP/1.1 101 "), tunnel);
        assertTrue(tunnel.toLowerCase().contains("sec-websocket-protocol: spdy/3.1+portforward.k8s.io"), tunnel);

        String otherWebSocket = handshake("GET " + path, "Upgrade: websocket", "Sec-WebSocket-Version: 13",
                "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==", "Sec-WebSocket-Protocol: v4.channel.k8s.io");
        assertTrue(otherWebSocket.startsWith("HTTP/1.1 400 "), otherWebSocket);

        String spdy = handshake("POST " + path, "Upgrade: SPDY/3.1", "X-Stream-Protocol-Version: portforward.k8s.io",
                "Content-Length: 0");
        assertTrue(spdy.startsWith("HTTP/1.1 101 "), spdy);
        assertTrue(spdy.contains("X-Stream-Protocol-Version: portforward.k8s.io"), spdy);

        String unknownProtocol = handshake("POST " + path, "Upgrade: SPDY/3.1",
                "X-Stream-Protocol-Version: v4.channel.k8s.io", "Content-Length: 0");
        assertTrue(unknownProtocol.startsWith("HTTP/1.1 403 "), unknownProtocol);
    }

    /** Sends an upgrade request on a connection of its own and reads the head of the answer. */
    private String handshake(String requestLine, String... headers) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            StringBuilder request = new StringBuilder(requestLine).append(" HTTP/1.1\r\nHost: 127.0.0.1\r\n")
                    .append("Connection: Upgrade\r\n");
            for (String header : headers) {
                request.append(header).append("\r\n");
            }
            socket.getOutputStream().write(request.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII));
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            for (int b = in.read(); b >= 0; b = in.read()) {
                head.write(b);
                if (head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
                    break;
                }
            }
            return head.toString(StandardCharsets.US_ASCII);
        }
    }
}
