package io.kumos.gateway.objects;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.Parser;
import com.google.protobuf.util.JsonFormat;

import io.fabric8.kubernetes.api.model.DeleteOptions;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.kubernetes.client.proto.Meta;
import io.kubernetes.client.proto.Runtime;
import io.kubernetes.client.proto.V1;
import io.kubernetes.client.proto.V1Apps;
import io.kubernetes.client.proto.V1Autoscaling;
import io.kubernetes.client.proto.V1Batch;
import io.kubernetes.client.proto.V2beta2Autoscaling;
import io.kumos.gateway.schema.ModelSchema;
import io.kumos.gateway.status.ApiException;
import io.kumos.grid.objects.ObjectJson;

/**
 * Request bodies as JSON text, whatever they came as: JSON as it is, Kubernetes protobuf
 * ({@code application/vnd.kubernetes.protobuf}: the {@code k8s\0} magic, then a {@code runtime.Unknown} envelope
 * around the typed message) converted to the JSON the API stores. kubectl 1.32 and later send protobuf for their
 * typed create commands, for autoscale and for drain's deletes.
 */
@ApplicationScoped
public class RequestBodies {

    static final String PROTOBUF = "application/vnd.kubernetes.protobuf";
    private static final byte[] MAGIC = {'k', '8', 's', 0};

    /** A message type a protobuf body may carry, with the fabric8 class its JSON follows. */
    private record Decoder(Parser<? extends Message> parser, Class<?> model) {
    }

    /** By {@code apiVersion/kind}: what kubectl sends as protobuf. (autoscaling/v2 is v2beta2 on the wire.) */
    private static final Map<String, Decoder> DECODERS = Map.ofEntries(
            Map.entry("v1/Namespace", new Decoder(V1.Namespace.parser(),
                    io.fabric8.kubernetes.api.model.Namespace.class)),
            Map.entry("v1/ConfigMap", new Decoder(V1.ConfigMap.parser(),
                    io.fabric8.kubernetes.api.model.ConfigMap.class)),
            Map.entry("v1/Secret", new Decoder(V1.Secret.parser(), io.fabric8.kubernetes.api.model.Secret.class)),
            Map.entry("v1/ServiceAccount", new Decoder(V1.ServiceAccount.parser(), ServiceAccount.class)),
            Map.entry("v1/Service", new Decoder(V1.Service.parser(), Service.class)),
            Map.entry("v1/Event", new Decoder(V1.Event.parser(), io.fabric8.kubernetes.api.model.Event.class)),
            Map.entry("v1/Pod", new Decoder(V1.Pod.parser(), io.fabric8.kubernetes.api.model.Pod.class)),
            Map.entry("v1/DeleteOptions", new Decoder(Meta.DeleteOptions.parser(), DeleteOptions.class)),
            Map.entry("meta.k8s.io/v1/DeleteOptions", new Decoder(Meta.DeleteOptions.parser(), DeleteOptions.class)),
            Map.entry("apps/v1/Deployment", new Decoder(V1Apps.Deployment.parser(), Deployment.class)),
            Map.entry("batch/v1/Job", new Decoder(V1Batch.Job.parser(), Job.class)),
            Map.entry("batch/v1/CronJob", new Decoder(V1Batch.CronJob.parser(), CronJob.class)),
            Map.entry("autoscaling/v1/HorizontalPodAutoscaler", new Decoder(
                    V1Autoscaling.HorizontalPodAutoscaler.parser(),
                    io.fabric8.kubernetes.api.model.autoscaling.v1.HorizontalPodAutoscaler.class)),
            Map.entry("autoscaling/v2/HorizontalPodAutoscaler", new Decoder(
                    V2beta2Autoscaling.HorizontalPodAutoscaler.parser(),
                    io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler.class)));

    /** The first and last second that RFC 3339 (and so Kubernetes' JSON) can write. */
    private static final long EARLIEST = Instant.parse("0000-01-01T00:00:00Z").getEpochSecond();
    private static final long LATEST = Instant.parse("9999-12-31T23:59:59Z").getEpochSecond();

    private static final List<String> SERVER_MANAGED =
            List.of("generation", "creationTimestamp", "deletionTimestamp", "resourceVersion", "uid");

    private final ModelSchema schema;
    private final ObjectMapper json = ObjectJson.mapper();

    public RequestBodies(ModelSchema schema) {
        this.schema = schema;
    }

