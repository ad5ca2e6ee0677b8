package io.kumos.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kumos.testing.Command;
import io.kumos.testing.TestImages;

/**
 * A benchmark, not a test: the pod network's cost on {@code ./kumos up --nodes 2} with
 * {@code KUMOS_POD_NETWORK=overlay}, with each of its two backends, {@code vxlan} and {@code host-gw}. TCP throughput
 * ({@code iperf3}, 5 s, one stream) and round-trip time ({@code ping}, 200 echoes 10 ms apart) from a pod to a pod on
 * another node and to a pod on its own node (over the node's bridge), with the host's loopback as the baseline, in
 * {@value #ROUNDS} rounds (the median counts: the machine is shared and noisy). Each round measures both backends on
 * the same pods, switching by restarting both agents with the other backend ({@code KUMOS_OVERLAY_BACKEND} with
 * {@code ./kumos restart}), vxlan first in even rounds and host-gw first in odd ones; each switch is checked in the
 * node namespaces (the other backend's device or routes gone, this one's there). The pods keep the MTU they were
 * attached with under VXLAN (the underlay's less 50), host-gw included. And the time the CNI attachment adds to
 * each pod's start, as the agents log it, for the three iperf3 pods and {@value #MORE_PODS_PER_NODE} more per node
 * started one after another; the first pod on each node is shown apart, since it paid the agent's one-time costs
 * before {@code EngineWarmUp}. Run it with {@code ./mvnw -B verify -pl kumos-e2e -Dgroups=benchmark
 * -Dkumos.excludedGroups=none -Dtest=PodNetworkBenchmark -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@Tag("benchmark")
class PodNetworkBenchmark extends KumosUp {

    private static final String NS = "netbench";
    private static final Pattern BITS = Pattern.compile("\"bits_per_second\":\\s*([0-9.e+]+)");
    private static final Pattern AVERAGE = Pattern.compile("min/avg/max = [0-9.]+/([0-9.]+)/");
    private static final Pattern ATTACHED = Pattern.compile("attached to the pod network as \\S+ in (\\d+) ms "
            + "\\(finding its namespace (\\d+) ms, CNI ADD (\\d+) ms\\)");
    private static final int ROUNDS = 3;
    /** Pods started one after another on each node besides the three iperf3 pods, for the attachment times. */
    private static final int MORE_PODS_PER_NODE = 4;
    private static final List<String> BACKENDS = List.of("vxlan", "host-gw");
    private static final String VXLAN_DEVICE = "kumos.1";

    private final Cluster cluster = new Cluster(kumos);
    private final NodeNamespaces namespaces = new NodeNamespaces(kumos);

    PodNetworkBenchmark() {
        super(new KumosCli("bench-podnet").withEnv("KUMOS_POD_NETWORK", "overlay"), "--nodes", "2");
    }

    /** One backend's figures, a value per round. */
    private record Figures(List<Double> sameBits, List<Double> otherBits, List<Double> sameRtt, List<Double> otherRtt) {
        Figures() {
            this(new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        }
    }

    @Test
    void figures() throws IOException {
        String image = TestImages.iperf3();
        cluster.ok("create", "namespace", NS);
        pod("client", 1, image, "iperf3", "-s");
        pod("same-node", 1, image, "iperf3", "-s");
        pod("other-node", 2, image, "iperf3", "-s");
        for (int i = 1; i <= MORE_PODS_PER_NODE; i++) {
            for (int node = 1; node <= 2; node++) {
                pod("more-" + node + "-" + i, node, image, "sleep", "3600");
            }
        }
        // Read before the first switch: a restarted agent starts a new log.
        List<Attachment> attach = attachments();
        String same = ip("same-node");
        String other = ip("other-node");

        List<Double> loopbackBits = new ArrayList<>();
        List<Double> loopbackRtt = new ArrayList<>();
        Map<String, Figures> figures = new LinkedHashMap<>();
        BACKENDS.forEach(backend -> figures.put(backend, new Figures()));
        String current = "vxlan";
        for (int round = 0; round < ROUNDS; round++) {
            loopbackBits.add(loopbackThroughput() / 1e9);
            loopbackRtt.add(average(Command.run(KumosCli.REPO, Map.of(), Duration.ofMinutes(1),
                    List.of("busybox", "ping", "-c", "200", "-i", "0.01", "127.0.0.1")).output()));
            List<String> order = round % 2 == 0 ? BACKENDS : List.of(BACKENDS.get(1), BACKENDS.get(0));
            for (String backend : order) {
                if (!backend.equals(current)) {
                    switchTo(backend, other);
                    current = backend;
                }
                Figures of = figures.get(backend);
                of.sameBits().add(throughput(same) / 1e9);
                of.otherBits().add(throughput(other) / 1e9);
                of.sameRtt().add(rtt(same));
                of.otherRtt().add(rtt(other));
            }
        }

        System.out.printf("%nTCP throughput, 1 stream, 5 s, median of %d rounds (Gbit/s): loopback %.2f %s%n", ROUNDS,
                median(loopbackBits), rounds(loopbackBits, "%.2f"));
        System.out.printf("RTT, ping avg of 200, median of %d rounds (us): loopback %.0f %s%n", ROUNDS,
                median(loopbackRtt), rounds(loopbackRtt, "%.0f"));
        figures.forEach((backend, of) -> print(backend, of, median(loopbackBits)));
        Figures vxlan = figures.get("vxlan");
        Figures hostGw = figures.get("host-gw");
        System.out.printf("host-gw/vxlan across nodes: throughput %.2fx, RTT %.2fx%n",
                median(hostGw.otherBits()) / median(vxlan.otherBits()),
                median(hostGw.otherRtt()) / median(vxlan.otherRtt()));
        List<Attachment> firsts = new ArrayList<>();
        List<Double> later = new ArrayList<>();
        for (int node = 1; node <= 2; node++) {
            List<Attachment> ofNode = ofNode(attach, node);
            firsts.add(ofNode.get(0));
            ofNode.stream().skip(1).forEach(a -> later.add((double) a.total()));
        }
        System.out.printf("CNI attachment per pod start [total ms = finding the sandbox's namespace + CNI ADD], "
                + "pods one after another: first pod of each node %s; the other %d pods p50 %.0f ms, max %.0f ms "
                + "(goal <= 100); all, per node in start order: %s%n", firsts, later.size(), median(later),
                later.stream().mapToDouble(Double::doubleValue).max().orElse(0), attach);
    }

    private static void print(String backend, Figures of, double loopbackBits) {
        double sameBits = median(of.sameBits());
        double otherBits = median(of.otherBits());
        double sameRtt = median(of.sameRtt());
        double otherRtt = median(of.otherRtt());
        System.out.printf("%-7s throughput (Gbit/s): same node %.2f %s, across nodes %.2f %s; across/same %.2fx "
                + "(goal >= 0.8), same/loopback %.2fx | RTT (us): same node %.0f %s, across nodes %.0f %s; across - "
                + "same %.0f us (goal <= 50), across/same %.2fx%n", backend, sameBits, rounds(of.sameBits(), "%.2f"),
                otherBits, rounds(of.otherBits(), "%.2f"), otherBits / sameBits, sameBits / loopbackBits, sameRtt,
                rounds(of.sameRtt(), "%.0f"), otherRtt, rounds(of.otherRtt(), "%.0f"), otherRtt - sameRtt,
                otherRtt / sameRtt);
    }

    /**
     * Restarts both agents with the other backend and waits until both nodes route to each other with it, the other
     * backend's device or routes gone.
     */
    private void switchTo(String backend, String otherPod) {
        kumos.withEnv("KUMOS_OVERLAY_BACKEND", backend);
        for (int node = 1; node <= 2; node++) {
            Command.Result restarted = kumos.run("restart", "node-agent-" + node);
            assertEquals(0, restarted.exitCode(), restarted::toString);
        }
        String otherUnderlay = cluster.ok("get", "node", Cluster.node(2), "-o",
                "jsonpath={.status.addresses[?(@.type==\"InternalIP\")].address}").output().trim();
        String node1 = namespaces.of(1);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            boolean device = namespaces.ip(node1, "ip", "link", "show", VXLAN_DEVICE).exitCode() == 0;
            String hostRoutes = namespaces.ok(node1, "ip", "route", "show", "proto", "75");
            String route = namespaces.ok(node1, "ip", "route", "get", otherPod);
            if (backend.equals("host-gw")) {
                assertEquals(false, device, "the VXLAN device is still there");
                assertTrue(route.contains("via " + otherUnderlay + " dev eth0"), route);
            } else {
                assertEquals("", hostRoutes.trim(), "host-gw routes are left");
                assertTrue(route.contains("dev " + VXLAN_DEVICE), route);
            }
        });
    }

    private static List<Attachment> ofNode(List<Attachment> attachments, int node) {
        return attachments.stream().filter(a -> a.node() == node).toList();
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }

    private static String rounds(List<Double> values, String format) {
        return values.stream().map(value -> String.format(format, value))
                .collect(Collectors.joining(" ", "(", ")"));
    }

    private void pod(String name, int node, String image, String... command) throws IOException {
        cluster.ok("apply", "-f", cluster.manifest(name, """
                apiVersion: v1
                kind: Pod
                metadata: {name: %1$s, namespace: %2$s}
                spec:
                  nodeName: kumos-node-%3$d
                  terminationGracePeriodSeconds: 1
                  containers:
                  - name: main
                    image: %4$s
                    command: [%5$s]
                """.formatted(name, NS, node, image, String.join(", ", command))).toString());
        await().atMost(Duration.ofSeconds(60)).until(() -> cluster.kubectl("get", "pod", name, "-n", NS, "-o",
                "jsonpath={.status.phase}").output().trim().equals("Running"));
    }

    private String ip(String pod) {
        return cluster.ok("get", "pod", pod, "-n", NS, "-o", "jsonpath={.status.podIP}").output().trim();
    }

    private double throughput(String address) {
        return bits(cluster.ok("exec", "-n", NS, "client", "--", "iperf3", "-J", "-t", "5", "-c", address).output());
    }

    private double rtt(String address) {
        return average(cluster.ok("exec", "-n", NS, "client", "--", "ping", "-c", "200", "-i", "0.01", address)
                .output());
    }

    private double loopbackThroughput() {
        Command.run(KumosCli.REPO, Map.of(), Duration.ofSeconds(10), List.of("iperf3", "-s", "-D", "-1", "-p",
                "15201"));
        return bits(Command.run(KumosCli.REPO, Map.of(), Duration.ofMinutes(1), List.of("iperf3", "-J", "-t", "5",
                "-p", "15201", "-c", "127.0.0.1")).output());
    }

    /** The receiver's rate: the last {@code bits_per_second} of iperf3's JSON ({@code sum_received}). */
    private static double bits(String json) {
        Matcher matcher = BITS.matcher(json);
        double last = -1;
        while (matcher.find()) {
            last = Double.parseDouble(matcher.group(1));
        }
        assertEquals(true, last > 0, json);
        return last;
    }

    /** The average round trip of busybox ping's summary, in microseconds. */
    private static double average(String ping) {
        Matcher matcher = AVERAGE.matcher(ping);
        assertEquals(true, matcher.find(), ping);
        return Double.parseDouble(matcher.group(1)) * 1000;
    }

    /** One sandbox's attachment as its agent logged it. */
    private record Attachment(int node, long total, long namespace, long add) {
        @Override
        public String toString() {
            return "node-" + node + " " + total + "=" + namespace + "+" + add;
        }
    }

    private List<Attachment> attachments() throws IOException {
        List<Attachment> attachments = new ArrayList<>();
        for (int node = 1; node <= 2; node++) {
            Matcher matcher = ATTACHED.matcher(Files.readString(kumos.home().resolve("logs/node-agent-" + node
                    + ".log")));
            while (matcher.find()) {
                attachments.add(new Attachment(node, Long.parseLong(matcher.group(1)),
                        Long.parseLong(matcher.group(2)), Long.parseLong(matcher.group(3))));
            }
        }
        return attachments;
    }
}
