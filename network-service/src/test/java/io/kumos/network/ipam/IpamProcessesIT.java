package io.kumos.network.ipam;

import static io.kumos.network.ipam.LedgerKey.IP;
import static io.kumos.network.ipam.LedgerKey.POD;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.infinispan.client.hotrod.RemoteCacheManager;
import org.infinispan.commons.util.CloseableIterator;
import org.junit.jupiter.api.Test;

import io.kumos.grid.informers.SharedInformers;
import io.kumos.grid.ipam.IpamLease;
import io.kumos.network.NetworkConfig;
import io.kumos.testing.KumosInfraResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * IPAM across OS processes sharing the real grid, as network-service replicas do: several JVMs and threads racing
 * never share a subnet or an address, and a process killed with {@code kill -9} mid-allocation leaks nothing once
 * the reconciler has run.
 */
@QuarkusTest
@WithTestResource(KumosInfraResource.class)
class IpamProcessesIT {

    private static final Duration START = Duration.ofSeconds(60);
    private static final List<String> RACING_NODES = List.of("race-node-0", "race-node-1", "race-node-2",
            "race-node-3", "race-node-4", "race-node-5");

    @Inject
    Ipam ipam;

    @Inject
    IpamReconciler reconciler;

    @Inject
    NetworkConfig config;

    @Inject
    RemoteCacheManager grid;

    @Inject
    SharedInformers informers;

    @ConfigProperty(name = "quarkus.infinispan-client.hosts")
    String gridHosts;

    @Test
    void processesAndThreadsNeverShareASubnetOrAnAddress() throws Exception {
        Cidr shared = ipam.subnetOf("shared-node");
        List<AllocatorJvm> processes = new ArrayList<>();
        try {
            for (int p = 0; p < 3; p++) {
                List<String> command = new ArrayList<>(List.of("allocate", "shared-node", "proc" + p + "-pod-", "40",
                        "2"));
                command.addAll(RACING_NODES);
                processes.add(AllocatorJvm.start(gridHosts, config, command.toArray(String[]::new)));
            }
            for (AllocatorJvm process : processes) {
                process.awaitLines("ready", 1, START);
            }
            processes.forEach(AllocatorJvm::go);
            Map<String, Set<String>> subnets = new HashMap<>();
            List<String> addresses = new ArrayList<>(allocateHere(subnets));
            for (AllocatorJvm process : processes) {
                assertEquals(0, process.finish(START), "the allocating process failed; see its log in target/");
                process.linesStartingWith("address").forEach(line -> addresses.add(line[2]));
                process.linesStartingWith("subnet").forEach(line -> subnets.computeIfAbsent(line[1],
                        node -> new HashSet<>()).add(line[2]));
            }

            assertEquals(3 * 40 + 4 * 20, addresses.size(), "every pod got an address");
            assertEquals(addresses.size(), Set.copyOf(addresses).size(), "no address given twice: " + addresses);
            addresses.forEach(address -> assertTrue(shared.contains(address), address + " outside " + shared));
            Set<String> distinct = new HashSet<>(Set.of(shared.toString()));
            subnets.forEach((node, given) -> {
                assertEquals(1, given.size(), node + " got one subnet, whoever asked: " + given);
                assertTrue(distinct.add(given.iterator().next()), "no subnet given twice: " + subnets);
            });
            assertEquals(RACING_NODES.size(), subnets.size());
        } finally {
            processes.forEach(AllocatorJvm::close);
        }
    }

    /** This JVM's share of the race: 4 threads, 20 pods each, and the racing nodes' subnets. */
    private List<String> allocateHere(Map<String, Set<String>> subnets) throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(4);
        List<Future<String>> addresses = new ArrayList<>();
        List<Future<Cidr>> claims = new ArrayList<>();
        for (int i = 0; i < 4 * 20; i++) {
            String pod = "jvm-pod-" + i;
            addresses.add(threads.submit(() -> ipam.addressOf(pod, "shared-node")));
            if (i < RACING_NODES.size()) {
                String node = RACING_NODES.get(RACING_NODES.size() - 1 - i);
                claims.add(threads.submit(() -> ipam.subnetOf(node)));
            }
        }
        List<String> given = new ArrayList<>();
        for (Future<String> address : addresses) {
            given.add(address.get());
        }
        for (int i = 0; i < claims.size(); i++) {
            subnets.computeIfAbsent(RACING_NODES.get(RACING_NODES.size() - 1 - i), node -> new HashSet<>())
                    .add(claims.get(i).get().toString());
        }
        threads.shutdown();
        return given;
    }

    @Test
    void aProcessKilledMidAllocationLeaksNothingAfterReconciliation() throws Exception {
        Cidr subnet = ipam.subnetOf("kill-node");
        Map<String, String> held;
        try (AllocatorJvm process = AllocatorJvm.start(gridHosts, config, "churn", "kill-node", "kill-pod-", "12",
                "60")) {
            process.awaitLines("ready", 1, START).go();
            process.awaitLines("address", 60, START);
            process.kill();
            held = heldWhenKilled(process);
        }
        // Every second pod it still held is running; the others, and any it was allocating when killed, are not.
        Map<String, String> running = new LinkedHashMap<>();
        int index = 0;
        for (Map.Entry<String, String> pod : held.entrySet()) {
            if (index++ % 2 == 0) {
                running.put(pod.getKey(), pod.getValue());
            }
        }
        ClusterFixture cluster = new ClusterFixture(grid, informers).projected();
        running.keySet().forEach(cluster::pod);
        assertFalse(unaccounted(subnet, running).isEmpty(), "the killed process left leases no running pod holds");

        reconciler.reconcile(Instant.now().plus(config.orphanGrace()).plusSeconds(1));

        assertEquals(List.of(), unaccounted(subnet, running), "leases no running pod holds, after reconciliation");
        running.forEach((uid, address) -> {
            IpamLease record = ipam.ledger().get(POD.of(uid));
            assertNotNull(record, "running pod " + uid + " kept its address");
            assertEquals(address, record.value());
            assertEquals(uid, ipam.ledger().get(IP.of(address)).holder());
        });
    }

    /** The pods the process had been given an address and had not started to give it back, by uid. */
    private static Map<String, String> heldWhenKilled(AllocatorJvm process) {
        Map<String, String> held = new LinkedHashMap<>();
        process.linesStartingWith("address").forEach(line -> held.put(line[1], line[2]));
        process.linesStartingWith("releasing").forEach(line -> held.remove(line[1]));
        return held;
    }

    /** The ledger's leases in the subnet, and kill-pod records, that no running pod accounts for. */
    private List<String> unaccounted(Cidr subnet, Map<String, String> running) {
        List<String> unaccounted = new ArrayList<>();
        ledger().forEach((key, lease) -> {
            boolean inSubnet = IP.matches(key) && subnet.contains(IP.nameIn(key));
            boolean killedPods = POD.matches(key) && lease.holder().startsWith("kill-pod-");
            String address = POD.matches(key) ? lease.value() : IP.nameIn(key);
            if ((inSubnet || killedPods) && !address.equals(running.get(lease.holder()))) {
                unaccounted.add(key + " held by " + lease.holder());
            }
        });
        return unaccounted;
    }

    private Map<String, IpamLease> ledger() {
        Map<String, IpamLease> ledger = new HashMap<>();
        try (CloseableIterator<Map.Entry<String, IpamLease>> entries = ipam.ledger().entrySet().iterator()) {
            entries.forEachRemaining(entry -> ledger.put(entry.getKey(), entry.getValue()));
        }
        return ledger;
    }
}
