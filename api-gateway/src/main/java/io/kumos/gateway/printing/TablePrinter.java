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

import io.kumos.gateway.kinds.LabelSelectors;
import io.kumos.gateway.resources.ResourceType;

/**
 * Server-side printing: a {@code meta.k8s.io/v1 Table} with kubectl's usual columns for each kind (those of
 * kube-apiserver's printers), so that {@code kubectl get} shows what users expect; priority-1 columns appear with
 * {@code -o wide}. Every row carries its whole object (kubectl reads the namespace of {@code get -A} and the
 * labels of {@code --show-labels} from it).
 */
public final class TablePrinter {

    /** One column: its definition and how to compute its cell from an object. */
    record Column(String name, String type, int priority, String description, Function<JsonNode, Object> cell) {
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
                    .put("format", column.name().equals("Name") ? "name" : "")
                    .put("description", column.description()).put("priority", column.priority());
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
        if (!type.kind().equals("Event")) {
            columns.add(text("Name", 0, o -> o.path("metadata").path("name").asText()));
        }
        switch (type.kind()) {
            case "Namespace" -> columns.add(text("Status", 0, o -> o.path("status").path("phase").asText("Active")));
            case "ConfigMap" -> columns.add(number("Data", 0,
                    o -> o.path("data").size() + o.path("binaryData").size()));
            case "Secret" -> {
                columns.add(text("Type", 0, o -> o.path("type").asText()));
                columns.add(number("Data", 0, o -> o.path("data").size()));
            }
            case "ServiceAccount" -> columns.add(number("Secrets", 0, o -> o.path("secrets").size()));
            case "Pod" -> pods(columns);
            case "Node" -> nodes(columns);
            case "Service" -> services(columns);
            case "Endpoints" -> columns.add(text("Endpoints", 0, TablePrinter::endpoints));
            case "Deployment" -> {
                columns.add(text("Ready", 0, o -> o.path("status").path("readyReplicas").asInt(0) + "/"
                        + o.path("spec").path("replicas").asInt(0)));
                columns.add(number("Up-to-date", 0, o -> o.path("status").path("updatedReplicas").asInt(0)));
                columns.add(number("Available", 0, o -> o.path("status").path("availableReplicas").asInt(0)));
                columns.add(age());
                workloadColumns(columns, "template");
            }
            case "ReplicaSet" -> {
                columns.add(number("Desired", 0, o -> o.path("spec").path("replicas").asInt(0)));
                columns.add(number("Current", 0, o -> o.path("status").path("replicas").asInt(0)));
                columns.add(number("Ready", 0, o -> o.path("status").path("readyReplicas").asInt(0)));
                columns.add(age());
                workloadColumns(columns, "template");
            }
            case "Job" -> jobs(columns);
            case "CronJob" -> cronJobs(columns);
            case "HorizontalPodAutoscaler" -> autoscalers(columns);
            case "Lease" -> columns.add(text("Holder", 0, o -> o.path("spec").path("holderIdentity").asText("")));
            case "EndpointSlice" -> {
                columns.add(text("AddressType", 0, o -> o.path("addressType").asText()));
                columns.add(text("Ports", 0, TablePrinter::slicePorts));
                columns.add(text("Endpoints", 0, TablePrinter::sliceEndpoints));
            }
            case "Event" -> events(columns);
            default -> {
            }
        }
        if (columns.stream().noneMatch(column -> column.name().equals("Age")) && !type.kind().equals("Event")) {
            columns.add(age());
        }
        return columns;
    }

    private void pods(List<Column> columns) {
        columns.add(text("Ready", 0, o -> {
            JsonNode statuses = o.path("status").path("containerStatuses");
            int ready = 0;
            for (JsonNode status : statuses) {
                ready += status.path("ready").asBoolean() ? 1 : 0;
            }
            return ready + "/" + o.path("spec").path("containers").size();
        }));
        columns.add(text("Status", 0, TablePrinter::podStatus));
        columns.add(text("Restarts", 0, o -> {
            int restarts = 0;
            for (JsonNode status : o.path("status").path("containerStatuses")) {
                restarts += status.path("restartCount").asInt(0);
            }
            return Integer.toString(restarts);
        }));
        columns.add(age());
        columns.add(text("IP", 1, o -> orNone(o.path("status").path("podIP").asText(""))));
        columns.add(text("Node", 1, o -> orNone(o.path("spec").path("nodeName").asText(""))));
        columns.add(text("Nominated Node", 1, o -> orNone(o.path("status").path("nominatedNodeName").asText(""))));
        columns.add(text("Readiness Gates", 1, o -> o.path("spec").path("readinessGates").isEmpty() ? "<none>"
                : Integer.toString(o.path("spec").path("readinessGates").size())));
    }

