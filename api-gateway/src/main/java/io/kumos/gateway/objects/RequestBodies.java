package io.kumos.gateway.objects;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.Parser;
import com.google.protobuf.util.JsonFormat;

import io.kubernetes.client.proto.Runtime;
import io.kubernetes.client.proto.V1;
import io.kumos.gateway.status.ApiException;

/**
 * Request bodies as JSON text, whatever they came as: JSON as it is, Kubernetes protobuf
 * ({@code application/vnd.kubernetes.protobuf}: the {@code k8s\0} magic, then a {@code runtime.Unknown} envelope
 * around the typed message) converted to the JSON the API stores. kubectl 1.32 and later send protobuf for their
 * typed create commands.
 */
public final class RequestBodies {

    static final String PROTOBUF = "application/vnd.kubernetes.protobuf";
    private static final byte[] MAGIC = {'k', '8', 's', 0};

    /** The message types protobuf bodies may carry, by kind: the kinds served so far. */
    private static final Map<String, Parser<? extends Message>> PARSERS = Map.of(
            "Namespace", V1.Namespace.parser(),
            "ConfigMap", V1.ConfigMap.parser(),
            "Secret", V1.Secret.parser(),
            "ServiceAccount", V1.ServiceAccount.parser(),
            "Event", V1.Event.parser());

    private static final ObjectMapper JSON = new ObjectMapper();

    private RequestBodies() {
    }

    /**
     * Protobuf's JSON mapping writes int64 as strings and timestamps as {@code {seconds, nanos}}, unlike the
     * Kubernetes JSON. The fields concerned in a request are server-managed ones the API sets itself, so they
     * are dropped; the one a client may set, deletionGracePeriodSeconds, becomes a number again.
     */
    private static void serverManagedMetadata(ObjectNode object) {
        if (!(object.get("metadata") instanceof ObjectNode metadata)) {
            return;
        }
        metadata.remove(List.of("generation", "creationTimestamp", "deletionTimestamp", "resourceVersion", "uid"));
        JsonNode grace = metadata.get("deletionGracePeriodSeconds");
        if (grace != null && grace.isTextual()) {
            metadata.put("deletionGracePeriodSeconds", Long.parseLong(grace.asText()));
        }
    }

    public static String toJson(String contentType, byte[] body) {
        String mediaType = contentType == null ? "" : contentType.split(";")[0].trim();
        if (!mediaType.equals(PROTOBUF)) {
            return new String(body, StandardCharsets.UTF_8);
        }
        if (body.length < MAGIC.length || !Arrays.equals(Arrays.copyOf(body, MAGIC.length), MAGIC)) {
            throw ApiException.badRequest("the protobuf body does not start with the Kubernetes magic number");
        }
        try {
            Runtime.Unknown envelope = Runtime.Unknown.parseFrom(Arrays.copyOfRange(body, MAGIC.length, body.length));
            String kind = envelope.getTypeMeta().getKind();
            Parser<? extends Message> parser = PARSERS.get(kind);
            if (parser == null) {
                throw ApiException.unsupportedMediaType("protobuf bodies of kind " + kind
                        + " are not supported yet; send JSON");
            }
            ObjectNode object = (ObjectNode) JSON.readTree(
                    JsonFormat.printer().print(parser.parseFrom(envelope.getRaw())));
            // The typed message carries no type meta; the envelope does.
            object.put("apiVersion", envelope.getTypeMeta().getApiVersion());
            object.put("kind", kind);
            serverManagedMetadata(object);
            return JSON.writeValueAsString(object);
        } catch (InvalidProtocolBufferException | JsonProcessingException e) {
            throw ApiException.badRequest("the body of the request could not be decoded as protobuf: "
                    + e.getMessage());
        }
    }
}
