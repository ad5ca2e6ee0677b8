package io.kumos.placement.scheduling.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import io.kumos.placement.scheduling.framework.BindPlugin;
import io.kumos.placement.scheduling.framework.FilterPlugin;
import io.kumos.placement.scheduling.framework.PermitPlugin;
import io.kumos.placement.scheduling.framework.Plugin;
import io.kumos.placement.scheduling.framework.PostFilterPlugin;
import io.kumos.placement.scheduling.framework.PreFilterPlugin;
import io.kumos.placement.scheduling.framework.PreScorePlugin;
import io.kumos.placement.scheduling.framework.Profile;
import io.kumos.placement.scheduling.framework.QueueSortPlugin;
import io.kumos.placement.scheduling.framework.ReservePlugin;
import io.kumos.placement.scheduling.framework.ScorePlugin;

/**
 * Scheduler profiles from a {@code KubeSchedulerConfiguration} ({@code kubescheduler.config.k8s.io/v1}, YAML or
 * JSON), as kube-scheduler reads one: {@code percentageOfNodesToScore}, and per {@code profiles[]} entry its
 * {@code schedulerName} (default {@code default-scheduler}), {@code percentageOfNodesToScore}, {@code plugins} and
 * {@code pluginConfig}. Each profile starts from the default plugins ({@link PluginRegistry}); {@code multiPoint}
 * enables or disables a plugin at every point it implements, each point's own {@code enabled}/{@code disabled}
 * (a name, or {@code "*"} for all) then adjusts that point, and a score plugin's {@code weight} replaces its default.
 * No document: one default profile.
 */
public final class SchedulerConfiguration {

    private static final List<String> POINTS = List.of("queueSort", "preFilter", "filter", "postFilter",
            "preScore", "score", "reserve", "permit", "bind");

    private final PluginRegistry registry;

    public SchedulerConfiguration(PluginRegistry registry) {
        this.registry = registry;
    }

    /** The profiles of the file at this path (YAML or JSON). */
    public List<Profile> read(Path file) {
        try {
            return profiles(new ObjectMapper(new YAMLFactory()).readTree(Files.readString(file)));
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the scheduler configuration " + file + ": "
                    + e.getMessage(), e);
        }
    }

    /** The default profile alone. */
    public List<Profile> defaults() {
        return profiles(MissingNode.getInstance());
    }

    /** The profiles of a KubeSchedulerConfiguration document; a missing one gives the default profile. */
    public List<Profile> profiles(JsonNode document) {
        int percentage = document.path("percentageOfNodesToScore").asInt(0);
        List<JsonNode> entries = new ArrayList<>();
        document.path("profiles").forEach(entries::add);
        if (entries.isEmpty()) {
            entries.add(MissingNode.getInstance());
        }
        List<Profile> profiles = new ArrayList<>();
        for (JsonNode entry : entries) {
            profiles.add(profile(entry, percentage));
        }
        return profiles;
    }

    private Profile profile(JsonNode entry, int globalPercentage) {
        String name = entry.path("schedulerName").asText("default-scheduler");
        JsonNode plugins = entry.path("plugins");
        Map<String, JsonNode> args = new HashMap<>();
        entry.path("pluginConfig").forEach(config -> args.put(config.path("name").asText(), config.path("args")));
        Map<String, Integer> weights = new HashMap<>(PluginRegistry.DEFAULT_WEIGHTS);
        LinkedHashMap<String, Plugin> multiPoint = new LinkedHashMap<>();
        for (String plugin : adjusted(PluginRegistry.DEFAULT_PLUGINS, plugins.path("multiPoint"), weights)) {
            multiPoint.put(plugin, registry.create(plugin, args.getOrDefault(plugin, MissingNode.getInstance())));
        }
        Map<String, List<Plugin>> byPoint = new HashMap<>();
        for (String point : POINTS) {
            List<String> enabled = multiPoint.values().stream().filter(implementing(point)).map(Plugin::name).toList();
            List<Plugin> instances = new ArrayList<>();
            for (String plugin : adjusted(enabled, plugins.path(point), weights)) {
                instances.add(multiPoint.computeIfAbsent(plugin, key -> registry.create(key,
                        args.getOrDefault(key, MissingNode.getInstance()))));
            }
            byPoint.put(point, instances);
        }
        List<QueueSortPlugin> sorts = cast(byPoint.get("queueSort"), QueueSortPlugin.class);
        List<Profile.WeightedScore> scores = cast(byPoint.get("score"), ScorePlugin.class).stream()
                .map(plugin -> new Profile.WeightedScore(plugin, weights.getOrDefault(plugin.name(), 1))).toList();
        if (sorts.size() != 1) {
            throw new IllegalArgumentException("profile " + name + " must have exactly one queueSort plugin, not "
                    + sorts.size());
        }
        return new Profile(name, sorts.get(0), cast(byPoint.get("preFilter"), PreFilterPlugin.class),
                cast(byPoint.get("filter"), FilterPlugin.class),
                cast(byPoint.get("postFilter"), PostFilterPlugin.class),
                cast(byPoint.get("preScore"), PreScorePlugin.class), scores,
                cast(byPoint.get("reserve"), ReservePlugin.class), cast(byPoint.get("permit"), PermitPlugin.class),
                cast(byPoint.get("bind"), BindPlugin.class),
                entry.path("percentageOfNodesToScore").asInt(globalPercentage));
    }

    /** The plugin names after a point's {@code disabled} and {@code enabled}; enabled weights are noted. */
    private static List<String> adjusted(List<String> plugins, JsonNode point, Map<String, Integer> weights) {
        List<String> result = new ArrayList<>(plugins);
        for (JsonNode disabled : point.path("disabled")) {
            String name = disabled.path("name").asText();
            if (name.equals("*")) {
                result.clear();
            } else {
                result.remove(name);
            }
        }
        for (JsonNode enabled : point.path("enabled")) {
            String name = enabled.path("name").asText();
            result.remove(name);
            result.add(name);
            if (enabled.has("weight")) {
                weights.put(name, enabled.path("weight").asInt());
            }
        }
        return result;
    }

    private static Predicate<Plugin> implementing(String point) {
        Class<?> type = switch (point) {
            case "queueSort" -> QueueSortPlugin.class;
            case "preFilter" -> PreFilterPlugin.class;
            case "filter" -> FilterPlugin.class;
            case "postFilter" -> PostFilterPlugin.class;
            case "preScore" -> PreScorePlugin.class;
            case "score" -> ScorePlugin.class;
            case "reserve" -> ReservePlugin.class;
            case "permit" -> PermitPlugin.class;
            default -> BindPlugin.class;
        };
        return type::isInstance;
    }

    private static <T> List<T> cast(List<Plugin> plugins, Class<T> type) {
        List<T> cast = new ArrayList<>();
        for (Plugin plugin : plugins) {
            if (!type.isInstance(plugin)) {
                throw new IllegalArgumentException("plugin " + plugin.name() + " is not a " + type.getSimpleName());
            }
            cast.add(type.cast(plugin));
        }
        return cast;
    }
}
