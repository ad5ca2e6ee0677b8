package io.kumos.placement.scheduling.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.kumos.placement.scheduling.framework.Fixtures;
import io.kumos.placement.scheduling.framework.Plugin;
import io.kumos.placement.scheduling.framework.Profile;

class SchedulerConfigurationTest {

    private final SchedulerConfiguration configuration = new SchedulerConfiguration(
            new PluginRegistry(null, Fixtures.JSON));

    private static Map<String, Integer> weights(Profile profile) {
        return profile.scores().stream().collect(Collectors.toMap(score -> score.plugin().name(),
                Profile.WeightedScore::weight));
    }

    @Test
    void theDefaultProfileHasUpstreamsPluginsOrderAndWeights() {
        Profile profile = configuration.defaults().get(0);
        assertEquals("default-scheduler", profile.schedulerName());
        assertEquals(List.of("NodeUnschedulable", "NodeName", "NodeReady", "TaintToleration", "NodeAffinity",
                "NodePorts", "NodeResourcesFit", "PodTopologySpread", "InterPodAffinity"),
                profile.filters().stream().map(Plugin::name).toList());
        assertEquals(Map.of("TaintToleration", 3, "NodeAffinity", 2, "NodeResourcesFit", 1, "PodTopologySpread", 2,
                "InterPodAffinity", 2, "NodeResourcesBalancedAllocation", 1, "ImageLocality", 1,
                "PreferAvoidPods", 10000), weights(profile));
        assertEquals(List.of("DefaultPreemption"), profile.postFilters().stream().map(Plugin::name).toList());
        assertEquals(List.of("DefaultBinder"), profile.binders().stream().map(Plugin::name).toList());
        assertEquals(0, profile.percentageOfNodesToScore());
    }

    @Test
    void aKubeSchedulerConfigurationFileSetsProfilesWeightsAndArgs(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("scheduler.yaml");
        Files.writeString(file, """
                apiVersion: kubescheduler.config.k8s.io/v1
                kind: KubeSchedulerConfiguration
                percentageOfNodesToScore: 30
                profiles:
                - schedulerName: default-scheduler
                  plugins:
                    score:
                      disabled:
                      - name: ImageLocality
                      enabled:
                      - name: NodeResourcesFit
                        weight: 5
                - schedulerName: bin-packing
                  percentageOfNodesToScore: 70
                  plugins:
                    multiPoint:
                      disabled:
                      - name: NodeResourcesBalancedAllocation
                  pluginConfig:
                  - name: NodeResourcesFit
                    args:
                      scoringStrategy:
                        type: MostAllocated
                        resources:
                        - name: cpu
                          weight: 2
                        - name: memory
                          weight: 1
                """);
        List<Profile> profiles = configuration.read(file);
        assertEquals(List.of("default-scheduler", "bin-packing"), profiles.stream().map(Profile::schedulerName).toList());
        Map<String, Integer> first = weights(profiles.get(0));
        assertEquals(5, first.get("NodeResourcesFit"));
        assertTrue(!first.containsKey("ImageLocality"));
        assertEquals(30, profiles.get(0).percentageOfNodesToScore());
        assertTrue(!weights(profiles.get(1)).containsKey("NodeResourcesBalancedAllocation"));
        assertEquals(70, profiles.get(1).percentageOfNodesToScore());
    }

    @Test
    void aBadConfigurationIsRefusedSayingWhy() {
        assertThrows(IllegalArgumentException.class, () -> configuration.profiles(Fixtures.json(
                "{'profiles':[{'plugins':{'score':{'enabled':[{'name':'NoSuchPlugin'}]}}}]}")));
        IllegalArgumentException weight = assertThrows(IllegalArgumentException.class, () -> configuration.profiles(
                Fixtures.json("{'profiles':[{'plugins':{'score':{'enabled':[{'name':'NodeAffinity','weight':0}]}}}]}")));
        assertEquals("the weight of score plugin NodeAffinity must be positive, not 0", weight.getMessage());
        assertThrows(IllegalArgumentException.class, () -> configuration.profiles(Fixtures.json(
                "{'profiles':[{'plugins':{'queueSort':{'disabled':[{'name':'*'}]}}}]}")));
        assertThrows(IllegalArgumentException.class, () -> configuration.profiles(Fixtures.json(
                "{'profiles':[{'pluginConfig':[{'name':'NodeResourcesFit','args':{'scoringStrategy':"
                        + "{'type':'RequestedToCapacityRatio'}}}]}]}")), "RequestedToCapacityRatio needs a shape");
    }

    @Test
    void requestedToCapacityRatioReadsItsShape() {
        var strategy = PluginRegistry.strategy(Fixtures.json("{'type':'RequestedToCapacityRatio',"
                + "'requestedToCapacityRatio':{'shape':[{'utilization':0,'score':0},{'utilization':100,'score':10}]}}"));
        assertEquals(2, strategy.shape().size());
        assertEquals(2, strategy.resources().size(), "cpu and memory by default");
    }
}
