package io.kumos.agent.pods;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Network;

import io.kumos.agent.AgentConfig;
import io.kumos.agent.api.ObjectReads;
import io.kumos.agent.docker.DockerEngine;
import io.kumos.grid.api.ApiCallException;
import io.kumos.grid.api.ApiClient;
import io.kumos.grid.problems.OncePerObject;

/**
 * This node's share of the pod network: a Docker bridge network {@code <cluster>-<node>} over the node's pod subnet
 * (leased from network-service, recorded in the Node's {@code spec.podCIDR}), and one address of it per pod, also
 * from network-service. Several agents on one engine thus each have their own bridge and subnet, as separate hosts
 * would. With {@code kumos.agent.pod-network=cni} there is no Docker network: the sandbox is attached by the CNI
 * plugins ({@link SandboxNetwork}) to the node's bridge in the node's namespace. Blocking: pod workers only.
 */
@ApplicationScoped
public class PodNetwork {

    private static final Logger LOG = Logger.getLogger(PodNetwork.class);

    private final DockerEngine engine;
    private final ObjectReads reads;
    private final ApiClient network;
    private final String cluster;
    /** Failed address releases, told once per pod and reason. */
    private final OncePerObject releases = new OncePerObject(LOG);
    private volatile String readyFor;
    private final boolean cni;

    PodNetwork(DockerEngine engine, ObjectReads reads, AgentConfig config, ObjectMapper json) {
        this.engine = engine;
        this.reads = reads;
        this.network = new ApiClient(java.net.URI.create(config.networkUrl()), json, "kumos-node-agent");
        this.cluster = config.cluster();
        this.cni = config.podNetwork() == AgentConfig.PodNetworkMode.CNI;
    }

    /** The Docker network of this node's pods ({@code none} when the CNI plugins attach them). */
    public String name() {
        return cni ? "none" : cluster + "-" + engine.nodeName();
    }

    /**
     * Makes sure the bridge exists over the node's subnet, and answers it.
     *
     * @throws IllegalStateException while the node has no subnet yet
     */
    public String ensure() {
        String subnet = reads.ownNode()
                .map(node -> node.path("spec").path("podCIDR").asText(""))
                .filter(cidr -> !cidr.isEmpty())
                .orElseThrow(() -> new IllegalStateException("node " + engine.nodeName()
                        + " has no pod subnet yet (is network-service up?)"));
        if (subnet.equals(readyFor) || cni) {
            return subnet;
        }
        DockerClient docker = engine.client();
        Optional<Network> existing = find(docker);
        if (existing.isPresent() && !subnet.equals(subnetOf(existing.get()))) {
            LOG.warnf("Network %s has subnet %s but the node now holds %s: recreating it", name(),
                    subnetOf(existing.get()), subnet);
            docker.removeNetworkCmd(existing.get().getId()).exec();
            existing = Optional.empty();
        }
        if (existing.isEmpty()) {
            docker.createNetworkCmd().withName(name()).withDriver("bridge").withCheckDuplicate(true)
                    .withLabels(new ContainerLabels.Node(cluster, engine.nodeName()).selector())
                    .withIpam(new Network.Ipam().withConfig(new Network.Ipam.Config().withSubnet(subnet)
                            .withGateway(io.kumos.agent.network.CniPlugins.gateway(subnet))))
                    .exec();
            LOG.infof("Pod network %s created over %s", name(), subnet);
        }
        readyFor = subnet;
        return subnet;
    }

    /**
     * The pod's address in the node's subnet, leased from network-service (the same one each time it is asked). A
     * lease from outside the subnet (left from a subnet the node no longer holds) is given back and asked again.
     */
    public String addressOf(PodRef pod, String subnet) {
        for (int ask = 0; ask < 2; ask++) {
            String address = network.post("/network/v1/pods/" + pod.uid() + "/address?node=" + engine.nodeName())
                    .path("address").asText();
            if (contains(subnet, address)) {
                return address;
            }
            LOG.warnf("Pod %s holds address %s outside its node's subnet %s: giving it back", pod, address, subnet);
            release(pod.uid());
        }
        throw new IllegalStateException("network-service gives pod " + pod + " no address in " + subnet);
    }

    /** Whether an IPv4 address lies in a CIDR. */
    static boolean contains(String cidr, String address) {
        int slash = cidr.indexOf('/');
        int prefix = Integer.parseInt(cidr.substring(slash + 1));
        long mask = prefix == 0 ? 0 : 0xffffffffL << (32 - prefix) & 0xffffffffL;
        return (toLong(cidr.substring(0, slash)) & mask) == (toLong(address) & mask);
    }

    private static long toLong(String address) {
        long value = 0;
        for (String part : address.split("\\.")) {
            value = value << 8 | Integer.parseInt(part);
        }
        return value;
    }

    /** Gives the pod's address back; a network-service that does not answer leaves it to its reconciler. */
    public void release(String podUid) {
        try {
            network.delete("/network/v1/pods/" + podUid + "/address", null);
        } catch (ApiCallException e) {
            if (e.status() == 404) {
                LOG.debugf("The address of pod %s was released already", podUid);
                return;
            }
            releases.warn("the address of pod " + podUid, e.status() + " " + e.getMessage(), "Releasing the address "
                    + "of pod " + podUid + " failed (" + e.getMessage() + "); network-service's reconciler frees it "
                    + "once the pod is gone from the API");
        }
    }

    private Optional<Network> find(DockerClient docker) {
        try {
            return Optional.of(docker.inspectNetworkCmd().withNetworkId(name()).exec());
        } catch (NotFoundException e) {
            return Optional.empty();
        }
    }

    private static String subnetOf(Network network) {
        return network.getIpam() == null || network.getIpam().getConfig() == null
                || network.getIpam().getConfig().isEmpty() ? "" : network.getIpam().getConfig().get(0).getSubnet();
    }
}
