package io.kumos.gateway.kinds;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The DefaultTolerationSeconds admission: added where the pod says nothing, never over what it says. */
class DefaultTolerationsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aPodWithoutTolerationsGetsBothForTheConfiguredTime() throws Exception {
        ObjectNode pod = pod("{}");
        DefaultTolerations.admit(pod, 5);
        assertEquals(JSON.readTree("""
                [{"key":"node.kubernetes.io/not-ready","operator":"Exists","effect":"NoExecute","tolerationSeconds":5},
                 {"key":"node.kubernetes.io/unreachable","operator":"Exists","effect":"NoExecute","tolerationSeconds":5}]
                """).toString(), pod.path("spec").path("tolerations").toString());
    }

    @Test
    void aPodsOwnTolerationOfATaintIsKeptAndOnlyTheOtherIsAdded() throws Exception {
        ObjectNode pod = pod("""
                {"tolerations":[{"key":"node.kubernetes.io/unreachable","operator":"Exists","tolerationSeconds":60},
                                {"key":"gpu","operator":"Equal","value":"yes","effect":"NoSchedule"}]}""");
        DefaultTolerations.admit(pod, 5);
        JsonNode tolerations = pod.path("spec").path("tolerations");
        assertEquals(3, tolerations.size(), tolerations::toString);
        assertEquals(60, tolerations.path(0).path("tolerationSeconds").asInt());
        assertEquals("node.kubernetes.io/not-ready", tolerations.path(2).path("key").asText());
    }

    @Test
    void aPodThatToleratesEverythingGetsNothing() throws Exception {
        ObjectNode pod = pod("{\"tolerations\":[{\"operator\":\"Exists\"}]}");
        DefaultTolerations.admit(pod, 5);
        assertEquals(1, pod.path("spec").path("tolerations").size());
    }

    @Test
    void aNoScheduleTolerationOfTheTaintDoesNotCount() throws Exception {
        ObjectNode pod = pod("""
                {"tolerations":[{"key":"node.kubernetes.io/not-ready","operator":"Exists","effect":"NoSchedule"}]}""");
        DefaultTolerations.admit(pod, 5);
        assertEquals(3, pod.path("spec").path("tolerations").size());
    }

    private static ObjectNode pod(String spec) throws Exception {
        return (ObjectNode) JSON.readTree("{\"kind\":\"Pod\",\"spec\":" + spec + "}");
    }
}
