package io.kumos.placement.scheduling.framework;

import static io.kumos.placement.scheduling.framework.Fixtures.info;
import static io.kumos.placement.scheduling.framework.Fixtures.node;
import static io.kumos.placement.scheduling.framework.Fixtures.pod;
import static io.kumos.placement.scheduling.framework.Fixtures.requesting;
import static io.kumos.placement.scheduling.framework.Fixtures.snapshot;
import static io.kumos.placement.scheduling.framework.Fixtures.with;
import static io.kumos.placement.scheduling.framework.TestProfiles.place;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** The framework's algorithm over the default profile: status codes, wording, weights, sampling, parallel filters. */
class SchedulingCycleTest {

    private static final String ANTI_AFFINITY = "{'podAntiAffinity':{'requiredDuringSchedulingIgnoredDuringExecution':"
            + "[{'labelSelector':{'matchLabels':{'app':'web'}},'topologyKey':'kubernetes.io/hostname'}]}}";

    @Test
    void theMessageCountsEachReasonSortedAsUpstreamThenSaysWhatPreemptionFound() {
        ObjectNode web = with(requesting(pod("web-4", "app", "web"), "1", null), "spec", "affinity", ANTI_AFFINITY);
        Snapshot cluster = snapshot(info(node("a"), requesting(pod("big"), "4", null)),
                info(node("b"), pod("web-1", "app", "web")), info(node("c"), pod("web-2", "app", "web")));

        assertEquals("0/3 nodes are available: 1 Insufficient cpu, 2 node(s) didn't match pod anti-affinity rules. "
                + "preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod.",
                place(PodInfo.of(web), cluster));
    }

    @Test
    void unresolvableNodesAreNotHelpedByPreemption() {
        ObjectNode full = node("b");
        with(full, "status", "allocatable", "{'cpu':'4','memory':'8Gi','pods':'1'}");
        ObjectNode fuller = node("c");
        with(fuller, "status", "allocatable", "{'cpu':'4','memory':'8Gi','pods':'1'}");
        Snapshot cluster = snapshot(info(with(node("a"), "spec", "unschedulable", "true")), info(full, pod("x")),
                info(fuller, pod("y")));

        assertEquals("0/3 nodes are available: 1 node(s) were unschedulable, 2 Too many pods. preemption: 0/3 nodes "
                + "are available: 1 Preemption is not helpful for scheduling, 2 No preemption victims found for "
                + "incoming pod.", place(PodInfo.of(pod("p")), cluster));
    }

