package io.kumos.agent.pods;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

class PodStatusesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant NOW = Instant.parse("2026-11-27T10:00:00Z");
    private static final PodRef REF = new PodRef("default", "web", "u-1");

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text.replace('\'', '"'));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode pod(String policy) {
        return json("{'metadata':{'name':'web','namespace':'default','uid':'u-1'},'spec':{'restartPolicy':'"
                + policy + "','containers':[{'name':'main','image':'img:1'}]}}");
    }

    private static RuntimeContainer running(int attempt) {
        return new RuntimeContainer("c" + attempt, REF, "main", ContainerLabels.Type.APP, attempt, "running", 0, false,
                "", NOW.minusSeconds(30), null, "img:1", "sha256:1", "");
    }

    private static RuntimeContainer exited(int attempt, long code) {
        return new RuntimeContainer("c" + attempt, REF, "main", ContainerLabels.Type.APP, attempt, "exited", code,
                false, "", NOW.minusSeconds(30), NOW.minusSeconds(5), "img:1", "sha256:1", "");
    }

    private static ContainerView view(JsonNode pod, RuntimeContainer current, RuntimeContainer previous,
            ContainerView.Waiting waiting, boolean ready) {
        return new ContainerView(pod.path("spec").path("containers").get(0), ContainerLabels.Type.APP, current,
                previous, waiting, ready, current != null && current.running());
    }

    private static JsonNode status(JsonNode pod, ContainerView view) {
        return PodStatuses.of(pod, List.of(), List.of(view), "10.244.0.2", "127.0.0.1", json("{}"), NOW);
    }

    private static String condition(JsonNode status, String type) {
        for (JsonNode condition : status.path("conditions")) {
            if (condition.path("type").asText().equals(type)) {
                return condition.path("status").asText();
            }
        }
        return "";
    }

    @Test
    void aContainerBeingCreatedLeavesThePodPending() {
        JsonNode pod = pod("Always");
        JsonNode status = status(pod, view(pod, null, null, null, false));
        assertEquals("Pending", status.path("phase").asText());
        assertEquals("ContainerCreating", status.at("/containerStatuses/0/state/waiting/reason").asText());
        assertEquals("False", condition(status, "Ready"));
        assertEquals("True", condition(status, "PodScheduled"));
        assertEquals("BestEffort", status.path("qosClass").asText());
    }

    @Test
    void aRunningReadyContainerMakesThePodRunningAndReady() {
        JsonNode pod = pod("Always");
        JsonNode status = status(pod, view(pod, running(0), null, null, true));
        assertEquals("Running", status.path("phase").asText());
        assertEquals("True", condition(status, "Ready"));
        assertEquals("True", condition(status, "ContainersReady"));
        assertEquals("docker://c0", status.at("/containerStatuses/0/containerID").asText());
        assertEquals("10.244.0.2", status.path("podIP").asText());
        assertEquals("10.244.0.2", status.at("/podIPs/0/ip").asText());
        assertEquals("127.0.0.1", status.path("hostIP").asText());
    }

    @Test
    void anUnreadyContainerIsNamedInTheReadyCondition() {
        JsonNode pod = pod("Always");
        JsonNode status = status(pod, view(pod, running(0), null, null, false));
        assertEquals("Running", status.path("phase").asText());
        for (JsonNode condition : status.path("conditions")) {
            if (condition.path("type").asText().equals("Ready")) {
                assertEquals("ContainersNotReady", condition.path("reason").asText());
                assertEquals("containers with unready status: [main]", condition.path("message").asText());
            }
        }
    }

    @Test
    void aCrashLoopingContainerShowsTheBackOffAndItsLastTermination() {
        JsonNode pod = pod("Always");
        JsonNode status = status(pod, view(pod, exited(2, 3), exited(1, 3),
                new ContainerView.Waiting("CrashLoopBackOff", "back-off 20s restarting failed container=main"),
                false));
        assertEquals("Running", status.path("phase").asText());
        assertEquals("CrashLoopBackOff", status.at("/containerStatuses/0/state/waiting/reason").asText());
        assertEquals(3, status.at("/containerStatuses/0/lastState/terminated/exitCode").asInt());
        assertEquals("Error", status.at("/containerStatuses/0/lastState/terminated/reason").asText());
        assertEquals(2, status.at("/containerStatuses/0/restartCount").asInt());
    }

    @Test
    void finishedContainersEndThePodPerRestartPolicy() {
        JsonNode never = pod("Never");
        assertEquals("Failed", status(never, view(never, exited(0, 1), null, null, false)).path("phase").asText());
        assertEquals("Succeeded", status(never, view(never, exited(0, 0), null, null, false)).path("phase")
                .asText());
        JsonNode onFailure = pod("OnFailure");
        assertEquals("Succeeded", status(onFailure, view(onFailure, exited(0, 0), null, null, false)).path("phase")
                .asText());
        assertEquals("Running", status(onFailure, view(onFailure, exited(0, 1), null, null, false)).path("phase")
                .asText(), "a failed container of an OnFailure pod is restarted");
        JsonNode succeeded = status(never, view(never, exited(0, 0), null, null, false));
        assertEquals("Completed", succeeded.at("/containerStatuses/0/state/terminated/reason").asText());
        assertEquals("False", condition(succeeded, "Ready"));
    }

    @Test
    void aContainerThatCouldNotStartIsAStartErrorWithTheEnginesMessage() {
        JsonNode pod = pod("Never");
        RuntimeContainer refused = new RuntimeContainer("c0", REF, "main", ContainerLabels.Type.APP, 0, "created", 127,
                false, "exec: \"nope\": executable file not found in $PATH", null, null, "img:1", "sha256:1", "");
        JsonNode status = status(pod, view(pod, refused, null, null, false));
        assertEquals("Failed", status.path("phase").asText());
        assertEquals("StartError", status.at("/containerStatuses/0/state/terminated/reason").asText());
        assertEquals(128, status.at("/containerStatuses/0/state/terminated/exitCode").asInt());
        assertEquals("exec: \"nope\": executable file not found in $PATH",
                status.at("/containerStatuses/0/state/terminated/message").asText());
    }

    @Test
    void initContainersKeepThePodInitializingUntilTheySucceed() {
        JsonNode pod = json("{'metadata':{'name':'web'},'spec':{'initContainers':[{'name':'setup','image':'img:1'}],"
                + "'containers':[{'name':'main','image':'img:1'}]}}");
        RuntimeContainer setup = new RuntimeContainer("i0", REF, "setup", ContainerLabels.Type.INIT, 0, "running", 0,
                false, "", NOW, null, "img:1", "sha256:1", "");
        ContainerView init = new ContainerView(pod.at("/spec/initContainers/0"), ContainerLabels.Type.INIT, setup,
                null, null, true, true);
        ContainerView main = new ContainerView(pod.at("/spec/containers/0"), ContainerLabels.Type.APP, null, null,
                null, false, false);
        JsonNode status = PodStatuses.of(pod, List.of(init), List.of(main), "10.244.0.2", "127.0.0.1", json("{}"),
                NOW);
        assertEquals("Pending", status.path("phase").asText());
        assertEquals("False", condition(status, "Initialized"));
        assertEquals("PodInitializing", status.at("/containerStatuses/0/state/waiting/reason").asText());
        assertEquals("running", status.at("/initContainerStatuses/0/state").fieldNames().next());
    }

    @Test
    void conditionsKeepTheirTransitionTimeWhileUnchanged() {
        JsonNode pod = pod("Always");
        JsonNode previous = json("{'startTime':'2026-11-27T09:00:00Z','conditions':[{'type':'Ready','status':'True',"
                + "'lastTransitionTime':'2026-11-27T09:00:05Z'}]}");
        JsonNode status = PodStatuses.of(pod, List.of(), List.of(view(pod, running(0), null, null, true)),
                "10.244.0.2", "127.0.0.1", previous, NOW);
        assertEquals("2026-11-27T09:00:00Z", status.path("startTime").asText());
        for (JsonNode condition : status.path("conditions")) {
            if (condition.path("type").asText().equals("Ready")) {
                assertEquals("2026-11-27T09:00:05Z", condition.path("lastTransitionTime").asText());
            }
        }
    }

    @Test
    void qosClassFollowsRequestsAndLimits() {
        assertEquals("Guaranteed", PodStatuses.qosClass(json("{'spec':{'containers':[{'resources':{'limits':"
                + "{'cpu':'1','memory':'1Gi'}}}]}}")));
        assertEquals("Burstable", PodStatuses.qosClass(json("{'spec':{'containers':[{'resources':{'requests':"
                + "{'cpu':'100m'}}}]}}")));
        assertEquals("BestEffort", PodStatuses.qosClass(json("{'spec':{'containers':[{}]}}")));
    }
}
