package io.kumos.e2e;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;

import org.awaitility.core.ConditionTimeoutException;

import io.kumos.testing.Command;
import io.kumos.testing.Kubectl;
import io.kumos.testing.TestImages;

/** What the node-level tests ask of a running Kumos, through the real kubectl 1.33. */
final class Cluster {

    private final KumosCli kumos;
    private final Kubectl kubectl = Kubectl.version("1.33");

    Cluster(KumosCli kumos) {
        this.kumos = kumos;
    }

    Command.Result kubectl(String... args) {
        return kubectl.run(kumos.kubeconfig(), args);
    }

    /** kubectl that must succeed. */
    Command.Result ok(String... args) {
        Command.Result result = kubectl(args);
        assertEquals(0, result.exitCode(), () -> "kubectl " + String.join(" ", args) + "\n" + result);
        return result;
    }

    Path manifest(String name, String yaml) throws IOException {
        Path file = kumos.home().resolve(name + ".yaml");
        Files.writeString(file, yaml);
        return file;
    }

    /** The Running pods with this label that are not being deleted, by name, with their node. */
    Map<String, String> running(String ns, String selector) {
        String listed = kubectl("get", "pods", "-n", ns, "-l", selector, "--field-selector=status.phase=Running",
                "-o", "jsonpath={range .items[*]}{.metadata.name}={.spec.nodeName}={.metadata.deletionTimestamp} {end}")
                .output().trim();
        Map<String, String> pods = new TreeMap<>();
        Arrays.stream(listed.split("\\s+")).map(pod -> pod.split("=", -1))
                .filter(parts -> parts.length == 3 && parts[2].isEmpty())
                .forEach(parts -> pods.put(parts[0], parts[1]));
        return pods;
    }

    /** Every pod with this label, terminating or not, by name, with its node. */
    Map<String, String> all(String ns, String selector) {
        String listed = kubectl("get", "pods", "-n", ns, "-l", selector, "-o",
                "jsonpath={range .items[*]}{.metadata.name}={.spec.nodeName} {end}").output().trim();
        Map<String, String> pods = new TreeMap<>();
        Arrays.stream(listed.split("\\s+")).map(pod -> pod.split("=", -1)).filter(parts -> parts.length == 2)
                .forEach(parts -> pods.put(parts[0], parts[1]));
        return pods;
    }

    /** The status of the node's Ready condition: True, False or Unknown. */
    String ready(String node) {
        return kubectl("get", "node", node, "-o", "jsonpath={.status.conditions[?(@.type==\"Ready\")].status}")
                .output().trim();
    }

    /** The status of the Ready condition of the nodes kumos-node-1, -2, -3…, in that order, in one call. */
    List<String> readiness() {
        String listed = kubectl("get", "nodes", "-o", "jsonpath={range .items[*]}{.metadata.name}="
                + "{.status.conditions[?(@.type==\"Ready\")].status} {end}").output().trim();
        Map<String, String> byNode = new TreeMap<>();
        Arrays.stream(listed.split("\\s+")).map(node -> node.split("=", -1)).filter(parts -> parts.length == 2)
                .forEach(parts -> byNode.put(parts[0], parts[1]));
        return List.copyOf(byNode.values());
    }

    /** The node's taints, as key:effect words. */
    String taints(String node) {
        return kubectl("get", "node", node, "-o", "jsonpath={range .spec.taints[*]}{.key}:{.effect} {end}")
                .output().trim();
    }

    /** Kills a node agent with SIGKILL and every container it ran, as when its host dies. */
    void killNode(int index) {
        long agent = kumos.pid("node-agent-" + index).orElseThrow();
        ProcessHandle.of(agent).ifPresent(ProcessHandle::destroyForcibly);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> ProcessHandle.of(agent).isEmpty());
        String running = Docker.run("ps", "-q", "--filter", "label=io.kumos.cluster=" + kumos.cluster(),
                "--filter", "label=io.kumos.node=" + node(index)).trim();
        if (!running.isEmpty()) {
            String[] kill = ("kill " + running.replaceAll("\\s+", " ")).split(" ");
            Docker.run(kill);
        }
    }

    /**
     * A Deployment {@code web} of pods that serve their own name over HTTP (busybox httpd), ready when they
     * answer, behind a LoadBalancer Service on {@code port}. {@code strategy} is the Deployment's strategy line
     * (or empty); {@code extra} lines go in the container (indented eight spaces).
     */
    Path servingDeployment(String ns, int port, int replicas, String strategy, String extra) throws IOException {
        return manifest(ns, """
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: web, namespace: %1$s}
                spec:
                  replicas: %3$d
                  selector: {matchLabels: {app: web}}
                  %5$s
                  template:
                    metadata: {labels: {app: web}}
                    spec:
                      terminationGracePeriodSeconds: 10
                      containers:
                      - name: main
                        image: %4$s
                        command: [sh, -c, 'mkdir -p /tmp/www && hostname > /tmp/www/index.html && exec httpd -f -p 8080 -h /tmp/www']
                        ports: [{name: http, containerPort: 8080}]
                        readinessProbe: {httpGet: {path: /, port: http}, periodSeconds: 1}
                %6$s
                ---
                apiVersion: v1
                kind: Service
                metadata: {name: web, namespace: %1$s}
                spec:
                  type: LoadBalancer
                  selector: {app: web}
                  ports: [{port: %2$d, targetPort: http}]
                """.formatted(ns, port, replicas, TestImages.busybox(), strategy, extra));
    }

    /** The pods that answer {@code requests} successive connections to the port on 127.0.0.1. */
    static Set<String> servedBy(int port, int requests) throws IOException {
        Set<String> served = new HashSet<>();
        for (int i = 0; i < requests; i++) {
            served.add(HttpTraffic.get("127.0.0.1", port));
        }
        return served;
    }

    /** Until every one of the {@code replicas} Running pods of {@code app=web}, and only they, answer on the port. */
    void awaitServing(String ns, int port, int replicas) {
        AtomicReference<String> seen = new AtomicReference<>("nothing yet");
        try {
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                Set<String> pods = running(ns, "app=web").keySet();
                seen.set("Running " + pods);
                assertEquals(replicas, pods.size(), pods::toString);
                List<String> answers = answers(port, replicas * 4);
                seen.set("Running " + pods + ", answered by " + answers);
                assertEquals(pods, Set.copyOf(answers));
            });
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("port %d not served by the %d Running pods of %s within 60 s; last seen: %s%n%s%n"
                    .formatted(port, replicas, ns, seen.get(), kubectl("get", "pods,endpoints", "-n", ns, "-o",
                            "wide").output()) + logTail("lb-service", 40), e);
        }
    }

    /** Who answered each of {@code requests} successive connections to the port: a pod's name or what failed. */
    private static List<String> answers(int port, int requests) {
        List<String> answers = new ArrayList<>();
        for (int i = 0; i < requests; i++) {
            try {
                answers.add(HttpTraffic.get("127.0.0.1", port));
            } catch (IOException e) {
                answers.add(e.toString());
            }
        }
        return answers;
    }

    /** The last lines of a process's log in this Kumos's home, for a failure's message. */
    private String logTail(String process, int lines) {
        Path log = kumos.home().resolve("logs/" + process + ".log");
        try {
            List<String> all = Files.readAllLines(log);
            return "last lines of " + log + ":\n"
                    + String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "no " + log + ": " + e;
        }
    }

    static String node(int index) {
        return "kumos-node-" + index;
    }
}
