package io.kumos.e2e;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import io.kumos.testing.TestImages;

/**
 * A benchmark, not a test: how fast Kumos heals a dead host with its defaults. Five trials on three nodes, a
 * Deployment of six replicas: SIGKILL a node's agent and kill its containers, then time until the node reads
 * NotReady (detection) and until six replicas run on the other nodes (time to replacement); the agent is restarted
 * between trials. The baseline, in the same run: the time to start as many pods as were lost by scaling the
 * Deployment up on healthy nodes, what the replacement costs once the failure is known.
 * Run it with {@code ./mvnw -B verify -pl kumos-e2e -Dgroups=benchmark -Dkumos.excludedGroups=none
 * -Dtest=FailoverBenchmark -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@Tag("benchmark")
class FailoverBenchmark extends KumosUp {

    private static final int TRIALS = 5;
    private static final int REPLICAS = 6;

    private final Cluster cluster = new Cluster(kumos);

    FailoverBenchmark() {
        super("bench-failover", "--nodes", "3");
    }

    @Test
    void figures() throws Exception {
        String ns = "bench";
        cluster.ok("create", "namespace", ns);
        cluster.ok("apply", "-f", cluster.manifest(ns, """
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: web, namespace: %s}
                spec:
                  replicas: %d
                  selector: {matchLabels: {app: web}}
                  template:
                    metadata: {labels: {app: web}}
                    spec:
                      terminationGracePeriodSeconds: 5
                      containers:
                      - {name: main, image: %s, command: [sleep, '3600'], resources: {requests: {cpu: 100m}}}
                """.formatted(ns, REPLICAS, TestImages.busybox())).toString());
        cluster.ok("rollout", "status", "deployment/web", "-n", ns, "--timeout=180s");

        List<Double> detection = new ArrayList<>();
        List<Double> replacement = new ArrayList<>();
        List<Double> baseline = new ArrayList<>();
        for (int trial = 0; trial < TRIALS; trial++) {
            int index = 1 + trial % 3;
            String node = Cluster.node(index);
            if (!cluster.running(ns, "app=web").containsValue(node)) {
                rebalance(ns);
            }
            long lost = cluster.running(ns, "app=web").values().stream().filter(node::equals).count();

            long killed = System.nanoTime();
            cluster.killNode(index);
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(100))
                    .until(() -> "Unknown".equals(cluster.ready(node)));
            detection.add((System.nanoTime() - killed) / 1e9);
            await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(100)).until(() -> {
                Map<String, String> running = cluster.running(ns, "app=web");
                return running.size() == REPLICAS && !running.containsValue(node);
            });
            replacement.add((System.nanoTime() - killed) / 1e9);

            long scaled = System.nanoTime();
            cluster.ok("scale", "deployment", "web", "-n", ns, "--replicas=" + (REPLICAS + lost));
            await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(100))
                    .until(() -> cluster.running(ns, "app=web").size() == REPLICAS + lost);
            baseline.add((System.nanoTime() - scaled) / 1e9);
            cluster.ok("scale", "deployment", "web", "-n", ns, "--replicas=" + REPLICAS);

            kumos.run("restart", "node-agent-" + index);
            await().atMost(Duration.ofSeconds(120)).until(() -> "True".equals(cluster.ready(node))
                    && !cluster.taints(node).contains("NoExecute"));
            System.out.printf("trial %d: node %s lost %d pods: NotReady %.1f s, replaced %.1f s, baseline %.1f s%n",
                    trial + 1, node, lost, detection.get(trial), replacement.get(trial), baseline.get(trial));
        }
        System.out.printf("%nFAILOVER (%d trials, defaults): detection p50 %.1f s max %.1f s; time to replacement "
                + "p50 %.1f s max %.1f s%n", TRIALS, p50(detection), max(detection), p50(replacement),
                max(replacement));
        System.out.printf("BASELINE the same number of pods started by a scale-up: p50 %.1f s max %.1f s; "
                + "replacement/baseline p50 %.1f%n", p50(baseline), max(baseline), p50(replacement) / p50(baseline));
    }

    /** Puts pods back on every node: a rollout restart spreads them again. */
    private void rebalance(String ns) {
        cluster.ok("rollout", "restart", "deployment/web", "-n", ns);
        cluster.ok("rollout", "status", "deployment/web", "-n", ns, "--timeout=180s");
        await().atMost(Duration.ofSeconds(120)).until(() -> cluster.all(ns, "app=web").size() == REPLICAS);
    }

    private static double p50(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }

    private static double max(List<Double> values) {
        return Collections.max(values);
    }
}
