package io.kumos.placement.scheduling.framework;

import static io.kumos.placement.scheduling.framework.Fixtures.node;
import static io.kumos.placement.scheduling.framework.Fixtures.pod;
import static io.kumos.placement.scheduling.framework.Fixtures.requesting;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Scheduling decisions per second of the framework alone (default profile, no API, no grid) at 500, 1,000 and 5,000
 * nodes, as kube-scheduler's scheduler_perf measures its algorithm: each run schedules a burst of pods (half asking
 * CPU and memory, a quarter with a soft anti-affinity to their own app, a quarter spread over zones) into one
 * snapshot, each decision assumed on its node before the next (as the scheduler does while binds run). Prints
 * decisions/s, p50/p99 per decision and the CPU each decision costs, and the ratio of each size to 500 nodes.
 *
 * <pre>./mvnw -B verify -pl placement-service -am -Dtest=FrameworkBenchmark -Dsurefire.failIfNoSpecifiedTests=false</pre>
 * (its name is neither *Test nor *IT: verify runs it only when asked)
 */
@Tag("benchmark")
class FrameworkBenchmark {

    private static final int PODS = Integer.getInteger("kumos.bench.pods", 10_000);

    @Test
    void decisionsPerSecondAt500To5000Nodes() {
        run(500, 2_000); // warm-up: the JIT compiles the hot paths before anything is measured
        double base = 0;
        for (int nodes : new int[] {500, 1_000, 5_000}) {
            double rate = run(nodes, PODS);
            base = base == 0 ? rate : base;
            System.out.printf("  ratio to 500 nodes: %.2f%n", rate / base);
        }
    }

    /** Schedules {@code count} pods on a fresh cluster of {@code size} nodes; prints and answers decisions/s. */
    private static double run(int size, int count) {
        List<NodeInfo> nodes = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            nodes.add(new NodeInfo(node(String.format("node-%05d", i), "topology.kubernetes.io/zone", "zone-" + i % 3)));
        }
        Snapshot snapshot = new Snapshot(nodes, Map.of());
        SchedulingCycle cycle = new SchedulingCycle(TestProfiles.defaults());
        List<PodInfo> pods = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            pods.add(PodInfo.of(shaped(i)));
        }
        long[] took = new long[count];
        int placed = 0;
        long cpuBefore = processCpuNanos();
        long start = System.nanoTime();
        for (int i = 0; i < count; i++) {
            long before = System.nanoTime();
            ScheduleResult result = cycle.schedule(new CycleState(), pods.get(i), snapshot);
            if (result instanceof ScheduleResult.Suggested suggested) {
                snapshot.node(suggested.node()).add(pods.get(i));
                placed++;
            }
            took[i] = System.nanoTime() - before;
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        double cpuPerDecision = (processCpuNanos() - cpuBefore) / 1e3 / count;
        Arrays.sort(took);
        double rate = count / seconds;
        System.out.printf("Framework alone, %,d nodes: %,d pods in %.2f s = %,.0f decisions/s, p50 %.0f µs,"
                + " p99 %.0f µs; CPU %.0f µs per decision (all threads: what other load on the machine hardly"
                + " moves)%n", size, count, seconds, rate, took[count / 2] / 1e3, took[count * 99 / 100] / 1e3,
                cpuPerDecision);
        assertEquals(count, placed, "every pod fits somewhere");
        return rate;
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static ObjectNode shaped(int i) {
        String app = "app-" + i % 50;
        ObjectNode pod = pod(String.format("pod-%06d", i), "app", app);
        switch (i % 4) {
            case 0, 1 -> requesting(pod, "100m", "128Mi");
            case 2 -> Fixtures.with(pod, "spec", "affinity", ("{'podAntiAffinity':{'preferredDuringSchedulingIgnoredDuringExecution':"
                    + "[{'weight':100,'podAffinityTerm':{'topologyKey':'kubernetes.io/hostname',"
                    + "'labelSelector':{'matchLabels':{'app':'" + app + "'}}}}]}}").replace('\'', '"'));
            default -> Fixtures.with(pod, "spec", "topologySpreadConstraints", ("[{'maxSkew':1,"
                    + "'topologyKey':'topology.kubernetes.io/zone','whenUnsatisfiable':'ScheduleAnyway',"
                    + "'labelSelector':{'matchLabels':{'app':'" + app + "'}}}]").replace('\'', '"'));
        }
        return pod;
    }
}
