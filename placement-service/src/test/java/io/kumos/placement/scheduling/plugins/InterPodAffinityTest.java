package io.kumos.placement.scheduling.plugins;

import static io.kumos.placement.scheduling.framework.Fixtures.info;
import static io.kumos.placement.scheduling.framework.Fixtures.node;
import static io.kumos.placement.scheduling.framework.Fixtures.pod;
import static io.kumos.placement.scheduling.framework.Fixtures.snapshot;
import static io.kumos.placement.scheduling.framework.Fixtures.with;
import static io.kumos.placement.scheduling.framework.TestProfiles.place;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.kumos.placement.scheduling.framework.CycleState;
import io.kumos.placement.scheduling.framework.NodeInfo;
import io.kumos.placement.scheduling.framework.PodInfo;
import io.kumos.placement.scheduling.framework.Snapshot;

/** Pod affinity and anti-affinity, required and preferred, by topology domain and namespace. */
class InterPodAffinityTest {

    private static final InterPodAffinity PLUGIN = new InterPodAffinity();

    private static ObjectNode withTerm(ObjectNode pod, String kind, String when, String terms) {
        return with(pod, "spec.affinity." + kind, when + "DuringSchedulingIgnoredDuringExecution", terms);
    }

    private static String term(String app, String topologyKey) {
        return "{'labelSelector':{'matchLabels':{'app':'" + app + "'}},'topologyKey':'" + topologyKey + "'}";
    }

    /** Each node's filter reason for the pod ("" when it passes). */
    private static List<String> filter(PodInfo pod, Snapshot cluster) {
        CycleState state = new CycleState();
        if (PLUGIN.preFilter(state, pod, cluster).isSkip()) {
            return cluster.nodes().stream().map(node -> "").toList();
        }
        return cluster.nodes().stream().map(node -> PLUGIN.filter(state, pod, node).message()).toList();
    }

    @Test
    void requiredAntiAffinityKeepsOnePerHostname() {
        PodInfo web = PodInfo.of(withTerm(pod("web-2", "app", "web"), "podAntiAffinity", "required",
                "[" + term("web", "kubernetes.io/hostname") + "]"));
        Snapshot cluster = snapshot(info(node("a"), pod("web-1", "app", "web")), info(node("b"), pod("db", "app", "db")));
        assertEquals(List.of("node(s) didn't match pod anti-affinity rules", ""), filter(web, cluster));
    }

    @Test
    void requiredAffinityNeedsASelectedPodInTheDomain() {
        PodInfo app = PodInfo.of(withTerm(pod("app"), "podAffinity", "required", "[" + term("db", "zone") + "]"));
        Snapshot cluster = snapshot(info(node("a", "zone", "z1"), pod("db", "app", "db")), info(node("b", "zone", "z1")),
                info(node("c", "zone", "z2")), info(node("d")));
        assertEquals(List.of("", "", "node(s) didn't match pod affinity rules",
                "node(s) didn't match pod affinity rules"), filter(app, cluster),
                "same zone as the db pod; not another zone; not a node without a zone");
    }

    @Test
    void theFirstPodOfAGroupThatSelectsItselfMayStartIt() {
        PodInfo first = PodInfo.of(withTerm(pod("web-1", "app", "web"), "podAffinity", "required",
                "[" + term("web", "zone") + "]"));
        Snapshot cluster = snapshot(info(node("a", "zone", "z1")), info(node("b")));
        assertEquals(List.of("", "node(s) didn't match pod affinity rules"), filter(first, cluster));
        PodInfo stranger = PodInfo.of(withTerm(pod("other"), "podAffinity", "required", "[" + term("web", "zone") + "]"));
        assertEquals(List.of("node(s) didn't match pod affinity rules", "node(s) didn't match pod affinity rules"),
                filter(stranger, cluster), "a pod its own terms do not select has nothing to start");
    }

