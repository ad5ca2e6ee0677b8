package io.kumos.gateway.objects;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.ByteString;

import io.kubernetes.client.proto.Meta;
import io.kubernetes.client.proto.Runtime;
import io.kubernetes.client.proto.IntStr;
import io.kubernetes.client.proto.Resource;
import io.kubernetes.client.proto.V1;
import io.kubernetes.client.proto.V1Apps;
import io.kumos.gateway.schema.ModelSchema;
import io.kumos.gateway.status.ApiException;

class RequestBodiesTest {

    private final RequestBodies bodies = new RequestBodies(new ModelSchema(new ObjectMapper()));

    private static byte[] protobuf(String kind, ByteString raw) {
        return protobufOf("v1", kind, raw);
    }

    private static byte[] protobufOf(String apiVersion, String kind, ByteString raw) {
        Runtime.Unknown envelope = Runtime.Unknown.newBuilder()
                .setTypeMeta(Runtime.TypeMeta.newBuilder().setApiVersion(apiVersion).setKind(kind))
                .setRaw(raw).setContentEncoding("").setContentType("").build();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(new byte[] {'k', '8', 's', 0});
        body.writeBytes(envelope.toByteArray());
        return body.toByteArray();
    }

    @Test
    void jsonPassesThrough() {
        assertEquals("{\"a\":1}", bodies.toJson("application/json", "{\"a\":1}".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void aProtobufConfigMapBecomesKubernetesJson() throws Exception {
        V1.ConfigMap configMap = V1.ConfigMap.newBuilder()
                .setMetadata(Meta.ObjectMeta.newBuilder().setName("web").setNamespace("shop").setGeneration(0))
                .putData("color", "blue").build();
        JsonNode json = new ObjectMapper().readTree(bodies.toJson(
                "application/vnd.kubernetes.protobuf", protobuf("ConfigMap", configMap.toByteString())));
        assertEquals("v1", json.path("apiVersion").asText());
        assertEquals("ConfigMap", json.path("kind").asText());
        assertEquals("web", json.path("metadata").path("name").asText());
        assertEquals("blue", json.path("data").path("color").asText());
        assertFalse(json.path("metadata").has("generation"), "server-managed fields are not taken from a client");
    }

    @Test
    void aSecretKeepsItsBytesAsBase64() throws Exception {
        V1.Secret secret = V1.Secret.newBuilder().setMetadata(Meta.ObjectMeta.newBuilder().setName("s"))
                .putData("password", ByteString.copyFromUtf8("hunter2")).build();
        JsonNode json = new ObjectMapper().readTree(bodies.toJson(
                "application/vnd.kubernetes.protobuf", protobuf("Secret", secret.toByteString())));
        assertEquals("aHVudGVyMg==", json.path("data").path("password").asText());
    }

    @Test
    void badProtobufIsABadRequest() {
        ApiException noMagic = assertThrows(ApiException.class,
                () -> bodies.toJson("application/vnd.kubernetes.protobuf", new byte[] {1, 2, 3}));
        assertEquals(400, noMagic.status().getCode());
        ApiException unknownKind = assertThrows(ApiException.class, () -> bodies.toJson(
                "application/vnd.kubernetes.protobuf", protobuf("Widget", ByteString.EMPTY)));
        assertEquals(415, unknownKind.status().getCode());
    }

    @Test
    void aProtobufTimeOutsideRfc3339sYearsIsABadRequest() throws Exception {
        V1.Pod far = V1.Pod.newBuilder().setMetadata(Meta.ObjectMeta.newBuilder().setName("p"))
                .setStatus(V1.PodStatus.newBuilder().setStartTime(Meta.Time.newBuilder().setSeconds(Long.MAX_VALUE)))
                .build();
        ApiException refused = assertThrows(ApiException.class, () -> bodies.toJson(
                "application/vnd.kubernetes.protobuf", protobuf("Pod", far.toByteString())));
        assertEquals(400, refused.status().getCode());
        assertEquals("BadRequest", refused.status().getReason());

        V1.Pod last = far.toBuilder().setStatus(V1.PodStatus.newBuilder().setStartTime(
                Meta.Time.newBuilder().setSeconds(253402300799L))).build();
        JsonNode json = new ObjectMapper().readTree(bodies.toJson(
                "application/vnd.kubernetes.protobuf", protobuf("Pod", last.toByteString())));
        assertEquals("9999-12-31T23:59:59Z", json.path("status").path("startTime").asText());
    }

    @Test
    void aProtobufDeploymentBecomesTheJsonKubectlSent() throws Exception {
        V1Apps.Deployment deployment = V1Apps.Deployment.newBuilder()
                .setMetadata(Meta.ObjectMeta.newBuilder().setName("web"))
                .setSpec(V1Apps.DeploymentSpec.newBuilder().setReplicas(2)
                        .setStrategy(V1Apps.DeploymentStrategy.newBuilder().setRollingUpdate(
                                V1Apps.RollingUpdateDeployment.newBuilder().setMaxSurge(
                                        IntStr.IntOrString.newBuilder().setType(1).setStrVal("50%"))))
                        .setTemplate(V1.PodTemplateSpec.newBuilder()
                                .setMetadata(Meta.ObjectMeta.newBuilder().setCreationTimestamp(Meta.Time.newBuilder()))
                                .setSpec(V1.PodSpec.newBuilder().setTerminationGracePeriodSeconds(10)
                                        .addContainers(V1.Container.newBuilder().setName("main").setImage("busybox")
                                                .setResources(V1.ResourceRequirements.newBuilder().putLimits("cpu",
                                                        Resource.Quantity.newBuilder().setString("500m").build()))))))
                .build();
        JsonNode json = new ObjectMapper().readTree(bodies.toJson("application/vnd.kubernetes.protobuf",
                protobufOf("apps/v1", "Deployment", deployment.toByteString())));
        assertEquals("50%", json.at("/spec/strategy/rollingUpdate/maxSurge").asText());
        assertEquals(10, json.at("/spec/template/spec/terminationGracePeriodSeconds").asInt());
        assertEquals(true, json.at("/spec/template/spec/terminationGracePeriodSeconds").isNumber());
        assertEquals("500m", json.at("/spec/template/spec/containers/0/resources/limits/cpu").asText());
        assertEquals(true, json.at("/spec/template/metadata/creationTimestamp").isNull());
    }
}
