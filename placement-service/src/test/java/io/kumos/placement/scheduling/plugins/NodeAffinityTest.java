package io.kumos.placement.scheduling.plugins;

import static io.kumos.placement.scheduling.framework.Fixtures.info;
import static io.kumos.placement.scheduling.framework.Fixtures.node;
import static io.kumos.placement.scheduling.framework.Fixtures.pod;
import static io.kumos.placement.scheduling.framework.Fixtures.snapshot;
import static io.kumos.placement.scheduling.framework.Fixtures.with;
import static io.kumos.placement.scheduling.framework.TestProfiles.place;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.kumos.placement.scheduling.framework.CycleState;
import io.kumos.placement.scheduling.framework.NodeInfo;
import io.kumos.placement.scheduling.framework.PodInfo;

/** Node affinity's operators and terms as upstream matches them, against node n1 (zone a, gpu-count 4). */
class NodeAffinityTest {

    private static final NodeAffinity AFFINITY = new NodeAffinity();
    private static final NodeInfo NODE = info(node("n1", "zone", "a", "gpu-count", "4"));

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            In                           | [{'matchExpressions':[{'key':'zone','operator':'In','values':['a','b']}]}]        | true
            In, other value              | [{'matchExpressions':[{'key':'zone','operator':'In','values':['c']}]}]            | false
            NotIn                        | [{'matchExpressions':[{'key':'zone','operator':'NotIn','values':['c']}]}]         | true
            NotIn, label missing         | [{'matchExpressions':[{'key':'rack','operator':'NotIn','values':['c']}]}]         | true
            Exists                       | [{'matchExpressions':[{'key':'gpu-count','operator':'Exists'}]}]                  | true
            DoesNotExist                 | [{'matchExpressions':[{'key':'gpu','operator':'DoesNotExist'}]}]                  | true
            DoesNotExist, label present  | [{'matchExpressions':[{'key':'zone','operator':'DoesNotExist'}]}]                 | false
            Gt                           | [{'matchExpressions':[{'key':'gpu-count','operator':'Gt','values':['3']}]}]       | true
            Gt, equal                    | [{'matchExpressions':[{'key':'gpu-count','operator':'Gt','values':['4']}]}]       | false
            Lt                           | [{'matchExpressions':[{'key':'gpu-count','operator':'Lt','values':['5']}]}]       | true
            Gt, label not an integer     | [{'matchExpressions':[{'key':'zone','operator':'Gt','values':['1']}]}]            | false
            Gt, label missing            | [{'matchExpressions':[{'key':'rack','operator':'Gt','values':['1']}]}]            | false
            matchFields metadata.name    | [{'matchFields':[{'key':'metadata.name','operator':'In','values':['n1']}]}]       | true
            matchFields NotIn            | [{'matchFields':[{'key':'metadata.name','operator':'NotIn','values':['n1']}]}]    | false
            expressions AND fields       | [{'matchExpressions':[{'key':'zone','operator':'In','values':['a']}],'matchFields':[{'key':'metadata.name','operator':'In','values':['n2']}]}] | false
            terms are ORed               | [{'matchExpressions':[{'key':'zone','operator':'In','values':['c']}]},{'matchExpressions':[{'key':'zone','operator':'In','values':['a']}]}] | true
            an empty term matches none   | [{}]                                                                               | false
            no terms match no node       | []                                                                                 | false
            """)
    void requiredTerms(String description, String terms, boolean fits) {
        ObjectNode pod = with(pod("p"), "spec.affinity.nodeAffinity", "requiredDuringSchedulingIgnoredDuringExecution",
                "{'nodeSelectorTerms':" + terms + "}");
        assertEquals(fits, AFFINITY.filter(new CycleState(), PodInfo.of(pod), NODE).isSuccess(), description);
    }

    @Test
    void theNodeSelectorMustMatchTooAndTheReasonIsUpstreams() {
        ObjectNode pod = with(pod("p"), "spec", "nodeSelector", "{'zone':'b'}");
        assertEquals("node(s) didn't match Pod's node affinity/selector",
                AFFINITY.filter(new CycleState(), PodInfo.of(pod), NODE).message());
        assertEquals("0/1 nodes are available: 1 node(s) didn't match Pod's node affinity/selector. preemption: "
                + "0/1 nodes are available: 1 Preemption is not helpful for scheduling.",
                place(PodInfo.of(pod), snapshot(NODE)));
    }

    @Test
    void preferredTermsScoreByTheirWeights() {
        ObjectNode pod = with(pod("p"), "spec.affinity.nodeAffinity", "preferredDuringSchedulingIgnoredDuringExecution",
                "[{'weight':10,'preference':{'matchExpressions':[{'key':'zone','operator':'In','values':['b']}]}},"
                        + "{'weight':30,'preference':{'matchExpressions':[{'key':'disk','operator':'In','values':['ssd']}]}}]");
        NodeInfo zoneB = info(node("n2", "zone", "b"));
        NodeInfo ssd = info(node("n3", "disk", "ssd"));
        assertEquals(10, AFFINITY.score(new CycleState(), PodInfo.of(pod), zoneB));
        assertEquals("n3", place(PodInfo.of(pod), snapshot(NODE, zoneB, ssd)));
        long[] scores = {0, 10, 30};
        AFFINITY.normalize(new CycleState(), PodInfo.of(pod), java.util.List.of(), scores);
        assertEquals("[0, 33, 100]", java.util.Arrays.toString(scores));
    }
}
