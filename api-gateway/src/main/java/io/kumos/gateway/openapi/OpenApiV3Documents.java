package io.kumos.gateway.openapi;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.kumos.gateway.resources.ResourceCatalog;
import io.kumos.gateway.resources.ResourceType;
import io.kumos.gateway.schema.ModelSchema;

/**
 * OpenAPI v3 documents per group-version, built once from the {@link ResourceCatalog}. Each names the PATCH
 * operation of every resource with its group-version-kind and the {@code fieldValidation} parameter: that is
 * what kubectl looks for to trust the server with validation; and the schemas of the kinds, which
 * {@code kubectl explain} prints.
 */
@ApplicationScoped
public class OpenApiV3Documents {

    /**
     * Only merge patch is listed: were strategic merge patch listed, kubectl 1.29+ would compute its patches from
     * these schemas rather than from the struct tags compiled into it, which are the reference; the schemas carry
     * the same merge keys, but the compiled-in ones are the ones every kubectl version agrees on.
     */
    private static final List<String> PATCH_TYPES = List.of("application/merge-patch+json");

    private final ObjectMapper json;
    private final Map<String, ObjectNode> documents;
    private final ObjectNode index;

    private final OpenApiSchemas schemas;

    OpenApiV3Documents(ResourceCatalog catalog, ModelSchema schema, ObjectMapper json) {
        this.json = json;
        this.schemas = new OpenApiSchemas(schema, json);
        this.documents = catalog.all().stream().collect(Collectors.groupingBy(
                type -> type.groupVersionPath().substring(1), LinkedHashMap::new, Collectors.toList()))
                .entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> document(e.getValue()), (a, b) -> a,
                        LinkedHashMap::new));
        this.index = json.createObjectNode();
        ObjectNode paths = index.putObject("paths");
        documents.forEach((path, document) -> paths.putObject(path)
                .put("serverRelativeURL", "/openapi/v3/" + path + "?hash=" + hash(document)));
    }

    public ObjectNode index() {
        return index;
    }

    /** The document of {@code api/v1} or {@code apis/<g>/<v>}, or null. */
    public ObjectNode document(String groupVersionPath) {
        return documents.get(groupVersionPath);
    }

    private ObjectNode document(List<ResourceType> types) {
        ObjectNode document = json.createObjectNode();
        document.put("openapi", "3.0.0");
        document.putObject("info").put("title", "Kumos").put("version", "v1.30.0");
        ObjectNode paths = document.putObject("paths");
        for (ResourceType type : types) {
            String base = type.groupVersionPath() + (type.namespaced() ? "/namespaces/{namespace}/" : "/");
            ObjectNode patch = paths.putObject(base + type.plural() + "/{name}").putObject("patch");
            patch.putObject("x-kubernetes-group-version-kind")
                    .put("group", type.group()).put("version", type.version()).put("kind", type.kind());
            ArrayNode parameters = patch.putArray("parameters");
            parameters.addObject().put("name", "fieldValidation").put("in", "query")
                    .putObject("schema").put("type", "string");
            ObjectNode content = patch.putObject("requestBody").putObject("content");
            PATCH_TYPES.forEach(mediaType -> content.putObject(mediaType).putObject("schema").put("type", "object"));
            patch.putObject("responses").putObject("200").put("description", "OK");
        }
        schemas.addAll(types, document.putObject("components").putObject("schemas"));
        return document;
    }

    private String hash(ObjectNode document) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(json.writeValueAsString(document).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().withUpperCase().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException | com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
