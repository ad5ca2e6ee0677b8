package io.kumos.gateway.patch;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.fabric8.kubernetes.api.model.StatusCause;
import io.kumos.gateway.schema.ModelSchema;
import io.kumos.gateway.status.ApiException;

/**
 * Server-side apply and the field ownership it rests on ({@code metadata.managedFields}), as kube-apiserver keeps
 * it:
 * <ul>
 * <li>an apply makes the manager own exactly the fields of its configuration: they are merged into the object
 * (lists by their keys), and the fields it applied before but no longer does are removed unless another manager
 * owns them;</li>
 * <li>a field another manager owns with a different value is a conflict (409), unless {@code force} takes it
 * over;</li>
 * <li>any other write (create, update, patch) makes its manager the owner of the fields it changed.</li>
 * </ul>
 */
@ApplicationScoped
public class ServerSideApply {

    private static final String APPLY = "Apply";
    private static final String UPDATE = "Update";

    private final FieldPaths paths;
    private final StrategicMergePatch merge;

    public ServerSideApply(ModelSchema schema, StrategicMergePatch merge) {
        this.paths = new FieldPaths(schema);
        this.merge = merge;
    }

    /** One managedFields entry: who, how, and the fields. */
    private record Entry(String manager, String operation, String apiVersion, String time, String subresource,
            Set<List<String>> fields) {

        boolean is(String who, String how, String sub) {
            return manager.equals(who) && operation.equals(how) && subresource.equals(sub);
        }
    }

    /**
     * The object that applying {@code config} makes of {@code live} (null: there is none yet), with its
     * managedFields; neither argument is changed.
     */
    public ObjectNode apply(ObjectNode live, ObjectNode config, Class<?> model, String manager, boolean force) {
        String apiVersion = config.path("apiVersion").asText();
        Set<List<String>> applied = paths.of(config, model);
        if (live == null) {
            ObjectNode created = config.deepCopy();
            write(created, List.of(new Entry(manager, APPLY, apiVersion, now(), "", applied)));
            return created;
        }
        List<Entry> entries = read(live);
        List<String> conflicts = new ArrayList<>();
        List<StatusCause> causes = new ArrayList<>();
        for (Entry entry : entries) {
            if (entry.is(manager, APPLY, "")) {
                continue;
            }
            for (List<String> path : new ArrayList<>(entry.fields())) {
                if (!applied.contains(path)
                        || Objects.equals(FieldPaths.valueAt(config, path), FieldPaths.valueAt(live, path))) {
                    continue;
                }
                if (force) {
                    entry.fields().remove(path);
                } else {
                    String field = FieldPaths.describe(path);
                    conflicts.add("conflict with \"" + entry.manager() + "\""
                            + (entry.operation().equals(UPDATE) ? " using " + entry.apiVersion() : "") + ": " + field);
                    causes.add(ApiException.fieldCause("FieldManagerConflict", field,
                            "conflict with \"" + entry.manager() + "\"" + (entry.operation().equals(UPDATE)
                                    ? " using " + entry.apiVersion() : "")));
                }
            }
        }
        if (!conflicts.isEmpty()) {
            throw ApiException.conflictWithCauses("Apply failed with " + conflicts.size() + " conflict"
                    + (conflicts.size() == 1 ? "" : "s") + ": " + String.join("\n", conflicts), causes);
        }
        ObjectNode merged = merge.apply(live, config, model);
        Set<List<String>> before = entries.stream().filter(e -> e.is(manager, APPLY, "")).findFirst()
                .map(Entry::fields).orElse(Set.of());
        Set<List<String>> ownedByOthers = new HashSet<>();
        entries.stream().filter(e -> !e.is(manager, APPLY, "")).forEach(e -> ownedByOthers.addAll(e.fields()));
        for (List<String> path : before) {
            if (!applied.contains(path) && !ownedByOthers.contains(path)) {
                FieldPaths.remove(merged, path);
            }
        }
        List<Entry> next = new ArrayList<>();
        for (Entry entry : entries) {
            if (!entry.is(manager, APPLY, "") && !entry.fields().isEmpty()) {
                next.add(entry);
            }
        }
        next.add(new Entry(manager, APPLY, apiVersion, now(), "", applied));
        write(merged, next);
        return merged;
    }

    /**
     * Records a write other than an apply on {@code next} (changed in place): the fields it changed from
     * {@code old} (null on create) become {@code manager}'s; fields that are gone are nobody's.
     */
    public void recordUpdate(ObjectNode next, JsonNode old, Class<?> model, String manager, String subresource) {
        List<Entry> entries = old == null ? new ArrayList<>() : read(old);
        Set<List<String>> present = paths.of(next, model);
        Set<List<String>> changed = new LinkedHashSet<>();
        for (List<String> path : present) {
            if (old == null || !Objects.equals(FieldPaths.valueAt(next, path), FieldPaths.valueAt(old, path))) {
                changed.add(path);
            }
        }
        if (changed.isEmpty() && old != null && present.containsAll(owned(entries))) {
            write(next, entries);
            return;
        }
        List<Entry> updated = new ArrayList<>();
        Entry mine = null;
        for (Entry entry : entries) {
            entry.fields().retainAll(present);
            if (entry.is(manager, UPDATE, subresource)) {
                mine = entry;
            } else {
                entry.fields().removeAll(changed);
            }
            if (!entry.fields().isEmpty()) {
                updated.add(entry);
            }
        }
        if (!changed.isEmpty()) {
            Set<List<String>> fields = new LinkedHashSet<>(mine == null ? Set.of() : mine.fields());
            fields.addAll(changed);
            updated.remove(mine);
            updated.add(new Entry(manager, UPDATE, next.path("apiVersion").asText(), now(), subresource, fields));
        }
        write(next, updated);
    }

    private static Set<List<String>> owned(List<Entry> entries) {
        Set<List<String>> all = new HashSet<>();
        entries.forEach(e -> all.addAll(e.fields()));
        return all;
    }

    private static List<Entry> read(JsonNode object) {
        List<Entry> entries = new ArrayList<>();
        for (JsonNode entry : object.path("metadata").path("managedFields")) {
            entries.add(new Entry(entry.path("manager").asText(""), entry.path("operation").asText(UPDATE),
                    entry.path("apiVersion").asText(""), entry.path("time").asText(now()),
                    entry.path("subresource").asText(""),
                    new LinkedHashSet<>(FieldPaths.fromFieldsV1(entry.path("fieldsV1")))));
        }
        return entries;
    }

    private static void write(ObjectNode object, List<Entry> entries) {
        ObjectNode metadata = object.get("metadata") instanceof ObjectNode m ? m : object.putObject("metadata");
        if (entries.isEmpty()) {
            metadata.remove("managedFields");
            return;
        }
        Map<String, Entry> unique = new LinkedHashMap<>();
        entries.forEach(e -> unique.put(e.manager() + "/" + e.operation() + "/" + e.subresource(), e));
        ArrayNode list = JsonNodeFactory.instance.arrayNode();
        for (Entry entry : unique.values()) {
            ObjectNode node = list.addObject().put("manager", entry.manager()).put("operation", entry.operation())
                    .put("apiVersion", entry.apiVersion()).put("time", entry.time()).put("fieldsType", "FieldsV1");
            node.set("fieldsV1", FieldPaths.toFieldsV1(entry.fields()));
            if (!entry.subresource().isEmpty()) {
                node.put("subresource", entry.subresource());
            }
        }
        metadata.set("managedFields", list);
    }

    private static String now() {
        return Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
    }
}
