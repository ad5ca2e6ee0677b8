package io.kumos.e2e;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;

import io.kumos.testing.Command;
import io.kumos.testing.TestImages;

/**
 * Helm 4 (client-go 1.35: its waits watch with streaming lists, WatchList) drives a chart made by {@code helm
 * create} through its life with {@code --wait}: install, upgrade to two replicas, rollback, uninstall, each done
 * within 60 s, and the cluster holds what each step leaves.
 *
 * <p>The chart's image is {@link TestImages#HTTPD}, which serves port 80 as the chart's probes expect.
 */
@SharedKumos({"--nodes", "2"})
class HelmE2EIT extends KumosUp {

    private static final String NS = "helm";
    private static final String RELEASE = "demo";
    private static final Duration STEP = Duration.ofSeconds(60);

    private Cluster cluster;
    private Helm helm;

    HelmE2EIT() {
        super();
    }

    @Test
    void aChartInstallsUpgradesRollsBackAndUninstallsWithWait() throws IOException {
        cluster = new Cluster(kumos);
        helm = Helm.of(kumos.kubeconfig());
        assertTrue(helm.run(kumos.home(), "version", "--short").output().startsWith(Helm.VERSION));
        Path chart = chart();
        cluster.ok("create", "namespace", NS);

        step("install", () -> helm.run(kumos.home(), "install", RELEASE, chart.toString(), "-n", NS, "--wait",
                "--timeout", "60s"));
        assertRelease(1, "1");
        assertEquals(RELEASE, cluster.ok("get", "service", RELEASE, "-n", NS, "-o",
                "jsonpath={.metadata.name}").output());
        assertEquals(RELEASE, cluster.ok("get", "serviceaccount", RELEASE, "-n", NS, "-o",
                "jsonpath={.metadata.name}").output());

        step("upgrade", () -> helm.run(kumos.home(), "upgrade", RELEASE, chart.toString(), "-n", NS, "--wait",
                "--timeout", "60s", "--set", "replicaCount=2"));
        assertRelease(2, "2");

        step("rollback", () -> helm.run(kumos.home(), "rollback", RELEASE, "1", "-n", NS, "--wait",
                "--timeout", "60s"));
        assertRelease(3, "1");

        step("uninstall", () -> helm.run(kumos.home(), "uninstall", RELEASE, "-n", NS, "--wait",
                "--timeout", "60s"));
        assertEquals("", helm.run(kumos.home(), "list", "-n", NS, "-q").output().trim());
        for (String kind : new String[] {"deployments", "services", "serviceaccounts", "secrets"}) {
            assertEquals("", cluster.ok("get", kind, "-n", NS, "-l", "app.kubernetes.io/instance=" + RELEASE,
                    "-o", "jsonpath={.items[*].metadata.name}").output().trim(), kind + " left by the release");
        }
        assertEquals("", cluster.ok("get", "secrets", "-n", NS, "-l", "owner=helm", "-o",
                "jsonpath={.items[*].metadata.name}").output().trim(), "release records left");
    }

    /** A chart as {@code helm create} makes it, its image the local {@link TestImages#HTTPD}. */
    private Path chart() throws IOException {
        String image = TestImages.httpd();
        Path charts = kumos.home().resolve("charts");
        Files.createDirectories(charts);
        Command.Result created = helm.run(charts, "create", RELEASE);
        assertEquals(0, created.exitCode(), created::toString);
        Path chart = charts.resolve(RELEASE);
        String values = Files.readString(chart.resolve("values.yaml"));
        String repository = image.substring(0, image.indexOf(':'));
        String tag = image.substring(image.indexOf(':') + 1);
        String local = values.replaceFirst("(?m)^  repository: .*$", "  repository: " + repository)
                .replaceFirst("(?m)^  tag: .*$", "  tag: \"" + tag + "\"");
        assertTrue(!local.equals(values), "helm create's values.yaml no longer has image.repository and image.tag");
        Files.writeString(chart.resolve("values.yaml"), local);
        return chart;
    }

    /** Runs one Helm step, which must succeed within {@link #STEP}. */
    private void step(String name, Supplier<Command.Result> helmStep) {
        long start = System.nanoTime();
        Command.Result result = helmStep.get();
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertEquals(0, result.exitCode(), () -> "helm " + name + " after " + took.toMillis() + " ms:\n" + result);
        assertTrue(took.compareTo(STEP) <= 0, "helm " + name + " took " + took.toMillis() + " ms");
        System.out.printf("Helm %s: helm %s --wait took %d ms%n", Helm.VERSION, name, took.toMillis());
    }

    /** The release is deployed at {@code revision} and its Deployment has {@code replicas}, all ready. */
    private void assertRelease(int revision, String replicas) {
        String status = helm.run(kumos.home(), "status", RELEASE, "-n", NS, "-o", "json").output();
        assertTrue(status.contains("\"version\":" + revision) && status.contains("\"status\":\"deployed\""),
                status);
        assertEquals(replicas + " " + replicas + " " + replicas, cluster.ok("get", "deployment", RELEASE, "-n", NS,
                "-o", "jsonpath={.spec.replicas} {.status.readyReplicas} {.status.updatedReplicas}").output());
        // A pod scaled away may take its grace period to go.
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertEquals(Integer.parseInt(replicas),
                cluster.running(NS, "app.kubernetes.io/instance=" + RELEASE).size(), "Running pods of the release"));
    }
}