    @Test
    void aPlacedPodsAntiAffinityKeepsTheNewPodAway() {
        ObjectNode loner = withTerm(pod("loner", "app", "loner"), "podAntiAffinity", "required",
                "[" + term("web", "zone") + "]");
        Snapshot cluster = snapshot(info(node("a", "zone", "z1"), loner), info(node("b", "zone", "z1")),
                info(node("c", "zone", "z2")));
        assertEquals(List.of("node(s) didn't satisfy existing pods anti-affinity rules",
                "node(s) didn't satisfy existing pods anti-affinity rules", ""),
                filter(PodInfo.of(pod("web", "app", "web")), cluster));
    }

    @Test
    void termsCountPodsOfTheirNamespacesOnly() {
        ObjectNode elsewhere = pod("web-1", "app", "web");
        elsewhere.with("metadata").put("namespace", "team-x");
        String listed = "[{'labelSelector':{'matchLabels':{'app':'web'}},'topologyKey':'kubernetes.io/hostname',"
                + "'namespaces':['team-x']}]";
        String selected = "[{'labelSelector':{'matchLabels':{'app':'web'}},'topologyKey':'kubernetes.io/hostname',"
                + "'namespaceSelector':{'matchLabels':{'team':'x'}}}]";
        String all = "[{'labelSelector':{'matchLabels':{'app':'web'}},'topologyKey':'kubernetes.io/hostname',"
                + "'namespaceSelector':{}}]";
        Snapshot cluster = new Snapshot(List.of(info(node("a"), elsewhere)), Map.of("team-x", Map.of("team", "x")));
        String rejected = "node(s) didn't match pod anti-affinity rules";
        assertEquals(List.of(""), filter(PodInfo.of(withTerm(pod("p"), "podAntiAffinity", "required",
                "[" + term("web", "kubernetes.io/hostname") + "]")), cluster), "by default the pod's own namespace");
        assertEquals(List.of(rejected), filter(PodInfo.of(withTerm(pod("p"), "podAntiAffinity", "required", listed)),
                cluster));
        assertEquals(List.of(rejected), filter(PodInfo.of(withTerm(pod("p"), "podAntiAffinity", "required", selected)),
                cluster));
        assertEquals(List.of(rejected), filter(PodInfo.of(withTerm(pod("p"), "podAntiAffinity", "required", all)),
                cluster), "an empty namespaceSelector selects every namespace");
    }

    @Test
    void preferredTermsScoreByDomainAndNormaliseBetweenLowestAndHighest() {
        PodInfo pod = PodInfo.of(withTerm(withTerm(pod("p"), "podAffinity", "preferred",
                "[{'weight':80,'podAffinityTerm':" + term("cache", "zone") + "}]"), "podAntiAffinity", "preferred",
                "[{'weight':20,'podAffinityTerm':" + term("noisy", "kubernetes.io/hostname") + "}]"));
        List<NodeInfo> nodes = List.of(info(node("a", "zone", "z1"), pod("cache", "app", "cache"), pod("n", "app", "noisy")),
                info(node("b", "zone", "z1")), info(node("c", "zone", "z2")));
        Snapshot cluster = new Snapshot(nodes, Map.of());
        CycleState state = new CycleState();
        PLUGIN.preScore(state, pod, nodes, cluster);
        long[] scores = nodes.stream().mapToLong(node -> PLUGIN.score(state, pod, node)).toArray();
        assertEquals("[60, 80, 0]", java.util.Arrays.toString(scores));
        PLUGIN.normalize(state, pod, nodes, scores);
        assertEquals("[75, 100, 0]", java.util.Arrays.toString(scores));
        assertEquals("b", place(pod, cluster));
    }

    @Test
    void noTermsAnywhereSkipsThePlugin() {
        Snapshot cluster = snapshot(info(node("a"), pod("x")));
        assertEquals(true, PLUGIN.preFilter(new CycleState(), PodInfo.of(pod("p")), cluster).isSkip());
        assertEquals(true, PLUGIN.preScore(new CycleState(), PodInfo.of(pod("p")), cluster.nodes(), cluster).isSkip());
    }
}
