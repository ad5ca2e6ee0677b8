package io.kumos.placement.scheduling.plugins;

import static io.kumos.placement.scheduling.framework.Fixtures.info;
import static io.kumos.placement.scheduling.framework.Fixtures.node;
import static io.kumos.placement.scheduling.framework.Fixtures.pod;
import static io.kumos.placement.scheduling.framework.Fixtures.with;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.kumos.placement.scheduling.framework.CycleState;
import io.kumos.placement.scheduling.framework.NodeInfo;
import io.kumos.placement.scheduling.framework.PodInfo;

/** Taints by effect against tolerations, as upstream's TaintToleration filters and scores them. */
class TaintTolerationTest {

    private static final TaintToleration PLUGIN = new TaintToleration();

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            NoSchedule, no toleration            | NoSchedule       | []                                                                      | node(s) had untolerated taint {dedicated: db}
            NoSchedule, tolerated by Equal       | NoSchedule       | [{'key':'dedicated','operator':'Equal','value':'db','effect':'NoSchedule'}] | ''
            Equal with another value             | NoSchedule       | [{'key':'dedicated','operator':'Equal','value':'web','effect':'NoSchedule'}] | node(s) had untolerated taint {dedicated: db}
            Exists for the key, any effect       | NoSchedule       | [{'key':'dedicated','operator':'Exists'}]                               | ''
            an empty key with Exists tolerates all | NoExecute      | [{'operator':'Exists'}]                                                 | ''
            NoExecute, untolerated               | NoExecute        | []                                                                      | node(s) had untolerated taint {dedicated: db}
            NoExecute tolerated for a while      | NoExecute        | [{'key':'dedicated','operator':'Equal','value':'db','effect':'NoExecute','tolerationSeconds':30}] | ''
            NoExecute, toleration of NoSchedule  | NoExecute        | [{'key':'dedicated','operator':'Equal','value':'db','effect':'NoSchedule'}] | node(s) had untolerated taint {dedicated: db}
            PreferNoSchedule does not filter     | PreferNoSchedule | []                                                                      | ''
            """)
    void filter(String description, String effect, String tolerations, String reason) {
        NodeInfo node = info(with(node("a"), "spec", "taints", "[{'key':'dedicated','value':'db','effect':'" + effect
                + "'}]"));
        PodInfo pod = PodInfo.of(with(pod("p"), "spec", "tolerations", tolerations));
        assertEquals(reason, PLUGIN.filter(new CycleState(), pod, node).message(), description);
    }

    @Test
    void untoleratedPreferNoScheduleTaintsLowerTheScore() {
        List<NodeInfo> nodes = List.of(info(node("a")),
                info(with(node("b"), "spec", "taints", "[{'key':'x','effect':'PreferNoSchedule'}]")),
                info(with(node("c"), "spec", "taints", "[{'key':'x','effect':'PreferNoSchedule'},"
                        + "{'key':'y','effect':'PreferNoSchedule'},{'key':'z','effect':'NoSchedule'}]")));
        PodInfo pod = PodInfo.of(pod("p"));
        long[] scores = nodes.stream().mapToLong(node -> PLUGIN.score(new CycleState(), pod, node)).toArray();
        assertEquals("[0, 1, 2]", Arrays.toString(scores));
        PLUGIN.normalize(new CycleState(), pod, nodes, scores);
        assertEquals("[100, 50, 0]", Arrays.toString(scores));

        PodInfo tolerating = PodInfo.of(with(pod("q"), "spec", "tolerations",
                "[{'key':'x','operator':'Exists','effect':'PreferNoSchedule'},{'key':'y','operator':'Exists','effect':'NoSchedule'}]"));
        assertEquals(1, PLUGIN.score(new CycleState(), tolerating, nodes.get(2)),
                "a toleration of another effect does not count");
    }
}