    /** What {@code kubectl get pods} shows under STATUS: a waiting or terminated reason, else the phase. */
    private static String podStatus(JsonNode pod) {
        if (pod.path("metadata").has("deletionTimestamp")) {
            return "Terminating";
        }
        String reason = pod.path("status").path("reason").asText("");
        if (!reason.isEmpty()) {
            return reason;
        }
        for (JsonNode status : pod.path("status").path("containerStatuses")) {
            String waiting = status.path("state").path("waiting").path("reason").asText("");
            if (!waiting.isEmpty()) {
                return waiting;
            }
            String terminated = status.path("state").path("terminated").path("reason").asText("");
            if (!terminated.isEmpty()) {
                return terminated;
            }
        }
        return pod.path("status").path("phase").asText("Pending");
    }

    private void nodes(List<Column> columns) {
        columns.add(text("Status", 0, o -> {
            String ready = "Unknown";
            for (JsonNode condition : o.path("status").path("conditions")) {
                if ("Ready".equals(condition.path("type").asText())) {
                    ready = "True".equals(condition.path("status").asText()) ? "Ready" : "NotReady";
                }
            }
            return o.path("spec").path("unschedulable").asBoolean(false) ? ready + ",SchedulingDisabled" : ready;
        }));
        columns.add(text("Roles", 0, o -> {
            List<String> roles = new ArrayList<>();
            o.path("metadata").path("labels").fieldNames().forEachRemaining(label -> {
                if (label.startsWith("node-role.kubernetes.io/")) {
                    roles.add(label.substring("node-role.kubernetes.io/".length()));
                }
            });
            return roles.isEmpty() ? "<none>" : String.join(",", roles);
        }));
        columns.add(age());
        columns.add(new Column("Version", "string", 0, "Kubelet version.", o -> o.path("status").path("nodeInfo")
                .path("kubeletVersion").asText("")));
        columns.add(text("Internal-IP", 1, o -> address(o, "InternalIP")));
        columns.add(text("External-IP", 1, o -> address(o, "ExternalIP")));
        columns.add(text("OS-Image", 1, o -> o.path("status").path("nodeInfo").path("osImage").asText("<unknown>")));
        columns.add(text("Kernel-Version", 1,
                o -> o.path("status").path("nodeInfo").path("kernelVersion").asText("<unknown>")));
        columns.add(text("Container-Runtime", 1,
                o -> o.path("status").path("nodeInfo").path("containerRuntimeVersion").asText("<unknown>")));
    }

    private static String address(JsonNode node, String type) {
        for (JsonNode address : node.path("status").path("addresses")) {
            if (type.equals(address.path("type").asText())) {
                return address.path("address").asText();
            }
        }
        return "<none>";
    }

    private void services(List<Column> columns) {
        columns.add(text("Type", 0, o -> o.path("spec").path("type").asText("ClusterIP")));
        columns.add(text("Cluster-IP", 0, o -> orNone(o.path("spec").path("clusterIP").asText(""))));
        columns.add(text("External-IP", 0, o -> {
            List<String> ips = new ArrayList<>();
            o.path("spec").path("externalIPs").forEach(ip -> ips.add(ip.asText()));
            o.path("status").path("loadBalancer").path("ingress").forEach(i -> ips.add(i.path("ip").asText()));
            if (!ips.isEmpty()) {
                return String.join(",", ips);
            }
            String type = o.path("spec").path("type").asText();
            return type.equals("LoadBalancer") ? "<pending>"
                    : type.equals("ExternalName") ? o.path("spec").path("externalName").asText() : "<none>";
        }));
        columns.add(text("Port(s)", 0, o -> {
            List<String> ports = new ArrayList<>();
            for (JsonNode port : o.path("spec").path("ports")) {
                String node = port.has("nodePort") ? ":" + port.path("nodePort").asInt() : "";
                ports.add(port.path("port").asInt() + node + "/" + port.path("protocol").asText("TCP"));
            }
            return ports.isEmpty() ? "<none>" : String.join(",", ports);
        }));
        columns.add(age());
        columns.add(text("Selector", 1, o -> {
            List<String> terms = new ArrayList<>();
            o.path("spec").path("selector").fields()
                    .forEachRemaining(e -> terms.add(e.getKey() + "=" + e.getValue().asText()));
            return terms.isEmpty() ? "<none>" : String.join(",", terms);
        }));
    }

