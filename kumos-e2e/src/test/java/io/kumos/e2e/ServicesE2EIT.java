package io.kumos.e2e;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.kumos.testing.Command;
import io.kumos.testing.Kubectl;
import io.kumos.testing.TestImages;

/**
 * Deployments behind Services, with the real kubectl on two nodes, measured by a client that opens a new
 * connection for every request: a LoadBalancer Service spreads connections over every pod of its Deployment and
 * follows its scaling; a rolling update under steady traffic loses no request; a container killed mid-traffic
 * costs at most the connections it held; placement-service and lb-service restarted mid-rollout, the rollout
 * finishes and routing recovers.
 *
 * <p>The pods serve their own name over HTTP (busybox httpd in {@link TestImages#BUSYBOX}).
 */
@SharedKumos({"--nodes", "2"})
class ServicesE2EIT extends KumosUp {

    private static final String IMAGE = TestImages.busybox();
    /** Another tag of the same image, for {@code kubectl set image}. */
    private static final String IMAGE_V2 = "kumos-test/busybox:rollout";
    private static final String SERVE_NAME = "mkdir -p /tmp/www && echo $HOSTNAME > /tmp/www/index.html "
            + "&& exec httpd -f -p 8080 -h /tmp/www";

    private final Kubectl kubectl = Kubectl.version("1.33");
    private final Cluster cluster = new Cluster(kumos);

    ServicesE2EIT() {
        super();
        Command.Result tag = Command.run(KumosCli.REPO, java.util.Map.of(), Duration.ofSeconds(60),
                List.of("docker", "tag", IMAGE, IMAGE_V2));
        assertEquals(0, tag.exitCode(), tag::toString);
    }

    @ParameterizedTest(name = "kubectl {0}")
    @ValueSource(strings = {"1.27", "1.33"})
    void aLoadBalancerSpreadsConnectionsOverEveryPodAndFollowsScaling(String version) throws Exception {
        Kubectl client = Kubectl.version(version);
        String ns = "story-" + version.replace(".", "");
        int port = "1.27".equals(version) ? 18081 : 18082;
        ok(client, "create", "namespace", ns);
        ok(client, "create", "deployment", "web", "-n", ns, "--image=" + IMAGE, "--replicas=3", "--port=8080",
                "--", "sh", "-c", SERVE_NAME);
        ok(client, "rollout", "status", "deployment/web", "-n", ns, "--timeout=180s");
        ok(client, "expose", "deployment", "web", "-n", ns, "--port=" + port, "--target-port=8080",
                "--type=LoadBalancer");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertEquals("127.0.0.1", client.run(
                kumos.kubeconfig(), "get", "service", "web", "-n", ns, "-o",
                "jsonpath={.status.loadBalancer.ingress[0].ip}").output()));
        String listed = ok(client, "get", "service", "web", "-n", ns).output();
        assertTrue(listed.matches("(?s).*web\\s+LoadBalancer\\s+10\\.\\d+\\.\\d+\\.\\d+\\s+127\\.0\\.0\\.1\\s+"
                + port + ":3\\d{4}/TCP.*"), listed);

        Set<String> pods = podNames(ns);
        assertEquals(3, pods.size(), pods::toString);
        assertEquals(pods, Cluster.servedBy(port, 12), "successive connections visit every pod");
        int nodePort = Integer.parseInt(ok(client, "get", "service", "web", "-n", ns, "-o",
                "jsonpath={.spec.ports[0].nodePort}").output().trim());
        assertEquals(pods, Cluster.servedBy(nodePort, 12), "the node port balances the same way");

