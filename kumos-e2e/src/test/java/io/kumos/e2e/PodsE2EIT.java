package io.kumos.e2e;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.kumos.testing.Command;
import io.kumos.testing.Kubectl;
import io.kumos.testing.TestImages;

/**
 * Pods run for real: the real kubectl against {@code ./kumos up --nodes 2}, node agents driving the real Docker
 * engine, images built locally {@code FROM scratch} with busybox. Each pod gets an address of its node's subnet;
 * logs, exec (with stdin, with a terminal) and deletion work with kubectl 1.27 (SPDY) and 1.33 (WebSocket); restart
 * policies, back-off, probes and bad input behave as on Kubernetes.
 */
@SharedKumos({"--nodes", "2"})
class PodsE2EIT extends KumosUp {

    private static final String TICKER = "echo started; i=0; while true; do echo tick $i; i=$((i+1)); sleep 1; done";

    /** This class's own namespace, in which its kubeconfig works: the cluster is shared. */
    private static final String NS = "pods";

    private final Kubectl kubectl = Kubectl.version("1.33");
    private Path config;

    PodsE2EIT() {
        super();
    }

    @BeforeAll
    void images() {
        TestImages.busybox();
        ok(kubectl.run(kumos.kubeconfig(), "create", "namespace", NS));
        config = kumos.kubeconfigIn(NS);
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.27", "1.33"})
    void kubectlRunGivesARunningContainerWithLogsExecAndDelete(String version) throws IOException {
        Kubectl client = Kubectl.version(version);
        String pod = "ticker-" + version.replace(".", "");
        ok(client.run(config, "run", pod, "--image=" + TestImages.BUSYBOX, "--", "sh", "-c", TICKER));
        awaitField(pod, "{.status.phase}", "Running");

        String ip = field(pod, "{.status.podIP}");
        String node = field(pod, "{.spec.nodeName}");
        String subnet = ok(kubectl.run(config, "get", "node", node, "-o", "jsonpath={.spec.podCIDR}")).trim();
        assertTrue(inSubnet(ip, subnet), () -> ip + " is not in " + node + "'s subnet " + subnet);
        assertTrue(ok(client.run(config, "get", "pods", "-o", "wide")).matches("(?s).*" + pod + "\\s+1/1\\s+Running\\s+0"
                + ".*" + ip.replace(".", "\\.") + "\\s+" + node + ".*"));

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertTrue(ok(client.run(config, "logs", pod)).contains("tick 2")));
        assertTrue(ok(client.run(config, "logs", pod)).startsWith("started\ntick 0\n"));
        assertTrue(ok(client.run(config, "logs", pod, "--tail=1")).trim().matches("tick \\d+"));
        assertFollowedLogsGrow(client, pod);

        Command.Result exec = client.run(config, "exec", pod, "--", "sh", "-c", "echo in $(hostname); exit 3");
        assertEquals(3, exec.exitCode(), exec::toString);
        assertTrue(exec.output().contains("in " + pod), exec::toString);
        assertEquals("from stdin\n", ok(client.runWithInput(config, "from stdin\n", "exec", "-i", pod, "--", "cat")));
        Command.Result terminal = client.runInTerminal(config, "tty; echo $((6*7)); exit 0\n", "exec", "-it", pod,
                "--", "sh");
        assertEquals(0, terminal.exitCode(), terminal::toString);
        assertTrue(terminal.output().contains("/dev/pts/"), terminal::toString);
        assertTrue(terminal.output().contains("42"), terminal::toString);

        assertEquals(2, containersOf(pod).size(), "the pod's container and its sandbox");
        ok(client.run(config, "delete", "pod", pod, "--grace-period=1"));
        assertEquals(List.of(), containersOf(pod));
        assertTrue(client.run(config, "get", "pod", pod).output().contains("NotFound"));
    }

