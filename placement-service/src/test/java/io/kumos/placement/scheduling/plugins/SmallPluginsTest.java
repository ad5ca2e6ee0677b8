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

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.kumos.placement.scheduling.framework.CycleState;
import io.kumos.placement.scheduling.framework.NodeInfo;
import io.kumos.placement.scheduling.framework.PodInfo;
import io.kumos.placement.scheduling.framework.Snapshot;

/** NodePorts, NodeUnschedulable, NodeName, NodeReady, ImageLocality and the shared normalisations. */
class SmallPluginsTest {

    private static ObjectNode hostPort(String name, String port) {
        return with(pod(name), "spec", "containers", "[{'name':'c','ports':[" + port + "]}]");
    }

    @ParameterizedTest(name = "{0} against {1}")
    @CsvSource(delimiter = '|', textBlock = """
            {'containerPort':80,'hostPort':8080}                             | {'containerPort':80,'hostPort':8080}                              | false
            {'containerPort':80,'hostPort':8080,'protocol':'UDP'}            | {'containerPort':80,'hostPort':8080}                              | true
            {'containerPort':80,'hostPort':8080,'hostIP':'10.0.0.1'}         | {'containerPort':80,'hostPort':8080,'hostIP':'10.0.0.2'}          | true
            {'containerPort':80,'hostPort':8080,'hostIP':'10.0.0.1'}         | {'containerPort':80,'hostPort':8080}                              | false
            {'containerPort':80,'hostPort':8081}                             | {'containerPort':80,'hostPort':8080}                              | true
            {'containerPort':80}                                             | {'containerPort':80,'hostPort':8080}                              | true
            """)
    void hostPorts(String wanted, String used, boolean fits) {
        NodeInfo node = info(node("a"), hostPort("x", used));
        PodInfo pod = PodInfo.of(hostPort("p", wanted));
        NodePorts ports = new NodePorts();
        CycleState state = new CycleState();
        boolean passes = ports.preFilter(state, pod, new Snapshot(List.of(node), java.util.Map.of())).isSkip()
                || ports.filter(state, pod, node).isSuccess();
        assertEquals(fits, passes);
        if (!fits) {
            assertEquals("node(s) didn't have free ports for the requested pod ports",
                    ports.filter(state, pod, node).message());
        }
    }

    @Test
    void cordonedNodesUnlessTheirTaintIsTolerated() {
        NodeInfo cordoned = info(with(node("a"), "spec", "unschedulable", "true"));
        NodeUnschedulable plugin = new NodeUnschedulable();
        assertEquals("node(s) were unschedulable", plugin.filter(new CycleState(), PodInfo.of(pod("p")), cordoned)
                .message());
        PodInfo tolerating = PodInfo.of(with(pod("d"), "spec", "tolerations",
                "[{'key':'node.kubernetes.io/unschedulable','operator':'Exists','effect':'NoSchedule'}]"));
        assertEquals(true, plugin.filter(new CycleState(), tolerating, cordoned).isSuccess());
    }

    @Test
    void nodeNameAndReadiness() {
        PodInfo named = PodInfo.of(with(pod("p"), "spec", "nodeName", "'b'"));
        assertEquals("node(s) didn't match the requested node name",
                new NodeName().filter(new CycleState(), named, info(node("a"))).message());
        ObjectNode notReady = node("a");
        with(notReady, "status", "conditions", "[{'type':'Ready','status':'False'}]");
        assertEquals("node(s) were not ready", new NodeReady().filter(new CycleState(), PodInfo.of(pod("p")),
                info(notReady)).message());
    }

    @Test
    void imageLocalityScalesByHowManyNodesHoldTheImage() {
        ObjectNode holder = node("a");
        with(holder, "status", "images", "[{'names':['registry/app:1'],'sizeBytes':524288000}]");
        PodInfo pod = PodInfo.of(with(pod("p"), "spec", "containers", "[{'name':'c','image':'registry/app:1'}]"));
        List<NodeInfo> nodes = List.of(info(holder), info(node("b")));
        ImageLocality plugin = new ImageLocality();
        CycleState state = new CycleState();
        plugin.preScore(state, pod, nodes, new Snapshot(nodes, java.util.Map.of()));
        // 500 MB held by 1 node of 2: 250 MB, on the 23 MB..1000 MB scale.
        assertEquals(100 * (250 - 23) / (1000 - 23), plugin.score(state, pod, nodes.get(0)));
        assertEquals(0, plugin.score(state, pod, nodes.get(1)));
        assertEquals("nginx:latest", io.kumos.placement.scheduling.framework.ImageNames.normalized("nginx"));
        assertEquals("host:5000/nginx:latest",
                io.kumos.placement.scheduling.framework.ImageNames.normalized("host:5000/nginx"));
    }

    @Test
    void normalisations() {
        long[] byMax = {0, 5, 10};
        Normalize.byMax(byMax, false);
        assertEquals("[0, 50, 100]", Arrays.toString(byMax));
        long[] reversed = {0, 0};
        Normalize.byMax(reversed, true);
        assertEquals("[100, 100]", Arrays.toString(reversed));
        long[] range = {-20, 0, 60};
        Normalize.byRange(range);
        assertEquals("[0, 25, 100]", Arrays.toString(range));
        long[] flat = {7, 7};
        Normalize.byRange(flat);
        assertEquals("[0, 0]", Arrays.toString(flat));
    }
}