    private static String endpoints(JsonNode endpoints) {
        List<String> shown = new ArrayList<>();
        for (JsonNode subset : endpoints.path("subsets")) {
            for (JsonNode address : subset.path("addresses")) {
                if (subset.path("ports").isEmpty()) {
                    shown.add(address.path("ip").asText());
                }
                for (JsonNode port : subset.path("ports")) {
                    shown.add(address.path("ip").asText() + ":" + port.path("port").asInt());
                }
            }
        }
        if (shown.isEmpty()) {
            return "<none>";
        }
        return shown.size() > 3 ? String.join(",", shown.subList(0, 3)) + " + " + (shown.size() - 3) + " more..."
                : String.join(",", shown);
    }

    /** The wide columns of kinds with a pod template: its containers, their images, the selector. */
    private static void workloadColumns(List<Column> columns, String templateField) {
        Function<JsonNode, JsonNode> template = o -> templateField.equals("jobTemplate")
                ? o.path("spec").path("jobTemplate").path("spec").path("template")
                : o.path("spec").path("template");
        columns.add(text("Containers", 1, o -> joined(template.apply(o).path("spec").path("containers"), "name")));
        columns.add(text("Images", 1, o -> joined(template.apply(o).path("spec").path("containers"), "image")));
        columns.add(text("Selector", 1, o -> {
            JsonNode selector = templateField.equals("jobTemplate")
                    ? o.path("spec").path("jobTemplate").path("spec").path("selector") : o.path("spec").path("selector");
            String query = LabelSelectors.toQuery(selector);
            return query.isEmpty() ? "<none>" : query;
        }));
    }

    private void jobs(List<Column> columns) {
        columns.add(text("Status", 0, o -> {
            for (JsonNode condition : o.path("status").path("conditions")) {
                if ("True".equals(condition.path("status").asText())) {
                    String type = condition.path("type").asText();
                    if (type.equals("Complete") || type.equals("Failed") || type.equals("Suspended")) {
                        return type;
                    }
                }
            }
            return "Running";
        }));
        columns.add(text("Completions", 0, o -> o.path("status").path("succeeded").asInt(0) + "/"
                + o.path("spec").path("completions").asInt(1)));
        columns.add(text("Duration", 0, o -> {
            String start = o.path("status").path("startTime").asText("");
            if (start.isEmpty()) {
                return "";
            }
            String end = o.path("status").path("completionTime").asText("");
            Instant until = end.isEmpty() ? clock.instant() : Instant.parse(end);
            return HumanDuration.of(Duration.between(Instant.parse(start), until));
        }));
        columns.add(age());
        workloadColumns(columns, "template");
    }

    private void cronJobs(List<Column> columns) {
        columns.add(text("Schedule", 0, o -> o.path("spec").path("schedule").asText()));
        columns.add(text("Timezone", 0, o -> o.path("spec").path("timeZone").asText("<none>")));
        columns.add(text("Suspend", 0, o -> Boolean.toString(o.path("spec").path("suspend").asBoolean(false))));
        columns.add(number("Active", 0, o -> o.path("status").path("active").size()));
        columns.add(text("Last Schedule", 0, o -> {
            String last = o.path("status").path("lastScheduleTime").asText("");
            return last.isEmpty() ? "<none>" : HumanDuration.of(Duration.between(Instant.parse(last), clock.instant()));
        }));
        columns.add(age());
        workloadColumns(columns, "jobTemplate");
    }

    private static void autoscalers(List<Column> columns) {
        columns.add(text("Reference", 0, o -> o.path("spec").path("scaleTargetRef").path("kind").asText() + "/"
                + o.path("spec").path("scaleTargetRef").path("name").asText()));
        columns.add(text("Targets", 0, TablePrinter::autoscalerTargets));
        columns.add(number("MinPods", 0, o -> o.path("spec").path("minReplicas").asInt(1)));
        columns.add(number("MaxPods", 0, o -> o.path("spec").path("maxReplicas").asInt(0)));
        columns.add(number("Replicas", 0, o -> o.path("status").path("currentReplicas").asInt(0)));
    }

