package io.kumos.placement.scheduling;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

class NodeFitTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode read(String text) {
        try {
            return JSON.readTree(text.replace('\'', '"'));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode node(String name, String cpu, String extra) {
        return read("{'metadata':{'name':'" + name + "','labels':{'kubernetes.io/hostname':'" + name + "'}},"
                + "'spec':{" + extra + "},'status':{'allocatable':{'cpu':'" + cpu + "','memory':'4Gi','pods':'110'},"
                + "'conditions':[{'type':'Ready','status':'True'}]}}");
    }

    private static JsonNode pod(String cpu, String extra) {
        return read("{'metadata':{'name':'p'},'spec':{" + extra + "'containers':[{'name':'c','resources':"
                + "{'requests':{'cpu':'" + cpu + "'}}}]}}");
    }

    private static NodeFit.Candidate empty(JsonNode node) {
        return new NodeFit.Candidate(node, NodeFit.Resources.NONE, Set.of(), 0);
    }

    @Test
    void aNodeThatAsksToAvoidThePodsControllerComesLastButIsNoFilter() {
        ObjectNode avoiding = (ObjectNode) node("a", "2", "");
        avoiding.with("metadata").putObject("annotations").put(NodeFit.AVOID_PODS, "{\"preferAvoidPods\":[{"
                + "\"podSignature\":{\"podController\":{\"kind\":\"ReplicaSet\",\"uid\":\"rs-1\"}},"
                + "\"reason\":\"KumosHealthRescheduled\"}]}");
        NodeFit.Candidate busy = new NodeFit.Candidate(node("b", "2", ""), new NodeFit.Resources(1500, 0), Set.of(),
                3);
        JsonNode owned = read("{'metadata':{'name':'p','ownerReferences':[{'kind':'ReplicaSet','uid':'rs-1',"
                + "'controller':true}]},'spec':{'containers':[{'name':'c'}]}}");
        JsonNode other = read("{'metadata':{'name':'q','ownerReferences':[{'kind':'ReplicaSet','uid':'rs-2',"
                + "'controller':true}]},'spec':{'containers':[{'name':'c'}]}}");

        assertEquals(Optional.of("b"), NodeFit.place(owned, List.of(empty(avoiding), busy)).node(),
                "the busier node, since the idle one avoids the pod's ReplicaSet");
        assertEquals(Optional.of("a"), NodeFit.place(other, List.of(empty(avoiding), busy)).node(),
                "other controllers' pods are not concerned");
        assertEquals(Optional.of("a"), NodeFit.place(owned, List.of(empty(avoiding))).node(),
                "with no other node, the avoided one still takes it");
    }

    @Test
    void theLeastAllocatedNodeWins() {
        NodeFit.Candidate busy = new NodeFit.Candidate(node("a", "2", ""), new NodeFit.Resources(1500, 0), Set.of(), 3);
        NodeFit.Candidate idle = empty(node("b", "2", ""));
        assertEquals(Optional.of("b"), NodeFit.place(pod("100m", ""), List.of(busy, idle)).node());
    }

    @Test
    void noNodeFitsSaysWhyAsTheSchedulerDoes() {
        NodeFit.Decision decision = NodeFit.place(pod("100", ""), List.of(empty(node("a", "2", "")),
                empty(node("b", "2", "")), empty(node("c", "2", "'unschedulable':true"))));
        assertEquals(Optional.empty(), decision.node());
        assertEquals("0/3 nodes are available: 2 Insufficient cpu, 1 node(s) were unschedulable.", decision.reason());
    }

    @Test
    void nodeSelectorTaintsAndHostPortsFilter() {
        List<NodeFit.Candidate> nodes = List.of(empty(node("a", "2", "")), empty(node("b", "2", "")));
        assertEquals(Optional.of("b"), NodeFit.place(pod("100m", "'nodeSelector':{'kubernetes.io/hostname':'b'},"),
                nodes).node());
        List<NodeFit.Candidate> tainted = List.of(empty(node("a", "2",
                "'taints':[{'key':'dedicated','value':'db','effect':'NoSchedule'}]")));
        assertEquals("0/1 nodes are available: 1 node(s) had untolerated taint {dedicated: db}.",
                NodeFit.place(pod("100m", ""), tainted).reason());
        assertEquals(Optional.of("a"), NodeFit.place(pod("100m",
                "'tolerations':[{'key':'dedicated','operator':'Equal','value':'db','effect':'NoSchedule'}],"),
                tainted).node());
        NodeFit.Candidate portTaken = new NodeFit.Candidate(node("a", "2", ""), NodeFit.Resources.NONE, Set.of(8080), 1);
        JsonNode wantsPort = read("{'spec':{'containers':[{'name':'c','ports':[{'containerPort':80,'hostPort':8080}]}]}}");
        assertEquals("0/1 nodes are available: 1 node(s) didn't have free ports for the requested pod ports.",
                NodeFit.place(wantsPort, List.of(portTaken)).reason());
    }

    @Test
    void initContainersCountByTheLargestOne() {
        JsonNode pod = read("{'spec':{'initContainers':[{'resources':{'requests':{'cpu':'2'}}}],"
                + "'containers':[{'resources':{'requests':{'cpu':'500m','memory':'1Gi'}}},"
                + "{'resources':{'requests':{'cpu':'500m'}}}]}}");
        assertEquals(new NodeFit.Resources(2000, 1L << 30), NodeFit.requests(pod));
    }
}