    public String toJson(String contentType, byte[] body) {
        String mediaType = contentType == null ? "" : contentType.split(";")[0].trim();
        if (!mediaType.equals(PROTOBUF)) {
            return new String(body, StandardCharsets.UTF_8);
        }
        if (body.length < MAGIC.length || !Arrays.equals(Arrays.copyOf(body, MAGIC.length), MAGIC)) {
            throw ApiException.badRequest("the protobuf body does not start with the Kubernetes magic number");
        }
        try {
            Runtime.Unknown envelope = Runtime.Unknown.parseFrom(Arrays.copyOfRange(body, MAGIC.length, body.length));
            String apiVersion = envelope.getTypeMeta().getApiVersion();
            String kind = envelope.getTypeMeta().getKind();
            Decoder decoder = DECODERS.get(apiVersion + "/" + kind);
            if (decoder == null) {
                throw ApiException.unsupportedMediaType("protobuf bodies of " + apiVersion + " " + kind
                        + " are not supported; send JSON");
            }
            JsonNode printed = json.readTree(JsonFormat.printer().print(decoder.parser().parseFrom(envelope.getRaw())));
            ObjectNode object = (ObjectNode) normalize(printed, schema.type(decoder.model()));
            // The typed message carries no type meta; the envelope does.
            object.put("apiVersion", apiVersion);
            object.put("kind", kind);
            if (object.get("metadata") instanceof ObjectNode metadata) {
                metadata.remove(SERVER_MANAGED);
            }
            return json.writeValueAsString(object);
        } catch (InvalidProtocolBufferException | JsonProcessingException e) {
            throw ApiException.badRequest("the body of the request could not be decoded as protobuf: "
                    + e.getMessage());
        }
    }

    /**
     * Protobuf's JSON mapping differs from Kubernetes' JSON where the Go types marshal themselves: int64 comes
     * as a string, IntOrString as {@code {type, intVal, strVal}}, Quantity as {@code {string}}, Time as
     * {@code {seconds, nanos}}. The fabric8 type of each field says what it should be.
     */
    private JsonNode normalize(JsonNode value, JavaType type) {
        switch (schema.shape(type)) {
            case OBJECT -> {
                if (value instanceof ObjectNode object) {
                    for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext();) {
                        Map.Entry<String, JsonNode> field = it.next();
                        JavaType fieldType = schema.property(type, field.getKey());
                        if (fieldType != null) {
                            field.setValue(normalize(field.getValue(), fieldType));
                        }
                    }
                }
                return value;
            }
            case MAP -> {
                if (value instanceof ObjectNode object) {
                    object.fields().forEachRemaining(f -> f.setValue(normalize(f.getValue(), schema.content(type))));
                }
                return value;
            }
            case LIST -> {
                if (value instanceof ArrayNode array) {
                    for (int i = 0; i < array.size(); i++) {
                        array.set(i, normalize(array.get(i), schema.content(type)));
                    }
                }
                return value;
            }
            default -> {
                return leaf(value, type.getRawClass());
            }
        }
    }

    /** Kubernetes' JSON form of a Time, RFC 3339, which has room for the years 0 to 9999 only. */
    static String time(long epochSeconds) {
        if (epochSeconds < EARLIEST || epochSeconds > LATEST) {
            throw ApiException.badRequest("the body of the request could not be decoded as protobuf: a time of "
                    + epochSeconds + " seconds since the epoch is outside the years 0 to 9999");
        }
        return Instant.ofEpochSecond(epochSeconds).toString();
    }

    private static JsonNode leaf(JsonNode value, Class<?> raw) {
        JsonNodeFactory nodes = JsonNodeFactory.instance;
        if (raw == IntOrString.class && value.isObject()) {
            return value.has("strVal") && value.path("type").asInt(0) == 1
                    ? nodes.textNode(value.path("strVal").asText()) : nodes.numberNode(value.path("intVal").asInt(0));
        }
        if (raw == Quantity.class && value.isObject()) {
            return nodes.textNode(value.path("string").asText());
        }
        if ((raw == Long.class || raw == long.class || raw == Integer.class || raw == int.class) && value.isTextual()) {
            return nodes.numberNode(Long.parseLong(value.asText()));
        }
        if (raw == String.class && value.isObject()) {
            // A Time: unset (the zero time, printed as an empty message) is null, as Kubernetes prints it.
            return value.has("seconds") ? nodes.textNode(time(value.path("seconds").asLong())) : nodes.nullNode();
        }
        return value;
    }
}