    /** {@code cpu: 40%/80%}, from the v2 metrics, or the v1 CPU target. */
    private static String autoscalerTargets(JsonNode hpa) {
        JsonNode spec = hpa.path("spec");
        if (spec.has("targetCPUUtilizationPercentage")) {
            JsonNode current = hpa.path("status").path("currentCPUUtilizationPercentage");
            return "cpu: " + (current.isNumber() ? current.asInt() + "%" : "<unknown>") + "/"
                    + spec.path("targetCPUUtilizationPercentage").asInt() + "%";
        }
        List<String> targets = new ArrayList<>();
        for (JsonNode metric : spec.path("metrics")) {
            JsonNode resource = metric.path("resource");
            String name = resource.path("name").asText();
            String current = "<unknown>";
            for (JsonNode status : hpa.path("status").path("currentMetrics")) {
                if (name.equals(status.path("resource").path("name").asText())
                        && status.path("resource").path("current").has("averageUtilization")) {
                    current = status.path("resource").path("current").path("averageUtilization").asInt() + "%";
                }
            }
            JsonNode target = resource.path("target");
            String wanted = target.has("averageUtilization") ? target.path("averageUtilization").asInt() + "%"
                    : target.path("averageValue").asText(target.path("value").asText(""));
            targets.add(name + ": " + current + "/" + wanted);
        }
        return targets.isEmpty() ? "<none>" : String.join(", ", targets);
    }

    private static String slicePorts(JsonNode slice) {
        List<String> ports = new ArrayList<>();
        slice.path("ports").forEach(port -> ports.add(Integer.toString(port.path("port").asInt())));
        return ports.isEmpty() ? "<unset>" : String.join(",", ports);
    }

    private static String sliceEndpoints(JsonNode slice) {
        List<String> addresses = new ArrayList<>();
        slice.path("endpoints").forEach(e -> e.path("addresses").forEach(a -> addresses.add(a.asText())));
        if (addresses.isEmpty()) {
            return "<unset>";
        }
        return addresses.size() > 3 ? String.join(",", addresses.subList(0, 3)) + " + " + (addresses.size() - 3)
                + " more..." : String.join(",", addresses);
    }

    private void events(List<Column> columns) {
        columns.add(text("Last Seen", 0, o -> {
            String last = o.path("lastTimestamp").asText(o.path("eventTime").asText(
                    o.path("metadata").path("creationTimestamp").asText("")));
            return last.isEmpty() ? "<unknown>" : HumanDuration.of(Duration.between(Instant.parse(last),
                    clock.instant()));
        }));
        columns.add(text("Type", 0, o -> o.path("type").asText()));
        columns.add(text("Reason", 0, o -> o.path("reason").asText()));
        columns.add(text("Object", 0, o -> o.path("involvedObject").path("kind").asText().toLowerCase() + "/"
                + o.path("involvedObject").path("name").asText()));
        columns.add(text("Message", 0, o -> o.path("message").asText().trim()));
        columns.add(text("Source", 1, o -> o.path("source").path("component").asText(
                o.path("reportingComponent").asText(""))));
        columns.add(number("Count", 1, o -> o.path("count").asInt(1)));
        columns.add(text("Name", 1, o -> o.path("metadata").path("name").asText()));
    }

    private static String joined(JsonNode containers, String field) {
        List<String> values = new ArrayList<>();
        containers.forEach(c -> values.add(c.path(field).asText()));
        return String.join(",", values);
    }

    private static String orNone(String value) {
        return value.isEmpty() ? "<none>" : value;
    }

    private static Column text(String name, int priority, Function<JsonNode, Object> cell) {
        return new Column(name, "string", priority, name + ".", cell);
    }

    private static Column number(String name, int priority, Function<JsonNode, Object> cell) {
        return new Column(name, "integer", priority, name + ".", cell);
    }

    private Column age() {
        return new Column("Age", "string", 0, "Time since the object was created.", this::age);
    }

    private String age(JsonNode object) {
        String created = object.path("metadata").path("creationTimestamp").asText("");
        if (created.isEmpty()) {
            return "<unknown>";
        }
        return HumanDuration.of(Duration.between(Instant.parse(created), clock.instant()));
    }
}