        ok(client, "scale", "deployment", "web", "-n", ns, "--replicas=5");
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            Set<String> scaled = podNames(ns);
            assertEquals(5, scaled.size(), scaled::toString);
            assertEquals(scaled, Cluster.servedBy(port, 20), "routing follows the scale-up");
        });

        ok(client, "scale", "deployment", "web", "-n", ns, "--replicas=1");
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            Set<String> left = podNames(ns);
            assertEquals(1, left.size(), left::toString);
            assertEquals(left, Cluster.servedBy(port, 10), "routing follows the scale-down");
        });
        ok(client, "delete", "namespace", ns, "--wait=false");
    }

    @Test
    void aRollingUpdateUnderSteadyTrafficLosesNoRequestAndAKilledContainerCostsOnlyItsConnections()
            throws Exception {
        String ns = "rolling";
        int port = 18083;
        ok("create", "namespace", ns);
        ok("apply", "-f", rollingDeployment(ns, port, 3).toString());
        ok("rollout", "status", "deployment/web", "-n", ns, "--timeout=180s");
        awaitServing(port, 3, ns);

        try (HttpTraffic traffic = HttpTraffic.start("127.0.0.1", port, 2)) {
            ok("set", "image", "deployment/web", "-n", ns, "main=" + IMAGE_V2);
            ok("rollout", "status", "deployment/web", "-n", ns, "--timeout=240s");
            awaitServing(port, 3, ns);
            traffic.close();
            System.out.printf("%nROLLING UPDATE under traffic: %s%n", traffic);
            assertEquals(List.of(), traffic.failures(), traffic::toString);
            assertTrue(traffic.answered() > 50, traffic::toString);
        }
        for (String pod : podNames(ns)) {
            assertEquals(IMAGE_V2, ok("get", "pod", pod, "-n", ns, "-o", "jsonpath={.spec.containers[0].image}")
                    .output());
        }

        try (HttpTraffic traffic = HttpTraffic.start("127.0.0.1", port, 2)) {
            await().atMost(Duration.ofSeconds(10)).until(() -> traffic.answered() >= 20);
            String pod = podNames(ns).iterator().next();
            String victim = ok("get", "pod", pod, "-n", ns, "-o",
                    "jsonpath={.status.containerStatuses[0].containerID}").output().replace("docker://", "");
            Docker.run("kill", victim);
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertEquals("1", ok("get", "pod", pod,
                    "-n", ns, "-o", "jsonpath={.status.containerStatuses[0].restartCount}").output()));
            awaitServing(port, 3, ns);
            long before = traffic.answered();
            await().atMost(Duration.ofSeconds(10)).until(() -> traffic.answered() > before + 20);
            traffic.close();
            System.out.printf("%nCONTAINER KILLED under traffic: %s%n", traffic);
            assertTrue(traffic.failures().size() <= 2,
                    () -> "at most the connection each client held to the killed container: " + traffic);
        }
    }

    @Test
    void placementAndLbRestartedMidRolloutTheRolloutFinishesAndRoutingRecovers() throws Exception {
        String ns = "restarts";
        int port = 18084;
        ok("create", "namespace", ns);
        ok("apply", "-f", rollingDeployment(ns, port, 4).toString());
        ok("rollout", "status", "deployment/web", "-n", ns, "--timeout=180s");
        awaitServing(port, 4, ns);

        ok("set", "image", "deployment/web", "-n", ns, "main=" + IMAGE_V2);
        await().atMost(Duration.ofSeconds(60)).until(() -> ok("get", "rs", "-n", ns, "-o",
                "jsonpath={.items[*].status.replicas}").output().trim().split("\\s+").length == 2);
        long placement = kumos.pid("placement-service").orElseThrow();
        ProcessHandle.of(placement).ifPresent(ProcessHandle::destroyForcibly);
        await().atMost(Duration.ofSeconds(10)).until(() -> ProcessHandle.of(placement).isEmpty());
        ok(kumos.run("restart", "placement-service"));
        ok(kumos.run("restart", "lb-service"));

        Command.Result rolledOut = ok("rollout", "status", "deployment/web", "-n", ns, "--timeout=240s");
        assertTrue(rolledOut.output().contains("successfully rolled out"), rolledOut::toString);
        Set<String> pods = podNames(ns);
        assertEquals(4, pods.size(), "no duplicate pods: " + pods);
        List<String> replicaSets = Arrays.stream(ok("get", "rs", "-n", ns, "-o",
                "jsonpath={.items[*].status.replicas}").output().trim().split("\\s+")).sorted().toList();
        assertEquals(List.of("0", "4"), replicaSets, "the new ReplicaSet holds every pod, the old none");
        awaitServing(port, 4, ns);
    }

    // --- helpers ---

    /**
     * Pods that serve their name and finish what they serve before they stop (preStop), rolled one at a time with
     * none unavailable, behind a LoadBalancer Service.
     */
    private Path rollingDeployment(String ns, int port, int replicas) throws IOException {
        return cluster.servingDeployment(ns, port, replicas,
                "strategy: {type: RollingUpdate, rollingUpdate: {maxSurge: 1, maxUnavailable: 0}}",
                "        lifecycle: {preStop: {exec: {command: [sleep, \"2\"]}}}");
    }

    private Set<String> podNames(String ns) {
        return cluster.running(ns, "app=web").keySet();
    }

    private void awaitServing(int port, int replicas, String ns) {
        cluster.awaitServing(ns, port, replicas);
    }

    private Command.Result ok(String... args) {
        return ok(kubectl, args);
    }

    private Command.Result ok(Kubectl client, String... args) {
        Command.Result result = client.run(kumos.kubeconfig(), args);
        assertEquals(0, result.exitCode(), () -> "kubectl " + String.join(" ", args) + "\n" + result);
        return result;
    }

    private Command.Result ok(Command.Result result) {
        assertEquals(0, result.exitCode(), result::toString);
        return result;
    }
}
