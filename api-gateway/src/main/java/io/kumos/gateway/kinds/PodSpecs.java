package io.kumos.gateway.kinds;

import static io.kumos.gateway.kinds.Nodes.defaultBoolean;
import static io.kumos.gateway.kinds.Nodes.defaultInt;
import static io.kumos.gateway.kinds.Nodes.defaultText;
import static io.kumos.gateway.kinds.Nodes.object;
import static io.kumos.gateway.kinds.Nodes.objects;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Pod specs wherever they occur (pods, and the templates of deployments, replica sets, jobs and cron jobs):
 * Kubernetes' defaulting, which {@code kubectl describe} prints, and its validation.
 */
final class PodSpecs {

    private static final List<String> RESTART_POLICIES = List.of("Always", "OnFailure", "Never");
    private static final List<String> DNS_POLICIES =
            List.of("ClusterFirstWithHostNet", "ClusterFirst", "Default", "None");
    private static final List<String> PULL_POLICIES = List.of("Always", "IfNotPresent", "Never");
    private static final List<String> PROTOCOLS = List.of("TCP", "UDP", "SCTP");

    private PodSpecs() {
    }

    /** SetDefaults_PodSpec and its containers, as the apiserver applies them. */
    static void applyDefaults(ObjectNode spec) {
        defaultText(spec, "restartPolicy", "Always");
        defaultText(spec, "dnsPolicy", "ClusterFirst");
        defaultText(spec, "schedulerName", "default-scheduler");
        defaultInt(spec, "terminationGracePeriodSeconds", 30);
        object(spec, "securityContext");
        if (!Nodes.missing(spec, "serviceAccount") && Nodes.missing(spec, "serviceAccountName")) {
            spec.put("serviceAccountName", spec.get("serviceAccount").asText());
        }
        for (String list : List.of("initContainers", "containers")) {
            for (ObjectNode container : objects(spec, list)) {
                container(container);
            }
        }
    }

    private static void container(ObjectNode container) {
        if (Nodes.missing(container, "imagePullPolicy")) {
            String image = container.path("image").asText("");
            String afterSlash = image.substring(image.lastIndexOf('/') + 1);
            boolean latest = !image.contains("@") && (!afterSlash.contains(":") || afterSlash.endsWith(":latest"));
            container.put("imagePullPolicy", latest ? "Always" : "IfNotPresent");
        }
        defaultText(container, "terminationMessagePath", "/dev/termination-log");
        defaultText(container, "terminationMessagePolicy", "File");
        ObjectNode resources = object(container, "resources");
        // Requests default to limits, so that a container with limits only is Guaranteed.
        if (resources.get("limits") instanceof ObjectNode limits && !limits.isEmpty()) {
            ObjectNode requests = object(resources, "requests");
            limits.fields().forEachRemaining(limit -> {
                if (!requests.has(limit.getKey())) {
                    requests.set(limit.getKey(), limit.getValue());
                }
            });
        }
        for (ObjectNode port : objects(container, "ports")) {
            defaultText(port, "protocol", "TCP");
        }
        for (String probe : List.of("livenessProbe", "readinessProbe", "startupProbe")) {
            if (container.get(probe) instanceof ObjectNode p) {
                defaultInt(p, "timeoutSeconds", 1);
                defaultInt(p, "periodSeconds", 10);
                defaultInt(p, "successThreshold", 1);
                defaultInt(p, "failureThreshold", 3);
                if (p.get("httpGet") instanceof ObjectNode http) {
                    defaultText(http, "path", "/");
                    defaultText(http, "scheme", "HTTP");
                }
            }
        }
    }

    /** Pod-level defaults that only real pods get (templates leave them to the pods made from them). */
    static void applyPodOnlyDefaults(ObjectNode spec) {
        defaultText(spec, "serviceAccountName", "default");
        defaultText(spec, "serviceAccount", spec.path("serviceAccountName").asText());
        defaultBoolean(spec, "enableServiceLinks", true);
        defaultText(spec, "preemptionPolicy", "PreemptLowerPriority");
        defaultInt(spec, "priority", 0);
    }

    static void validate(JsonNode spec, String path, FieldErrors errors) {
        JsonNode containers = spec.path("containers");
        if (!containers.isArray() || containers.isEmpty()) {
            errors.required(path + ".containers", "");
        }
        Set<String> names = new HashSet<>();
        for (String list : List.of("initContainers", "containers")) {
            int i = 0;
            for (JsonNode container : spec.path(list)) {
                container(container, path + "." + list + "[" + i++ + "]", names, errors);
            }
        }
        JsonNode restartPolicy = spec.path("restartPolicy");
        if (!RESTART_POLICIES.contains(restartPolicy.asText())) {
            errors.notSupported(path + ".restartPolicy", restartPolicy, RESTART_POLICIES);
        }
        JsonNode dnsPolicy = spec.path("dnsPolicy");
        if (!DNS_POLICIES.contains(dnsPolicy.asText())) {
            errors.notSupported(path + ".dnsPolicy", dnsPolicy, DNS_POLICIES);
        }
        JsonNode grace = spec.path("terminationGracePeriodSeconds");
        if (grace.isNumber() && grace.asLong() < 0) {
            errors.invalid(path + ".terminationGracePeriodSeconds", grace, "must be greater than or equal to 0");
        }
    }

    private static void container(JsonNode container, String path, Set<String> names, FieldErrors errors) {
        JsonNode name = container.path("name");
        if (name.asText("").isEmpty()) {
            errors.required(path + ".name", "");
        } else if (!DnsNames.isLabel(name.asText())) {
            errors.invalid(path + ".name", name, DnsNames.LABEL_RULE);
        } else if (!names.add(name.asText())) {
            errors.duplicate(path + ".name", name);
        }
        if (container.path("image").asText("").isBlank()) {
            errors.required(path + ".image", "");
        }
        JsonNode pullPolicy = container.path("imagePullPolicy");
        if (!PULL_POLICIES.contains(pullPolicy.asText())) {
            errors.notSupported(path + ".imagePullPolicy", pullPolicy, PULL_POLICIES);
        }
        int i = 0;
        for (JsonNode port : container.path("ports")) {
            String portPath = path + ".ports[" + i++ + "]";
            JsonNode number = port.path("containerPort");
            if (!number.isInt() || number.asInt() < 1 || number.asInt() > 65535) {
                errors.invalid(portPath + ".containerPort", number, "must be between 1 and 65535, inclusive");
            }
            JsonNode protocol = port.path("protocol");
            if (!PROTOCOLS.contains(protocol.asText())) {
                errors.notSupported(portPath + ".protocol", protocol, PROTOCOLS);
            }
        }
        i = 0;
        for (JsonNode env : container.path("env")) {
            if (env.path("name").asText("").isEmpty()) {
                errors.required(path + ".env[" + i + "].name", "");
            }
            i++;
        }
    }

    /** The pod's quality of service class, from its containers' requests and limits. */
    static String qosClass(JsonNode spec) {
        boolean any = false;
        boolean guaranteed = true;
        for (String list : List.of("initContainers", "containers")) {
            for (JsonNode container : spec.path(list)) {
                JsonNode requests = container.path("resources").path("requests");
                JsonNode limits = container.path("resources").path("limits");
                any |= requests.size() > 0 || limits.size() > 0;
                for (String resource : List.of("cpu", "memory")) {
                    JsonNode limit = limits.path(resource);
                    if (limit.isMissingNode() || !limit.equals(requests.path(resource))) {
                        guaranteed = false;
                    }
                }
            }
        }
        return !any ? "BestEffort" : guaranteed ? "Guaranteed" : "Burstable";
    }
}
