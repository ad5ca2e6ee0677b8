package io.kumos.placement.scheduling.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.kumos.grid.api.ApiClient;
import io.kumos.placement.scheduling.framework.Plugin;
import io.kumos.placement.scheduling.plugins.DefaultBinder;
import io.kumos.placement.scheduling.plugins.DefaultPreemption;
import io.kumos.placement.scheduling.plugins.ImageLocality;
import io.kumos.placement.scheduling.plugins.InterPodAffinity;
import io.kumos.placement.scheduling.plugins.NodeAffinity;
import io.kumos.placement.scheduling.plugins.NodeName;
import io.kumos.placement.scheduling.plugins.NodePorts;
import io.kumos.placement.scheduling.plugins.NodeReady;
import io.kumos.placement.scheduling.plugins.NodeResourcesBalancedAllocation;
import io.kumos.placement.scheduling.plugins.NodeResourcesFit;
import io.kumos.placement.scheduling.plugins.NodeUnschedulable;
import io.kumos.placement.scheduling.plugins.PodTopologySpread;
import io.kumos.placement.scheduling.plugins.PreferAvoidPods;
import io.kumos.placement.scheduling.plugins.PrioritySort;
import io.kumos.placement.scheduling.plugins.ScoringStrategy;
import io.kumos.placement.scheduling.plugins.TaintToleration;

/**
 * The plugins Kumos has, by name, each built from its {@code pluginConfig} args; and the default profile: upstream's
 * default plugins in upstream's order (which is the order filters run in), with Kumos' NodeReady and
 * PreferAvoidPods, and upstream's default score weights.
 */
public final class PluginRegistry {

    /** The default profile's plugins, in order (every extension point a plugin implements). */
    public static final List<String> DEFAULT_PLUGINS = List.of(PrioritySort.NAME, NodeUnschedulable.NAME,
            NodeName.NAME, NodeReady.NAME, TaintToleration.NAME, NodeAffinity.NAME, NodePorts.NAME,
            NodeResourcesFit.NAME, PodTopologySpread.NAME, InterPodAffinity.NAME, DefaultPreemption.NAME,
            NodeResourcesBalancedAllocation.NAME, ImageLocality.NAME, PreferAvoidPods.NAME, DefaultBinder.NAME);

    /** The default profile's score weights: upstream's, and 10000 for preferAvoidPods (upstream's former weight). */
    public static final Map<String, Integer> DEFAULT_WEIGHTS = Map.of(TaintToleration.NAME, 3, NodeAffinity.NAME, 2,
            PodTopologySpread.NAME, 2, InterPodAffinity.NAME, 2, NodeResourcesFit.NAME, 1,
            NodeResourcesBalancedAllocation.NAME, 1, ImageLocality.NAME, 1, PreferAvoidPods.NAME, 10000);

    private final ApiClient api;
    private final ObjectMapper json;

    public PluginRegistry(ApiClient api, ObjectMapper json) {
        this.api = api;
        this.json = json;
    }

    /**
     * A new instance of the named plugin.
     *
     * @param args its {@code pluginConfig[].args} (a missing node for none)
     */
    public Plugin create(String name, JsonNode args) {
        return switch (name) {
            case PrioritySort.NAME -> new PrioritySort();
            case NodeUnschedulable.NAME -> new NodeUnschedulable();
            case NodeName.NAME -> new NodeName();
            case NodeReady.NAME -> new NodeReady();
            case TaintToleration.NAME -> new TaintToleration();
            case NodeAffinity.NAME -> new NodeAffinity();
            case NodePorts.NAME -> new NodePorts();
            case NodeResourcesFit.NAME -> new NodeResourcesFit(strategy(args.path("scoringStrategy")));
            case PodTopologySpread.NAME -> new PodTopologySpread();
            case InterPodAffinity.NAME -> new InterPodAffinity();
            case DefaultPreemption.NAME -> new DefaultPreemption();
            case NodeResourcesBalancedAllocation.NAME -> new NodeResourcesBalancedAllocation(
                    resources(args.path("resources")).stream().map(ScoringStrategy.ResourceWeight::name).toList());
            case ImageLocality.NAME -> new ImageLocality();
            case PreferAvoidPods.NAME -> new PreferAvoidPods();
            case DefaultBinder.NAME -> new DefaultBinder(api, json);
            default -> throw new IllegalArgumentException("no scheduler plugin is named " + name + "; Kumos has "
                    + String.join(", ", DEFAULT_PLUGINS));
        };
    }

    /** {@code NodeResourcesFitArgs.scoringStrategy}: LeastAllocated over CPU and memory unless it says otherwise. */
    static ScoringStrategy strategy(JsonNode strategy) {
        if (strategy.isMissingNode()) {
            return ScoringStrategy.DEFAULT;
        }
        ScoringStrategy.Type type = switch (strategy.path("type").asText("LeastAllocated")) {
            case "LeastAllocated" -> ScoringStrategy.Type.LEAST_ALLOCATED;
            case "MostAllocated" -> ScoringStrategy.Type.MOST_ALLOCATED;
            case "RequestedToCapacityRatio" -> ScoringStrategy.Type.REQUESTED_TO_CAPACITY_RATIO;
            default -> throw new IllegalArgumentException("unknown scoringStrategy type "
                    + strategy.path("type").asText() + " (LeastAllocated, MostAllocated, RequestedToCapacityRatio)");
        };
        List<ScoringStrategy.ShapePoint> shape = new ArrayList<>();
        for (JsonNode point : strategy.path("requestedToCapacityRatio").path("shape")) {
            shape.add(new ScoringStrategy.ShapePoint(point.path("utilization").asInt(), point.path("score").asInt()));
        }
        return new ScoringStrategy(type, resources(strategy.path("resources")), shape);
    }

    /** A {@code resources} list of names and weights; CPU and memory, weighted 1, when absent. */
    private static List<ScoringStrategy.ResourceWeight> resources(JsonNode resources) {
        if (!resources.isArray() || resources.isEmpty()) {
            return ScoringStrategy.DEFAULT.resources();
        }
        List<ScoringStrategy.ResourceWeight> weights = new ArrayList<>();
        resources.forEach(resource -> weights.add(new ScoringStrategy.ResourceWeight(resource.path("name").asText(),
                resource.path("weight").asInt(1))));
        return weights;
    }
}
