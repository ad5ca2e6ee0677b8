package io.kumos.gateway.kinds;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What a Service's type asks of the service network, as kube-apiserver reads a Service spec: which types have a
 * cluster IP, which have node ports, which get them allocated. Pure.
 */
public final class ServiceSpecs {

    private ServiceSpecs() {
    }

    /** Every type but ExternalName has a cluster IP field (which a headless Service sets to {@code None}). */
    public static boolean hasClusterIp(JsonNode spec) {
        return !"ExternalName".equals(spec.path("type").asText());
    }

    /** Whether the Service is headless: {@code clusterIP: None}, no address of its own. */
    public static boolean headless(JsonNode spec) {
        return "None".equals(clusterIp(spec));
    }

    /** Its cluster IP as the client wrote it: {@code clusterIP}, else the first of {@code clusterIPs}; "" if none. */
    public static String clusterIp(JsonNode spec) {
        String clusterIp = spec.path("clusterIP").asText("");
        return clusterIp.isEmpty() ? spec.path("clusterIPs").path(0).asText("") : clusterIp;
    }

    /** NodePort and LoadBalancer Services may have node ports. */
    public static boolean usesNodePorts(JsonNode spec) {
        String type = spec.path("type").asText();
        return type.equals("NodePort") || type.equals("LoadBalancer");
    }

    /**
     * Whether each port without a node port gets one allocated: NodePort Services, and LoadBalancer Services unless
     * {@code allocateLoadBalancerNodePorts: false}.
     */
    public static boolean allocatesNodePorts(JsonNode spec) {
        String type = spec.path("type").asText();
        return type.equals("NodePort")
                || (type.equals("LoadBalancer") && spec.path("allocateLoadBalancerNodePorts").asBoolean(true));
    }
}
