package io.kumos.placement.scheduling.plugins;

import static io.kumos.placement.scheduling.framework.Fixtures.info;
import static io.kumos.placement.scheduling.framework.Fixtures.json;
import static io.kumos.placement.scheduling.framework.Fixtures.node;
import static io.kumos.placement.scheduling.framework.Fixtures.pod;
import static io.kumos.placement.scheduling.framework.Fixtures.requesting;
import static io.kumos.placement.scheduling.framework.Fixtures.with;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.kumos.placement.scheduling.framework.CycleState;
import io.kumos.placement.scheduling.framework.NodeInfo;
import io.kumos.placement.scheduling.framework.PodInfo;
import io.kumos.placement.scheduling.framework.PodRequests;
import io.kumos.placement.scheduling.framework.Resources;
import io.kumos.placement.scheduling.framework.Status;

/** Resource fit as upstream computes it: requests with init containers, sidecars and overhead; the strategies. */
class NodeResourcesFitTest {

    private static final NodeResourcesFit FIT = new NodeResourcesFit(ScoringStrategy.DEFAULT);

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            containers add up                  | [{'resources':{'requests':{'cpu':'500m','memory':'1Gi'}}},{'resources':{'requests':{'cpu':'500m'}}}] | []  | {} | 1000 | 1073741824
            the largest init container counts  | [{'resources':{'requests':{'cpu':'500m'}}}] | [{'resources':{'requests':{'cpu':'2'}}},{'resources':{'requests':{'cpu':'1'}}}] | {} | 2000 | 0
            a smaller init container does not  | [{'resources':{'requests':{'cpu':'2'}}}] | [{'resources':{'requests':{'cpu':'1'}}}] | {} | 2000 | 0
            sidecars add to the containers     | [{'resources':{'requests':{'cpu':'500m'}}}] | [{'restartPolicy':'Always','resources':{'requests':{'cpu':'1'}}}] | {} | 1500 | 0
            and to later init containers       | [{'resources':{'requests':{'cpu':'500m'}}}] | [{'restartPolicy':'Always','resources':{'requests':{'cpu':'1'}}},{'resources':{'requests':{'cpu':'2'}}}] | {} | 3000 | 0
            overhead is added                  | [{'resources':{'requests':{'cpu':'500m','memory':'1Gi'}}}] | [] | {'cpu':'250m','memory':'512Mi'} | 750 | 1610612736
            overhead is added after init max   | [{'resources':{'requests':{'cpu':'500m'}}}] | [{'resources':{'requests':{'cpu':'2'}}}] | {'cpu':'100m'} | 2100 | 0
            limits without requests are asked  | [{'resources':{'limits':{'cpu':'1','memory':'1Gi'}}}] | [] | {} | 1000 | 1073741824
            """)
    void podRequests(String description, String containers, String initContainers, String overhead, long milliCpu,
            long memory) {
        ObjectNode pod = json("{'spec':{'containers':" + containers + ",'initContainers':" + initContainers
                + ",'overhead':" + overhead + "}}");
        Resources requests = PodRequests.of(pod);
        assertEquals(milliCpu, requests.get(Resources.CPU), description);
        assertEquals(memory, requests.get(Resources.MEMORY), description);
    }

    @Test
    void podsAskingNothingCountAtTheDefaultsForScoresOnly() {
        ObjectNode pod = json("{'spec':{'containers':[{},{'resources':{'requests':{'cpu':'1'}}}]}}");
        assertEquals(1100, PodRequests.nonZero(pod).get(Resources.CPU));
        assertEquals(2 * PodRequests.DEFAULT_MEMORY, PodRequests.nonZero(pod).get(Resources.MEMORY));
        assertEquals(0, PodRequests.of(pod).get(Resources.MEMORY));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            fits                                 | 500m | 1Gi  | ''
            short of cpu                         | 1    | 1Gi  | Insufficient cpu
            short of both, both told             | 1    | 7Gi  | Insufficient cpu, Insufficient memory
            """)
    void filterTellsEveryShortResource(String description, String cpu, String memory, String reasons) {
        NodeInfo node = info(node("a"), requesting(pod("x"), "3500m", "2Gi"));
        Status status = FIT.filter(new CycleState(), PodInfo.of(requesting(pod("p"), cpu, memory)), node);
        assertEquals(reasons, status.message(), description);
    }

    @Test
    void tooManyPodsExtendedResourcesAndInitContainersAreChecked() {
        ObjectNode full = node("a");
        with(full, "status", "allocatable", "{'cpu':'4','memory':'8Gi','pods':'1'}");
        assertEquals(List.of("Too many pods"), FIT.filter(new CycleState(), PodInfo.of(pod("p")),
                info(full, pod("x"))).reasons());
        ObjectNode gpu = json("{'metadata':{'name':'g'},'spec':{'containers':[{'resources':{'requests':"
                + "{'nvidia.com/gpu':'1'}}}]}}");
        assertEquals("Insufficient nvidia.com/gpu", FIT.filter(new CycleState(), PodInfo.of(gpu),
                info(node("a"))).message());
        ObjectNode bigInit = with(requesting(pod("p"), "100m", null), "spec", "initContainers",
                "[{'name':'i','resources':{'requests':{'cpu':'5'}}}]");
        assertEquals("Insufficient cpu", FIT.filter(new CycleState(), PodInfo.of(bigInit), info(node("a"))).message());
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', textBlock = """
            LEAST_ALLOCATED             | 1 | 1 | 1 |                       | 50
            MOST_ALLOCATED              | 1 | 1 | 1 |                       | 50
            LEAST_ALLOCATED             | 3 | 1 | 1 |                       | 25
            MOST_ALLOCATED              | 3 | 1 | 1 |                       | 75
            LEAST_ALLOCATED             | 3 | 3 | 1 |                       | 12
            REQUESTED_TO_CAPACITY_RATIO | 1 | 1 | 1 | 0:0,100:10            | 50
            REQUESTED_TO_CAPACITY_RATIO | 3 | 1 | 1 | 0:10,100:0            | 25
            REQUESTED_TO_CAPACITY_RATIO | 3 | 1 | 1 | 0:0,50:10,100:0       | 50
            REQUESTED_TO_CAPACITY_RATIO | 1 | 1 | 1 | 0:0,50:10,100:0       | 100
            """)
    void strategies(ScoringStrategy.Type type, String podCpu, int cpuWeight, int memoryWeight, String shape,
            long expected) {
        // Node: 4 CPU, 8 GiB, a pod of 1 CPU and 2 GiB on it; the pod asks podCpu and 2 GiB.
        List<ScoringStrategy.ShapePoint> points = shape == null ? List.of() : java.util.Arrays.stream(shape.split(","))
                .map(point -> new ScoringStrategy.ShapePoint(Integer.parseInt(point.split(":")[0]),
                        Integer.parseInt(point.split(":")[1]))).toList();
        NodeResourcesFit fit = new NodeResourcesFit(new ScoringStrategy(type, List.of(
                new ScoringStrategy.ResourceWeight("cpu", cpuWeight),
                new ScoringStrategy.ResourceWeight("memory", memoryWeight)), points));
        NodeInfo node = info(node("a"), requesting(pod("x"), "1", "2Gi"));
        assertEquals(expected, fit.score(new CycleState(), PodInfo.of(requesting(pod("p"), podCpu, "2Gi")), node));
    }

    @Test
    void podsWithoutRequestsStillSpread() {
        assertEquals(97, FIT.score(new CycleState(), PodInfo.of(pod("p")), info(node("a"))));
        assertEquals(95, FIT.score(new CycleState(), PodInfo.of(pod("p")), info(node("a"), pod("x"))));
    }

    @Test
    void balancedAllocationPrefersEvenUse() {
        NodeResourcesBalancedAllocation balanced = new NodeResourcesBalancedAllocation(List.of("cpu", "memory"));
        PodInfo pod = PodInfo.of(requesting(pod("p"), "1", "1Gi"));
        assertEquals(87, balanced.score(new CycleState(), pod, info(node("a"), requesting(pod("x"), "1", "1Gi"))),
                "cpu 50%, memory 25%: deviation 0.125");
        assertEquals(100, balanced.score(new CycleState(), pod, info(node("a"), requesting(pod("x"), "1", "3Gi"))),
                "cpu 50%, memory 50%");
    }
}
