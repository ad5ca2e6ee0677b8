package io.kumos.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What a kubectl user does with configuration objects, with the real kubectl 1.27 and 1.33 and default flags:
 * apply a multi-document manifest, read it back in every output form, change it every way kubectl offers, see
 * errors worded as Kubernetes words them, delete.
 */
class KubectlObjectsE2EIT extends KumosUp {

    KubectlObjectsE2EIT() {
        super("e2e-objects");
    }

    private Path manifest(String ns, String color) throws IOException {
        Path file = kumos.home().resolve("manifest-" + ns + ".yaml");
        Files.writeString(file, """
                apiVersion: v1
                kind: Namespace
                metadata:
                  name: %1$s
                ---
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: web-config
                  namespace: %1$s
                  labels:
                    app: web
                data:
                  color: %2$s
                  size: "3"
                ---
                apiVersion: v1
                kind: Secret
                metadata:
                  name: web-secret
                  namespace: %1$s
                type: Opaque
                data:
                  password: aHVudGVyMg==
                """.formatted(ns, color));
        return file;
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.27", "1.33"})
    void configurationObjectsTheKubectlWay(String version) throws IOException {
        Kubectl kubectl = Kubectl.version(version);
        String ns = "shop-" + version.replace('.', '-');
        Path config = kumos.kubeconfig();

        Command.Result apply = kubectl.run(config, "apply", "-f", manifest(ns, "blue").toString());
        assertEquals(0, apply.exitCode(), apply::toString);
        assertTrue(apply.output().contains("namespace/" + ns + " created"), apply::toString);
        assertTrue(apply.output().contains("configmap/web-config created"), apply::toString);
        assertTrue(apply.output().contains("secret/web-secret created"), apply::toString);

        Command.Result unchanged = kubectl.run(config, "apply", "-f", manifest(ns, "blue").toString());
        assertTrue(unchanged.output().contains("configmap/web-config unchanged"), unchanged::toString);

        Command.Result changed = kubectl.run(config, "apply", "-f", manifest(ns, "red").toString());
        assertTrue(changed.output().contains("configmap/web-config configured"), changed::toString);
        assertEquals("red", kubectl.run(config, "get", "cm", "web-config", "-n", ns, "-o",
                "jsonpath={.data.color}").output());

        String table = kubectl.run(config, "get", "configmaps", "-n", ns).output();
        assertTrue(table.matches("(?s)NAME\\s+DATA\\s+AGE\\s*\\nweb-config\\s+2\\s+\\d+s.*"), table);
        String secrets = kubectl.run(config, "get", "secrets", "-n", ns).output();
        assertTrue(secrets.matches("(?s)NAME\\s+TYPE\\s+DATA\\s+AGE\\s*\\nweb-secret\\s+Opaque\\s+1\\s+.*"), secrets);
        String all = kubectl.run(config, "get", "cm", "-A", "-l", "app=web").output();
        assertTrue(all.matches("(?s)NAMESPACE\\s+NAME\\s+DATA\\s+AGE.*" + ns + "\\s+web-config.*"), all);
        assertTrue(kubectl.run(config, "get", "cm", "web-config", "-n", ns, "-o", "yaml").output()
                .contains("  color: red"));
        assertTrue(kubectl.run(config, "get", "cm", "web-config", "-n", ns, "-o", "json").output()
                .contains("\"resourceVersion\""));
        assertEquals("configmap/web-config", kubectl.run(config, "get", "cm", "-n", ns, "-o", "name").output().trim());
        String columns = kubectl.run(config, "get", "cm", "-n", ns, "-o",
                "custom-columns=NAME:.metadata.name,COLOR:.data.color").output();
        assertTrue(columns.matches("(?s)NAME\\s+COLOR\\s*\\nweb-config\\s+red\\s*"), columns);

        assertEquals(0, kubectl.run(config, "label", "cm", "web-config", "-n", ns, "tier=front").exitCode());
        assertEquals(0, kubectl.run(config, "annotate", "cm", "web-config", "-n", ns, "owner=team-a").exitCode());
        assertEquals(0, kubectl.run(config, "patch", "cm", "web-config", "-n", ns, "--type", "merge", "-p",
                "{\"data\":{\"size\":\"4\"}}").exitCode());
        assertEquals(0, kubectl.run(config, "patch", "cm", "web-config", "-n", ns, "-p",
                "{\"data\":{\"shape\":\"round\"}}").exitCode());
        Command.Result edit = kubectl.run(config, Map.of("KUBE_EDITOR", "sed -i s/round/square/"), "edit", "cm",
                "web-config", "-n", ns);
        assertEquals(0, edit.exitCode(), edit::toString);
        String edited = kubectl.run(config, "get", "cm", "web-config", "-n", ns, "-o",
                "jsonpath={.metadata.labels.tier} {.metadata.annotations.owner} {.data.size} {.data.shape}").output();
        assertEquals("front team-a 4 square", edited);

        Command.Result missing = kubectl.run(config, "get", "cm", "nothing", "-n", ns);
        assertEquals(1, missing.exitCode());
        assertTrue(missing.output().contains("Error from server (NotFound): configmaps \"nothing\" not found"),
                missing::toString);
        Command.Result duplicate = kubectl.run(config, "create", "-f", manifest(ns, "red").toString());
        assertTrue(duplicate.output().contains("Error from server (AlreadyExists)"), duplicate::toString);
        Path invalid = kumos.home().resolve("invalid-" + ns + ".yaml");
        Files.writeString(invalid, "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: Bad_Name\n  namespace: " + ns
                + "\n");
        Command.Result rejected = kubectl.run(config, "apply", "-f", invalid.toString());
        assertTrue(rejected.output().contains("is invalid: metadata.name: Invalid value: \"Bad_Name\""),
                rejected::toString);

        Command.Result delete = kubectl.run(config, "delete", "namespace", ns, "--wait");
        assertEquals(0, delete.exitCode(), delete::toString);
        assertTrue(delete.output().contains("namespace \"" + ns + "\" deleted"), delete::toString);
        assertEquals(1, kubectl.run(config, "get", "cm", "web-config", "-n", ns).exitCode());
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.27", "1.33"})
    void getWatchSeesChangesAsTheyHappen(String version) throws Exception {
        Kubectl kubectl = Kubectl.version(version);
        String ns = "watch-" + version.replace('.', '-');
        Path config = kumos.kubeconfig();
        assertEquals(0, kubectl.run(config, "create", "namespace", ns).exitCode());
        Process watch = kubectl.start(config, "get", "configmaps", "-n", ns, "--watch");
        try (BufferedReader output = new BufferedReader(new InputStreamReader(watch.getInputStream()))) {
            // Whatever happens, the watch ends: a kubectl that prints nothing must not hang the test.
            CompletableFuture.delayedExecutor(30, TimeUnit.SECONDS).execute(watch::destroyForcibly);
            Thread.sleep(1500); // let kubectl list and open its watch before the change
            assertEquals(0, kubectl.run(config, "create", "configmap", "seen", "-n", ns, "--from-literal=a=b")
                    .exitCode());
            String line;
            List<String> lines = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (System.nanoTime() < deadline && (line = output.readLine()) != null) {
                lines.add(line);
                if (line.matches("seen\\s+1\\s+\\d+s")) {
                    break;
                }
            }
            assertTrue(lines.stream().anyMatch(l -> l.matches("seen\\s+1\\s+\\d+s")), lines::toString);
        } finally {
            watch.destroyForcibly();
        }
    }
}
