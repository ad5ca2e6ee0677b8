package io.kumos.placement.scheduling.framework;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A host port a container asks for. Two conflict, as upstream's {@code HostPortInfo} has it, when port and protocol
 * are the same and their host IPs are the same or either is the wildcard ({@code 0.0.0.0}, which an empty IP means).
 */
public record HostPort(String ip, String protocol, int port) {

    private static final String ANY = "0.0.0.0";

    public static List<HostPort> of(JsonNode pod) {
        List<HostPort> ports = new ArrayList<>();
        for (JsonNode container : pod.path("spec").path("containers")) {
            for (JsonNode port : container.path("ports")) {
                int hostPort = port.path("hostPort").asInt(0);
                if (hostPort > 0) {
                    String ip = port.path("hostIP").asText("");
                    ports.add(new HostPort(ip.isEmpty() ? ANY : ip, port.path("protocol").asText("TCP"), hostPort));
                }
            }
        }
        return ports;
    }

    public boolean conflicts(HostPort other) {
        return port == other.port && protocol.equals(other.protocol)
                && (ip.equals(other.ip) || ip.equals(ANY) || other.ip.equals(ANY));
    }
}
