package io.kumos.gateway.printing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.kumos.gateway.resources.ResourceType;

/**
 * Server-side printing: a {@code meta.k8s.io/v1 Table} with kubectl's usual columns for each kind, so that
 * {@code kubectl get} shows what users expect. Every row carries its whole object (kubectl reads the namespace
 * of {@code get -A} from it).
 */
public final class TablePrinter {

    /** One column: its definition and how to compute its cell from an object. */
    record Column(String name, String type, String format, String description, int priority,
            Function<JsonNode, Object> cell) {
    }

    private final ObjectMapper json;
    private final Clock clock;

    public TablePrinter(ObjectMapper json, Clock clock) {
        this.json = json;
        this.clock = clock;
    }

    public ObjectNode table(ResourceType type, List<JsonNode> objects, String resourceVersion) {
        List<Column> columns = columns(type);
        ObjectNode table = json.createObjectNode();
        table.put("kind", "Table").put("apiVersion", "meta.k8s.io/v1");
        table.putObject("metadata").put("resourceVersion", resourceVersion);
        ArrayNode definitions = table.putArray("columnDefinitions");
        for (Column column : columns) {
            definitions.addObject().put("name", column.name()).put("type", column.type())
                    .put("format", column.format()).put("description", column.description())
                    .put("priority", column.priority());
        }
        ArrayNode rows = table.putArray("rows");
        for (JsonNode object : objects) {
            ObjectNode row = rows.addObject();
            ArrayNode cells = row.putArray("cells");
            columns.forEach(column -> cells.addPOJO(column.cell().apply(object)));
            row.set("object", object);
        }
        return table;
    }

    List<Column> columns(ResourceType type) {
        List<Column> columns = new ArrayList<>();
        columns.add(new Column("Name", "string", "name", "Name must be unique within a namespace.", 0,
                object -> object.path("metadata").path("name").asText()));
        switch (type.kind()) {
            case "Namespace" -> columns.add(new Column("Status", "string", "", "The phase of the namespace.", 0,
                    object -> object.path("status").path("phase").asText("Active")));
            case "ConfigMap" -> columns.add(new Column("Data", "integer", "", "Number of keys.", 0,
                    object -> object.path("data").size() + object.path("binaryData").size()));
            case "Secret" -> {
                columns.add(new Column("Type", "string", "", "The type of the secret.", 0,
                        object -> object.path("type").asText()));
                columns.add(new Column("Data", "integer", "", "Number of keys.", 0,
                        object -> object.path("data").size()));
            }
            case "ServiceAccount" -> columns.add(new Column("Secrets", "integer", "", "Number of secrets.", 0,
                    object -> object.path("secrets").size()));
            default -> {
            }
        }
        columns.add(new Column("Age", "string", "", "Time since the object was created.", 0, this::age));
        return columns;
    }

    private String age(JsonNode object) {
        String created = object.path("metadata").path("creationTimestamp").asText("");
        if (created.isEmpty()) {
            return "<unknown>";
        }
        return HumanDuration.of(Duration.between(Instant.parse(created), clock.instant()));
    }
}
