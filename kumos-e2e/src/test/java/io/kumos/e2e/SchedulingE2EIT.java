package io.kumos.e2e;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import io.kumos.testing.Command;
import io.kumos.testing.Kubectl;
import io.kumos.testing.TestImages;

/**
 * Placement on three nodes, seen with the real kubectl: small pods spread over every node, a pod too big for any
 * node stays Pending with a FailedScheduling event as kube-scheduler words it, a nodeSelector is honoured, and
 * required pod anti-affinity keeps a Deployment's pods one per node.
 */
class SchedulingE2EIT extends KumosUp {

    SchedulingE2EIT() {
        super("e2e-scheduling", "--nodes", "3");
    }

    private static String pod(String name, String cpu, String extra) {
        return """
                ---
                apiVersion: v1
                kind: Pod
                metadata:
                  name: %s
                  namespace: placement
                spec:
                %s  containers:
                  - name: main
                    image: %s
                    command: [sleep, "3600"]
                    resources:
                      requests:
                        cpu: %s
                """.formatted(name, extra, TestImages.BUSYBOX, cpu);
    }

    @Test
    void podsArePlacedOnNodesThatFitThem() throws IOException {
        TestImages.busybox();
        Kubectl kubectl = Kubectl.version("1.33");
        Path config = kumos.kubeconfig();
        StringBuilder manifest = new StringBuilder("apiVersion: v1\nkind: Namespace\nmetadata:\n  name: placement\n");
        for (int i = 0; i < 12; i++) {
            manifest.append(pod("small-" + i, "100m", ""));
        }
        manifest.append(pod("big", "100", ""));
        manifest.append(pod("pinned", "100m", "  nodeSelector:\n    kubernetes.io/hostname: kumos-node-2\n"));
        Path file = kumos.home().resolve("placement.yaml");
        Files.writeString(file, manifest.toString());
        Command.Result apply = kubectl.run(config, "apply", "-f", file.toString());
        assertEquals(0, apply.exitCode(), apply::toString);

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            String placed = kubectl.run(config, "get", "pods", "-n", "placement", "-o",
                    "jsonpath={range .items[*]}{.metadata.name}={.spec.nodeName} {end}").output();
            Map<String, String> nodes = Arrays.stream(placed.trim().split(" ")).map(pair -> pair.split("=", -1))
                    .collect(Collectors.toMap(pair -> pair[0], pair -> pair.length > 1 ? pair[1] : ""));
            for (int i = 0; i < 12; i++) {
                assertTrue(nodes.get("small-" + i).startsWith("kumos-node-"), placed);
            }
            assertEquals("kumos-node-2", nodes.get("pinned"), placed);
            assertEquals("", nodes.get("big"), placed);
            Map<String, Long> perNode = nodes.entrySet().stream().filter(e -> e.getKey().startsWith("small-"))
                    .collect(Collectors.groupingBy(Map.Entry::getValue, Collectors.counting()));
            assertEquals(3, perNode.size(), () -> "not spread over the three nodes: " + perNode);
            perNode.values().forEach(count -> assertTrue(count >= 3, () -> "uneven spread: " + perNode));
        });
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            String describe = kubectl.run(config, "describe", "pod", "big", "-n", "placement").output();
            assertTrue(describe.matches("(?s).*Warning\\s+FailedScheduling\\s+.*default-scheduler\\s+0/3 nodes are "
                    + "available: 3 Insufficient cpu\\..*"), describe);
            assertTrue(describe.matches("(?s).*PodScheduled\\s+False.*"), describe);
        });
        // Placed pods run on their nodes.
        await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
            String phases = kubectl.run(config, "get", "pods", "-n", "placement", "-o",
                    "jsonpath={range .items[*]}{.metadata.name}={.status.phase} {end}").output();
            assertEquals(14, phases.trim().split(" ").length, phases);
            assertEquals(13, phases.split("=Running").length - 1, phases);
        });
        String wide = kubectl.run(config, "get", "pods", "pinned", "-n", "placement", "-o", "wide").output();
        assertTrue(wide.matches("(?s).*NODE.*pinned\\s+1/1\\s+Running\\s+0\\s+\\S+\\s+10\\.244\\.\\d+\\.\\d+"
                + "\\s+kumos-node-2.*"), wide);
        String scheduled = kubectl.run(config, "get", "events", "-n", "placement", "--field-selector",
                "reason=Scheduled", "-o", "name").output();
        assertEquals(13, scheduled.lines().count(), scheduled);

        // A running pod is deleted gracefully; its node's agent stops it, confirms, and kubectl's wait ends.
        Command.Result delete = kubectl.run(config, "delete", "pod", "pinned", "-n", "placement", "--grace-period=1",
                "--timeout=30s");
        assertEquals(0, delete.exitCode(), delete::toString);
        assertTrue(delete.output().contains("pod \"pinned\" deleted"), delete::toString);
        assertEquals(1, kubectl.run(config, "get", "pod", "pinned", "-n", "placement").exitCode());
    }

    @Test
    void requiredAntiAffinityRunsOnePodPerNodeAndTheFourthWaitsSayingWhy() throws IOException {
        Kubectl kubectl = Kubectl.version("1.33");
        Path config = kumos.kubeconfig();
        Path file = kumos.home().resolve("spread.yaml");
        Files.writeString(file, """
                apiVersion: v1
                kind: Namespace
                metadata:
                  name: spread
                ---
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: web
                  namespace: spread
                spec:
                  replicas: 4
                  selector:
                    matchLabels:
                      app: web
                  template:
                    metadata:
                      labels:
                        app: web
                    spec:
                      affinity:
                        podAntiAffinity:
                          requiredDuringSchedulingIgnoredDuringExecution:
                          - labelSelector:
                              matchLabels:
                                app: web
                            topologyKey: kubernetes.io/hostname
                      containers:
                      - name: main
                        image: %s
                        command: [sleep, "3600"]
                        resources:
                          requests:
                            cpu: 10m
                """.formatted(TestImages.busybox()));
        Command.Result apply = kubectl.run(config, "apply", "-f", file.toString());
        assertEquals(0, apply.exitCode(), apply::toString);

        String[] pending = new String[1];
        await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
            String placed = kubectl.run(config, "get", "pods", "-n", "spread", "-l", "app=web", "-o",
                    "jsonpath={range .items[*]}{.metadata.name}={.spec.nodeName}={.status.phase} {end}").output();
            String[] pods = placed.trim().split(" ");
            assertEquals(4, pods.length, placed);
            Map<String, Long> perNode = Arrays.stream(pods).map(pod -> pod.split("=", -1)[1])
                    .collect(Collectors.groupingBy(node -> node, Collectors.counting()));
            assertEquals(Map.of("kumos-node-1", 1L, "kumos-node-2", 1L, "kumos-node-3", 1L, "", 1L), perNode,
                    placed);
            assertEquals(3, placed.split("=Running").length - 1, placed);
            pending[0] = Arrays.stream(pods).filter(pod -> pod.split("=", -1)[1].isEmpty()).findFirst().orElseThrow()
                    .split("=")[0];
        });
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            String describe = kubectl.run(config, "describe", "pod", pending[0], "-n", "spread").output();
            assertTrue(describe.contains("0/3 nodes are available: 3 node(s) didn't match pod anti-affinity rules. "
                    + "preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod."), describe);
            assertTrue(describe.matches("(?s).*Warning\\s+FailedScheduling\\s+.*default-scheduler\\s+0/3 nodes.*"),
                    describe);
            assertTrue(describe.matches("(?s).*PodScheduled\\s+False.*"), describe);
        });
    }
}
