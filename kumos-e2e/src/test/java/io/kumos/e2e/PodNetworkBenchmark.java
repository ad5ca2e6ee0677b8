package io.kumos.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.kumos.testing.Command;
import io.kumos.testing.TestImages;

/**
 * A benchmark, not a test: the overlay's cost on {@code ./kumos up --nodes 2} with {@code KUMOS_POD_NETWORK=overlay}.
 * TCP throughput ({@code iperf3}, 5 s, one stream) and round-trip time ({@code ping}, 200 echoes 10 ms apart) from a
 * pod to a pod on another node (over VXLAN) and to a pod on its own node (over the node's bridge), with the host's
 * loopback as the baseline; and the time the CNI attachment adds to each pod's start, as the agents log it.
 * Run it with {@code ./mvnw -B verify -pl kumos-e2e -Dgroups=benchmark -Dkumos.excludedGroups=none
 * -Dtest=PodNetworkBenchmark -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@Tag("benchmark")
class PodNetworkBenchmark extends KumosUp {

    private static final String NS = "netbench";
    private static final Pattern BITS = Pattern.compile("\"bits_per_second\":\\s*([0-9.e+]+)");
    private static final Pattern AVERAGE = Pattern.compile("min/avg/max = [0-9.]+/([0-9.]+)/");
    private static final Pattern ATTACHED = Pattern.compile("attached to the pod network as \\S+ in (\\d+) ms");

    private final Cluster cluster = new Cluster(kumos);

    PodNetworkBenchmark() {
        super(new KumosCli("bench-podnet").withEnv("KUMOS_POD_NETWORK", "overlay"), "--nodes", "2");
    }

    @Test
    void figures() throws IOException {
        String image = TestImages.iperf3();
        cluster.ok("create", "namespace", NS);
        pod("client", 1, image);
        pod("same-node", 1, image);
        pod("other-node", 2, image);
        String same = ip("same-node");
        String other = ip("other-node");

        double loopbackBits = loopbackThroughput();
        double loopbackRtt = average(Command.run(KumosCli.REPO, Map.of(), Duration.ofMinutes(1),
                List.of("busybox", "ping", "-c", "200", "-i", "0.01", "127.0.0.1")).output());
        double sameBits = throughput(same);
        double otherBits = throughput(other);
        double sameRtt = rtt(same);
        double otherRtt = rtt(other);
        List<Long> attach = attachTimes();

        System.out.printf("%nTCP throughput, 1 stream, 5 s: loopback %.2f Gbit/s, pod->pod same node %.2f Gbit/s, "
                + "pod->pod across nodes (VXLAN) %.2f Gbit/s; across/same %.2fx (goal >= 0.8), same/loopback %.2fx%n",
                loopbackBits / 1e9, sameBits / 1e9, otherBits / 1e9, otherBits / sameBits, sameBits / loopbackBits);
        System.out.printf("RTT, ping avg of 200: loopback %.0f us, same node %.0f us, across nodes %.0f us; "
                + "across - same %.0f us (goal <= 50)%n", loopbackRtt, sameRtt, otherRtt, otherRtt - sameRtt);
        System.out.printf("CNI attachment per pod start (%d pods): %s ms, max %d ms (goal <= 100)%n", attach.size(),
                attach, attach.stream().mapToLong(Long::longValue).max().orElse(0));
    }

    private void pod(String name, int node, String image) throws IOException {
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
                    command: [iperf3, -s]
                """.formatted(name, NS, node, image)).toString());
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

    private List<Long> attachTimes() throws IOException {
        List<Long> times = new ArrayList<>();
        for (int node = 1; node <= 2; node++) {
            Matcher matcher = ATTACHED.matcher(Files.readString(kumos.home().resolve("logs/node-agent-" + node
                    + ".log")));
            while (matcher.find()) {
                times.add(Long.parseLong(matcher.group(1)));
            }
        }
        return times;
    }
}