    private void assertFollowedLogsGrow(Kubectl client, String pod) throws IOException {
        Process follow = client.start(config, "logs", "-f", pod, "--tail=1");
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(follow.getInputStream(),
                StandardCharsets.UTF_8))) {
            int first = Integer.parseInt(lines.readLine().replace("tick ", ""));
            assertEquals("tick " + (first + 1), lines.readLine());
            assertEquals("tick " + (first + 2), lines.readLine());
        } finally {
            follow.destroy();
        }
    }

    @Test
    void applyGivesTheEnvironmentFromConfigMapsSecretsAndTheDownwardApi() throws IOException {
        apply("""
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: settings}
                data: {greeting: hello, colour: blue}
                ---
                apiVersion: v1
                kind: Secret
                metadata: {name: credentials}
                stringData: {password: s3cret}
                ---
                apiVersion: v1
                kind: Pod
                metadata: {name: envy, labels: {app: envy}}
                spec:
                  containers:
                  - name: main
                    image: %s
                    command: [sh, -c, 'env | sort; sleep 3600']
                    workingDir: /tmp
                    envFrom:
                    - configMapRef: {name: settings}
                      prefix: CFG_
                    env:
                    - {name: GREETING, valueFrom: {configMapKeyRef: {name: settings, key: greeting}}}
                    - {name: PASSWORD, valueFrom: {secretKeyRef: {name: credentials, key: password}}}
                    - {name: POD_NAME, valueFrom: {fieldRef: {fieldPath: metadata.name}}}
                    - {name: POD_NAMESPACE, valueFrom: {fieldRef: {fieldPath: metadata.namespace}}}
                    - {name: POD_IP, valueFrom: {fieldRef: {fieldPath: status.podIP}}}
                    - {name: APP, valueFrom: {fieldRef: {fieldPath: "metadata.labels['app']"}}}
                    - {name: MESSAGE, value: "$(GREETING) from $(POD_NAME)"}
                    resources:
                      limits: {cpu: 250m, memory: 64Mi}
                """.formatted(TestImages.BUSYBOX));
        awaitField("envy", "{.status.phase}", "Running");
        String ip = field("envy", "{.status.podIP}");
        String env = ok(kubectl.run(config, "exec", "envy", "--", "env"));
        for (String expected : List.of("CFG_greeting=hello", "CFG_colour=blue", "GREETING=hello", "PASSWORD=s3cret",
                "POD_NAME=envy", "POD_NAMESPACE=" + NS, "POD_IP=" + ip, "APP=envy", "MESSAGE=hello from envy")) {
            assertTrue(env.contains(expected + "\n"), () -> expected + " missing in\n" + env);
        }
        assertEquals("/tmp", ok(kubectl.run(config, "exec", "envy", "--", "pwd")).trim());
        String limits = Docker.run("inspect", "--format", "{{.HostConfig.NanoCpus}} {{.HostConfig.Memory}}",
                containersOf("envy").get(0)).trim();
        assertTrue(limits.equals("250000000 67108864") || Docker.run("inspect", "--format",
                "{{.HostConfig.NanoCpus}} {{.HostConfig.Memory}}", containersOf("envy").get(1)).trim()
                .equals("250000000 67108864"), limits);
        assertEquals("Guaranteed", field("envy", "{.status.qosClass}"));

        apply(pod("no-config", "[sleep, '3600']", "    env:\n    - {name: X, valueFrom: {configMapKeyRef: "
                + "{name: absent, key: x}}}\n"));
        awaitField("no-config", "{.status.containerStatuses[0].state.waiting.reason}", "CreateContainerConfigError");
        assertEquals("configmap \"absent\" not found",
                field("no-config", "{.status.containerStatuses[0].state.waiting.message}"));
    }

    @Test
    void restartPoliciesBackOffAndFinish() throws IOException {
        apply(pod("crash-always", "[sh, -c, 'echo crashing; exit 3']", "")
                + pod("fail-never", "[sh, -c, 'exit 4']", "  restartPolicy: Never\n", true)
                + pod("done-onfailure", "[sh, -c, 'echo done']", "  restartPolicy: OnFailure\n", true)
                + pod("fail-onfailure", "[sh, -c, 'exit 5']", "  restartPolicy: OnFailure\n", true));
        awaitField("fail-never", "{.status.phase}", "Failed");
        assertEquals("4", field("fail-never", "{.status.containerStatuses[0].state.terminated.exitCode}"));
        assertEquals("0", field("fail-never", "{.status.containerStatuses[0].restartCount}"));
        awaitField("done-onfailure", "{.status.phase}", "Succeeded");
        assertEquals("Completed", field("done-onfailure", "{.status.containerStatuses[0].state.terminated.reason}"));
        assertEquals("0", field("done-onfailure", "{.status.containerStatuses[0].restartCount}"));
        assertEquals("done\n", ok(kubectl.run(config, "logs", "done-onfailure")));

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            assertEquals("CrashLoopBackOff",
                    field("crash-always", "{.status.containerStatuses[0].state.waiting.reason}"));
            assertTrue(Integer.parseInt(field("crash-always", "{.status.containerStatuses[0].restartCount}")) >= 2);
        });
        assertEquals("Running", field("crash-always", "{.status.phase}"));
        assertEquals("3", field("crash-always", "{.status.containerStatuses[0].lastState.terminated.exitCode}"));
        assertTrue(field("crash-always", "{.status.containerStatuses[0].state.waiting.message}")
                .matches("back-off (10|20|40)s restarting failed container=main pod=crash-always_" + NS
                        + "\\(.*\\)"));
        assertEquals("crashing\n", ok(kubectl.run(config, "logs", "crash-always", "--previous")));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertTrue(Integer.parseInt(field("fail-onfailure", "{.status.containerStatuses[0].restartCount}"))
                        >= 1));
        assertEquals("Running", field("fail-onfailure", "{.status.phase}"));
        assertTrue(ok(kubectl.run(config, "describe", "pod", "crash-always"))
                .matches("(?s).*Warning\\s+BackOff\\s+.*Back-off restarting failed container main.*"));
    }

    @Test
    void probesRestartOnLivenessAndDriveReadiness() throws IOException {
        apply(pod("probed", "[sh, -c, 'touch /tmp/alive /tmp/ready; sleep 3600']", """
                    livenessProbe:
                      exec: {command: [cat, /tmp/alive]}
                      periodSeconds: 1
                      failureThreshold: 2
                    readinessProbe:
                      exec: {command: [cat, /tmp/ready]}
                      periodSeconds: 1
                """));
        awaitField("probed", "{.status.conditions[?(@.type==\"Ready\")].status}", "True");
        ok(kubectl.run(config, "exec", "probed", "--", "rm", "/tmp/ready"));
        awaitField("probed", "{.status.conditions[?(@.type==\"Ready\")].status}", "False");
        assertEquals("Running", field("probed", "{.status.phase}"));
        ok(kubectl.run(config, "exec", "probed", "--", "touch", "/tmp/ready"));
        awaitField("probed", "{.status.conditions[?(@.type==\"Ready\")].status}", "True");

        ok(kubectl.run(config, "exec", "probed", "--", "rm", "/tmp/alive"));
        awaitField("probed", "{.status.containerStatuses[0].restartCount}", "1");
        assertTrue(ok(kubectl.run(config, "describe", "pod", "probed"))
                .matches("(?s).*Container main failed liveness probe, will be restarted.*"));
        awaitField("probed", "{.status.conditions[?(@.type==\"Ready\")].status}", "True");

        apply(pod("http-probed", "[httpd, -f, -p, '8080', -h, /]", """
                    ports: [{containerPort: 8080, name: web}]
                    readinessProbe:
                      httpGet: {path: /bin, port: web}
                      periodSeconds: 1
                    livenessProbe:
                      tcpSocket: {port: 8080}
                      periodSeconds: 1
                """));
        awaitField("http-probed", "{.status.conditions[?(@.type==\"Ready\")].status}", "True");
        assertEquals("0", field("http-probed", "{.status.containerStatuses[0].restartCount}"));
    }

    @Test
    void badInputGetsAClearReasonAndLeavesOtherPodsAlone() throws IOException {
        apply(pod("no-image", "[sleep, '3600']", "", false).replace(TestImages.BUSYBOX, "kumos-test/absent:1")
                + pod("no-command", "[no-such-command]", "")
                + pod("healthy", "[sleep, '3600']", ""));
        awaitField("healthy", "{.status.phase}", "Running");
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertTrue(List.of("ErrImagePull",
                "ImagePullBackOff").contains(field("no-image", "{.status.containerStatuses[0].state.waiting.reason}"))));
        String describe = ok(kubectl.run(config, "describe", "pod", "no-image"));
        assertTrue(describe.matches("(?s).*Failed to pull image \"kumos-test/absent:1\": .*"), describe);
        awaitField("no-image", "{.status.containerStatuses[0].state.waiting.reason}", "ImagePullBackOff");

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertTrue(field("no-command",
                "{.status.containerStatuses[0].lastState.terminated.message}{.status.containerStatuses[0].state"
                        + ".terminated.message}").contains("no-such-command")));
        assertEquals("128", field("no-command", "{.status.containerStatuses[0].lastState.terminated.exitCode}"
                + "{.status.containerStatuses[0].state.terminated.exitCode}").substring(0, 3));

        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress("0.0.0.0", 0));
            int port = taken.getLocalPort();
            apply(pod("busy-port", "[sleep, '3600']", "    ports: [{containerPort: 80, hostPort: " + port + "}]\n"));
            awaitField("busy-port", "{.status.containerStatuses[0].state.waiting.reason}", "CreatePodSandboxError");
            assertTrue(field("busy-port", "{.status.containerStatuses[0].state.waiting.message}")
                    .contains(Integer.toString(port)));
            assertTrue(ok(kubectl.run(config, "describe", "pod", "busy-port")).contains("FailedCreatePodSandBox"));
        }
        assertEquals("Running", field("healthy", "{.status.phase}"));
        assertEquals("0", field("healthy", "{.status.containerStatuses[0].restartCount}"));
    }

    @Test
    void anAgentRestartRestartsNoPodAndADeletionWhileItIsDownCompletesWhenItReturns() throws Exception {
        // The agent is away for seconds at a time here; the pod tolerates its node being unreachable meanwhile
        // (health-service's grace is 10 s, the default toleration 5 s more), so this is about the agent alone.
        apply(pod("steady", "[sleep, '3600']", "  nodeSelector: {kubernetes.io/hostname: kumos-node-1}\n"
                + "  tolerations: [{key: node.kubernetes.io/unreachable, operator: Exists, effect: NoExecute, "
                + "tolerationSeconds: 300}]\n", true)
                + pod("doomed", "[sleep, '3600']", "  nodeSelector: {kubernetes.io/hostname: kumos-node-1}\n"
                        + "  terminationGracePeriodSeconds: 1\n", true));
        awaitField("steady", "{.status.phase}", "Running");
        awaitField("doomed", "{.status.phase}", "Running");
        String steady = field("steady", "{.status.containerStatuses[0].containerID}");
        ok(kumos.run("restart", "node-agent-1"));
        // Nothing to wait for but the absence of a restart: it must not come while the new agent takes over.
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertEquals(steady, field("steady", "{.status.containerStatuses[0].containerID}"));
            assertEquals("0", field("steady", "{.status.containerStatuses[0].restartCount}"));
            assertEquals("true", Docker.run("inspect", "--format", "{{.State.Running}}",
                    steady.replace("docker://", "")).trim());
        });

        long agent = kumos.pid("node-agent-1").orElseThrow();
        ProcessHandle.of(agent).ifPresent(ProcessHandle::destroyForcibly);
        await().atMost(Duration.ofSeconds(10)).until(() -> ProcessHandle.of(agent).isEmpty());
        List<String> doomed = containersOf("doomed");
        ok(kubectl.run(config, "delete", "pod", "doomed", "--wait=false"));
        assertTrue(field("doomed", "{.metadata.deletionTimestamp}").matches("\\d{4}-.*"),
                "the pod is terminating, waiting for its node");
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertEquals(doomed,
                containersOf("doomed"), "nothing removes the containers while the agent is down"));
        ok(kumos.run("restart", "node-agent-1"));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertEquals(List.of(), containersOf("doomed"));
            assertTrue(kubectl.run(config, "get", "pod", "doomed").output().contains("NotFound"));
        });
        assertEquals(steady, field("steady", "{.status.containerStatuses[0].containerID}"));
    }

    // --- helpers ---

    private static String pod(String name, String command, String extra) {
        return pod(name, command, extra, false);
    }

    /** A pod of the busybox image; {@code extra} lines go in the container (indented 4) or, with podLevel, the spec. */
    private static String pod(String name, String command, String extra, boolean podLevel) {
        return """
                ---
                apiVersion: v1
                kind: Pod
                metadata: {name: %s}
                spec:
                %s  containers:
                  - name: main
                    image: %s
                    command: %s
                %s""".formatted(name, podLevel ? extra : "", TestImages.BUSYBOX, command, podLevel ? "" : extra);
    }

    private void apply(String manifest) throws IOException {
        Path file = Files.createTempFile(kumos.home(), "pods", ".yaml");
        Files.writeString(file, manifest);
        ok(kubectl.run(config, "apply", "-f", file.toString()));
    }

    private String field(String pod, String jsonPath) {
        return kubectl.run(config, "get", "pod", pod, "-o", "jsonpath=" + jsonPath).output();
    }

    private void awaitField(String pod, String jsonPath, String expected) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                assertEquals(expected, field(pod, jsonPath), () -> pod + " " + jsonPath + "\n"
                        + kubectl.run(config, "get", "pod", pod, "-o", "yaml").output()));
    }

    /** The Docker containers (ids) of a pod of this test's cluster, sandbox included. */
    private List<String> containersOf(String pod) {
        return Docker.containers("io.kumos.cluster=" + kumos.cluster(), "io.kumos.pod.name=" + pod,
                "io.kumos.pod.namespace=" + NS);
    }

    private static String ok(Command.Result result) {
        assertEquals(0, result.exitCode(), result::toString);
        return result.output();
    }

    private static boolean inSubnet(String ip, String cidr) {
        String[] parts = cidr.split("/");
        int prefix = Integer.parseInt(parts[1]);
        long mask = prefix == 0 ? 0 : 0xffffffffL << (32 - prefix) & 0xffffffffL;
        return (toLong(ip) & mask) == (toLong(parts[0]) & mask);
    }

    private static long toLong(String address) {
        long value = 0;
        for (String part : address.split("\\.")) {
            value = value << 8 | Integer.parseInt(part);
        }
        return value;
    }
}
