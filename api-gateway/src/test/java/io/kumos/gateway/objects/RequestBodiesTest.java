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
import io.kubernetes.client.proto.V1;
import io.kumos.gateway.schema.ModelSchema;
import io.kumos.gateway.status.ApiException;

class RequestBodiesTest {

    private final RequestBodies bodies = new RequestBodies(new ModelSchema(new ObjectMapper()));

    private static byte[] protobuf(String kind, ByteString raw) {
        Runtime.Unknown envelope = Runtime.Unknown.newBuilder()
                .setTypeMeta(Runtime.TypeMeta.newBuilder().setApiVersion("v1").setKind(kind))
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
}
