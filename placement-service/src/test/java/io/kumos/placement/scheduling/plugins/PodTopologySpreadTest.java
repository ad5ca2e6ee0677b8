package io.kumos.placement.scheduling.plugins;

import static io.kumos.placement.scheduling.framework.Fixtures.info;
import static io.kumos.placement.scheduling.framework.Fixtures.node;
import static io.kumos.placement.scheduling.framework.Fixtures.pod;
import static io.kumos.placement.scheduling.framework.Fixtures.snapshot;
import static io.kumos.placement.scheduling.framework.Fixtures.with;
import static io.kumos.placement.scheduling.framework.TestProfiles.place;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.kumos.placement.scheduling.framework.CycleState;
import io.kumos.placement.scheduling.framework.NodeInfo;
import io.kumos.placement.scheduling.framework.PodInfo;
import io.kumos.placement.scheduling.framework.Snapshot;

/** Topology spread: the skew a placement would make, per domain, as upstream's PodTopologySpread computes it. */
class PodTopologySpreadTest {

    private static final PodTopologySpread PLUGIN = new PodTopologySpread();
    private static final String SKEW = "node(s) didn't match pod topology spread constraints";

    private static PodInfo web(String constraint) {
        return PodInfo.of(with(pod("web", "app", "web"), "spec", "topologySpreadConstraints", "[" + constraint + "]"));
    }

    private static String constraint(int maxSkew, String when, String extra) {
        return "{'maxSkew':" + maxSkew + ",'topologyKey':'zone','whenUnsatisfiable':'" + when + "',"
                + "'labelSelector':{'matchLabels':{'app':'web'}}" + extra + "}";
    }

    /** Zones z1, z2, z3 with this many web pods each (a node per zone). */
    private static Snapshot zones(int... webPods) {
        List<NodeInfo> nodes = new ArrayList<>();
        for (int zone = 0; zone < webPods.length; zone++) {
            List<ObjectNode> pods = new ArrayList<>();
            for (int i = 0; i < webPods[zone]; i++) {
                pods.add(pod("web-" + zone + "-" + i, "app", "web"));
            }
            nodes.add(info(node("n" + (zone + 1), "zone", "z" + (zone + 1)), pods.toArray(ObjectNode[]::new)));
        }
        return new Snapshot(nodes, java.util.Map.of());
    }

    private static List<String> filter(PodInfo pod, Snapshot cluster) {
        CycleState state = new CycleState();
        if (PLUGIN.preFilter(state, pod, cluster).isSkip()) {
            return cluster.nodes().stream().map(node -> "").toList();
        }
        return cluster.nodes().stream().map(node -> PLUGIN.filter(state, pod, node).message()).toList();
    }

    @ParameterizedTest(name = "maxSkew {0}, pods per zone {1}, minDomains {2}")
    @CsvSource(delimiter = '|', textBlock = """
            1 | 2,1,0 | 0 | no,no,yes
            2 | 2,1,0 | 0 | no,yes,yes
            1 | 1,1,1 | 0 | yes,yes,yes
            1 | 1,1,1 | 4 | no,no,no
            1 | 1,1,1 | 3 | yes,yes,yes
            3 | 3,0,0 | 0 | no,yes,yes
            """)
    void skew(int maxSkew, String perZone, int minDomains, String fits) {
        int[] counts = java.util.Arrays.stream(perZone.split(",")).mapToInt(Integer::parseInt).toArray();
        PodInfo pod = web(constraint(maxSkew, "DoNotSchedule", minDomains == 0 ? "" : ",'minDomains':" + minDomains));
        List<String> expected = java.util.Arrays.stream(fits.split(",")).map(fit -> fit.equals("yes") ? "" : SKEW)
                .toList();
        assertEquals(expected, filter(pod, zones(counts)));
    }

    @Test
    void aNodeWithoutTheKeyIsOutForGoodAndOtherNamespacesDoNotCount() {
        ObjectNode elsewhere = pod("web-x", "app", "web");
        elsewhere.with("metadata").put("namespace", "other");
        Snapshot cluster = snapshot(info(node("n1", "zone", "z1"), elsewhere, pod("web-0", "app", "web")),
                info(node("n2", "zone", "z2")), info(node("bare")));
        assertEquals(List.of(SKEW, "", SKEW + " (missing required label)"),
                filter(web(constraint(1, "DoNotSchedule", "")), cluster));
        assertEquals(List.of("", "", SKEW + " (missing required label)"),
                filter(web(constraint(2, "DoNotSchedule", "")), cluster), "the pod of namespace other is not counted");
    }

    @Test
    void nodesTheAffinityExcludesAreNoDomainUnlessIgnored() {
        // z3 has no web pod but the pod's selector keeps it off z3: the minimum is over z1 and z2.
        ObjectNode pod = with(pod("web", "app", "web"), "spec", "topologySpreadConstraints",
                "[" + constraint(1, "DoNotSchedule", "") + "]");
        with(pod, "spec.affinity.nodeAffinity", "requiredDuringSchedulingIgnoredDuringExecution",
                "{'nodeSelectorTerms':[{'matchExpressions':[{'key':'zone','operator':'NotIn','values':['z3']}]}]}");
        assertEquals(List.of(SKEW, "", ""), filter(PodInfo.of(pod), zones(2, 1, 0)));
        with(pod, "spec", "topologySpreadConstraints", "[" + constraint(1, "DoNotSchedule",
                ",'nodeAffinityPolicy':'Ignore'") + "]");
        assertEquals(List.of(SKEW, SKEW, ""), filter(PodInfo.of(pod), zones(2, 1, 0)));
    }

    @Test
    void scheduleAnywayPrefersTheEmptiestDomain() {
        PodInfo pod = web(constraint(1, "ScheduleAnyway", ""));
        Snapshot cluster = zones(3, 1, 2);
        assertEquals(List.of("", "", ""), filter(pod, cluster), "a soft constraint does not filter");
        CycleState state = new CycleState();
        PLUGIN.preScore(state, pod, cluster.nodes(), cluster);
        long[] scores = cluster.nodes().stream().mapToLong(node -> PLUGIN.score(state, pod, node)).toArray();
        PLUGIN.normalize(state, pod, cluster.nodes(), scores);
        assertEquals(100, scores[1]);
        assertEquals(true, scores[0] < scores[2] && scores[2] < scores[1], java.util.Arrays.toString(scores));
        assertEquals("n2", place(pod, cluster));
    }
}
