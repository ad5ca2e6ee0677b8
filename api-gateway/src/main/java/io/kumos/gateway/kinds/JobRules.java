package io.kumos.gateway.kinds;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * batch/v1 Jobs: completion and retry defaults; a selector generated from the job's uid (unless
 * {@code manualSelector}); a template that restarts on failure or never; selector, template and completions fixed.
 */
final class JobRules implements KindRules {

    static final List<String> RESTART_POLICIES = List.of("OnFailure", "Never");

    @Override
    public void applyDefaults(ObjectNode job) {
        applySpecDefaults(Nodes.object(job, "spec"));
    }

    static void applySpecDefaults(ObjectNode spec) {
        if (Nodes.missing(spec, "completions") && Nodes.missing(spec, "parallelism")) {
            spec.put("completions", 1);
        }
        Nodes.defaultInt(spec, "parallelism", 1);
        Nodes.defaultInt(spec, "backoffLimit", 6);
        Nodes.defaultText(spec, "completionMode", "NonIndexed");
        Nodes.defaultBoolean(spec, "suspend", false);
        Templates.applyDefaults(spec);
    }

    @Override
    public void prepareForCreate(ObjectNode job) {
        ObjectNode spec = Nodes.object(job, "spec");
        if (!spec.path("manualSelector").asBoolean(false)) {
            ObjectNode metadata = Nodes.object(job, "metadata");
            String uid = metadata.path("uid").asText();
            String name = metadata.path("name").asText();
            spec.putObject("selector").putObject("matchLabels").put("batch.kubernetes.io/controller-uid", uid);
            ObjectNode labels = Nodes.object(Nodes.object(Nodes.object(spec, "template"), "metadata"), "labels");
            labels.put("batch.kubernetes.io/controller-uid", uid).put("batch.kubernetes.io/job-name", name)
                    .put("controller-uid", uid).put("job-name", name);
        }
        job.putObject("status");
    }

    @Override
    public void validate(ObjectNode job, FieldErrors errors) {
        JsonNode spec = job.path("spec");
        validateSpec(spec, "spec", errors);
        Templates.validateSelector(spec, "spec", errors);
    }

    static void validateSpec(JsonNode spec, String path, FieldErrors errors) {
        for (String field : List.of("parallelism", "completions", "backoffLimit", "activeDeadlineSeconds",
                "ttlSecondsAfterFinished")) {
            Templates.nonNegative(spec, field, path, errors);
        }
        Templates.validateTemplate(spec, path, errors);
        JsonNode restartPolicy = spec.path("template").path("spec").path("restartPolicy");
        if (!RESTART_POLICIES.contains(restartPolicy.asText())) {
            errors.notSupported(path + ".template.spec.restartPolicy", restartPolicy, RESTART_POLICIES);
        }
    }

    @Override
    public void validateUpdate(ObjectNode job, JsonNode old, FieldErrors errors) {
        JsonNode spec = job.path("spec");
        JsonNode before = old.path("spec");
        Templates.selectorIsImmutable(job, old, errors);
        errors.immutable("spec.template", spec.path("template"), before.path("template"));
        errors.immutable("spec.completions", spec.path("completions"), before.path("completions"));
    }

    @Override
    public boolean tracksGeneration() {
        return true;
    }
}
