package io.kumos.gateway.kinds;

import java.util.Map;

/** The rules of each kind served; a kind not named here follows the common rules only. */
public final class Kinds {

    private static final KindRules COMMON = new KindRules() {
    };

    private static final Map<String, KindRules> RULES = Map.ofEntries(
            Map.entry("Namespace", new NamespaceRules()),
            Map.entry("Pod", new PodRules()),
            Map.entry("Service", new ServiceRules()),
            Map.entry("ConfigMap", new DataRules(false)),
            Map.entry("Secret", new DataRules(true)),
            Map.entry("Deployment", new DeploymentRules()),
            Map.entry("ReplicaSet", new ReplicaSetRules()),
            Map.entry("Job", new JobRules()),
            Map.entry("CronJob", new CronJobRules()),
            Map.entry("HorizontalPodAutoscaler", new HorizontalPodAutoscalerRules()),
            Map.entry("EndpointSlice", new EndpointSliceRules()));

    private Kinds() {
    }

    public static KindRules of(String kind) {
        return RULES.getOrDefault(kind, COMMON);
    }
}