    @Test
    void reasonsSortAsStringsSoTenComesBeforeTwo() {
        List<Status> statuses = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            statuses.add(Status.unschedulable("Insufficient cpu"));
        }
        statuses.add(Status.unresolvable("node(s) were unschedulable"));
        statuses.add(Status.unresolvable("node(s) were unschedulable"));
        assertEquals("0/12 nodes are available: 10 Insufficient cpu, 2 node(s) were unschedulable.",
                FitError.message(12, null, statuses, ""));
    }

    @Test
    void aClusterWithoutNodesSaysSoAsUpstreamDoes() {
        assertEquals("no nodes available to schedule pods", place(PodInfo.of(pod("p")), snapshot()));
    }

    @Test
    void aNodeThatAsksToAvoidThePodsControllerComesLastButIsNoFilter() {
        ObjectNode avoiding = node("a");
        avoiding.with("metadata").putObject("annotations").put(NodeInfo.AVOID_PODS, "{\"preferAvoidPods\":[{"
                + "\"podSignature\":{\"podController\":{\"kind\":\"ReplicaSet\",\"uid\":\"rs-1\"}},"
                + "\"reason\":\"KumosHealthRescheduled\"}]}");
        ObjectNode owned = with(pod("p"), "metadata", "ownerReferences", "[{'kind':'ReplicaSet','uid':'rs-1',"
                + "'controller':true}]");
        ObjectNode other = with(pod("q"), "metadata", "ownerReferences", "[{'kind':'ReplicaSet','uid':'rs-2',"
                + "'controller':true}]");
        NodeInfo busy = info(node("b"), requesting(pod("x"), "3", "6Gi"));

        assertEquals("b", place(PodInfo.of(owned), snapshot(info(avoiding), busy)),
                "the busier node, since the idle one avoids the pod's ReplicaSet");
        assertEquals("a", place(PodInfo.of(other), snapshot(info(avoiding), busy)),
                "other controllers' pods are not concerned");
        assertEquals("a", place(PodInfo.of(owned), snapshot(info(avoiding))),
                "with no other node, the avoided one still takes it");
    }

    @Test
    void theLeastAllocatedNodeWinsAndEqualNodesGoByName() {
        NodeInfo busy = info(node("a"), requesting(pod("x"), "3", "1Gi"));
        assertEquals("b", place(PodInfo.of(requesting(pod("p"), "100m", null)), snapshot(busy, info(node("b")))));
        assertEquals("a", place(PodInfo.of(pod("p")), snapshot(info(node("b")), info(node("a")))));
    }

    @Test
    void aPreFilterRejectionIsTheWholeMessageAndASkipSkipsTheFilter() {
        PreFilterPlugin refuse = new PreFilterPlugin() {
            @Override
            public String name() {
                return "Refuse";
            }

            @Override
            public Status preFilter(CycleState state, PodInfo pod, Snapshot snapshot) {
                return Status.unresolvable("pod has unbound immediate PersistentVolumeClaims");
            }
        };
        Profile defaults = TestProfiles.defaults();
        Profile refusing = new Profile("x", defaults.queueSort(), List.of(refuse), defaults.filters(), List.of(),
                List.of(), List.of(), List.of(), List.of(), defaults.binders(), 0);
        ScheduleResult result = new SchedulingCycle(refusing).schedule(new CycleState(), PodInfo.of(pod("p")),
                snapshot(info(node("a")), info(node("b"))));
        assertEquals(new ScheduleResult.Unschedulable(
                "0/2 nodes are available: pod has unbound immediate PersistentVolumeClaims.", Set.of("Refuse")),
                result);

    }

    @Test
    void aThrowingPluginOrAScoreOutOfRangeIsAnErrorNotARejection() {
        FilterPlugin throwing = new FilterPlugin() {
            @Override
            public String name() {
                return "Broken";
            }

            @Override
            public Status filter(CycleState state, PodInfo pod, NodeInfo node) {
                throw new IllegalStateException("boom");
            }
        };
        ScorePlugin tooHigh = new ScorePlugin() {
            @Override
            public String name() {
                return "TooHigh";
            }

            @Override
            public long score(CycleState state, PodInfo pod, NodeInfo node) {
                return 101;
            }
        };
        Profile defaults = TestProfiles.defaults();
        Snapshot two = snapshot(info(node("a")), info(node("b")));
        Profile broken = new Profile("x", defaults.queueSort(), List.of(), List.of(throwing), List.of(), List.of(),
                List.of(), List.of(), List.of(), defaults.binders(), 0);
        assertEquals(new ScheduleResult.Failed("Broken: boom"),
                new SchedulingCycle(broken).schedule(new CycleState(), PodInfo.of(pod("p")), two));
        Profile scoring = new Profile("x", defaults.queueSort(), List.of(), List.of(), List.of(), List.of(),
                List.of(new Profile.WeightedScore(tooHigh, 1)), List.of(), List.of(), defaults.binders(), 0);
        assertInstanceOf(ScheduleResult.Failed.class,
                new SchedulingCycle(scoring).schedule(new CycleState(), PodInfo.of(pod("p")), two));
    }

    @Test
    void weightsDecideBetweenPlugins() {
        // Node a: free but tainted PreferNoSchedule; node b: busier, untainted.
        ObjectNode tainted = with(node("a"), "spec", "taints", "[{'key':'k','value':'v','effect':'PreferNoSchedule'}]");
        NodeInfo busy = info(node("b"), requesting(pod("x"), "2", "4Gi"));
        PodInfo pod = PodInfo.of(requesting(pod("p"), "100m", "100Mi"));
        assertEquals("b", place(pod, snapshot(info(tainted), busy)), "TaintToleration's weight 3 wins");

        Profile defaults = TestProfiles.defaults();
        List<Profile.WeightedScore> light = defaults.scores().stream().map(score -> score.plugin().name()
                .equals("TaintToleration") ? new Profile.WeightedScore(score.plugin(), 1) : score).toList();
        List<Profile.WeightedScore> heavyFit = light.stream().map(score -> score.plugin().name()
                .equals("NodeResourcesFit") ? new Profile.WeightedScore(score.plugin(), 5) : score).toList();
        Profile reweighted = new Profile("x", defaults.queueSort(), defaults.preFilters(), defaults.filters(),
                defaults.postFilters(), defaults.preScores(), heavyFit, List.of(), List.of(), defaults.binders(), 0);
        ScheduleResult result = new SchedulingCycle(reweighted).schedule(new CycleState(), pod,
                snapshot(info(tainted), info(node("b"), requesting(pod("x"), "2", "4Gi"))));
        assertEquals("a", ((ScheduleResult.Suggested) result).node(), "with fit weighing 5 and taints 1");
    }

    @Test
    void manyNodesAreFilteredInParallelUntilEnoughFit() {
        ScheduleResult.Suggested result = (ScheduleResult.Suggested) new SchedulingCycle(TestProfiles.defaults())
                .schedule(new CycleState(), PodInfo.of(pod("p")), cluster(1000));
        assertEquals(420, result.feasible(), "42% of 1000 nodes (50% less 1% per 125 nodes)");
        assertTrue(result.evaluated() >= 420 && result.evaluated() <= 1000);
    }

    @Test
    void eachCycleStartsWhereTheLastStopped() {
        SchedulingCycle cycle = new SchedulingCycle(TestProfiles.defaults());
        Snapshot cluster = cluster(200);
        assertEquals("n0000", ((ScheduleResult.Suggested) cycle.schedule(new CycleState(), PodInfo.of(pod("p")),
                cluster)).node());
        ScheduleResult.Suggested second = (ScheduleResult.Suggested) cycle.schedule(new CycleState(),
                PodInfo.of(pod("q")), cluster);
        assertEquals("n0100", second.node(), "the first 100 feasible nodes were the first cycle's sample");
        assertEquals(100, second.evaluated());
    }

    private static Snapshot cluster(int size) {
        List<NodeInfo> nodes = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            nodes.add(info(node(String.format("n%04d", i))));
        }
        return new Snapshot(nodes, Map.of());
    }

    @Test
    void feasibleNodesToFindFollowsUpstreamsAdaptiveDefault() {
        assertEquals(50, NodeSampling.feasibleNodesToFind(0, 50));
        assertEquals(100, NodeSampling.feasibleNodesToFind(0, 100));
        assertEquals(420, NodeSampling.feasibleNodesToFind(0, 1000));
        assertEquals(500, NodeSampling.feasibleNodesToFind(0, 5000));
        assertEquals(300, NodeSampling.feasibleNodesToFind(0, 6000), "never under 5%");
        assertEquals(100, NodeSampling.feasibleNodesToFind(10, 500), "never under 100 nodes");
        assertEquals(2500, NodeSampling.feasibleNodesToFind(50, 5000));
    }
}
