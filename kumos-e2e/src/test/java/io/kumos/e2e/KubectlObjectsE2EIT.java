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
import io.kumos.testing.Command;
import io.kumos.testing.Kubectl;

/**
 * What a kubectl user does with configuration objects, with the real kubectl 1.27 and 1.33 and default flags:
 * apply a multi-document manifest, read it back in every output form, change it every way kubectl offers, see
 * errors worded as Kubernetes words them, delete.
 */
@SharedKumos({"--nodes", "2"})
class KubectlObjectsE2EIT extends KumosUp {

    KubectlObjectsE2EIT() {
        super();
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

    private Path workloads(String ns, String env, String ports) throws IOException {
        Path file = kumos.home().resolve("workloads-" + ns + ".yaml");
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
                data:
                  color: blue
                ---
                apiVersion: v1
                kind: Secret
                metadata:
                  name: web-secret
                  namespace: %1$s
                stringData:
                  password: hunter2
                ---
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: web
                  namespace: %1$s
                  labels:
                    app: web
                spec:
                  replicas: 2
                  selector:
                    matchLabels:
                      app: web
                  template:
                    metadata:
                      labels:
                        app: web
                    spec:
                      containers:
                      - name: main
                        image: busybox:1.36
                        env:
                %2$s
                        ports:
                %3$s
                ---
                apiVersion: v1
                kind: Service
                metadata:
                  name: web
                  namespace: %1$s
                spec:
                  selector:
                    app: web
                  ports:
                  - port: 80
                    targetPort: 8080
                """.formatted(ns, env, ports));
        return file;
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.27", "1.33"})
    void workloadsTheKubectlWay(String version) throws IOException {
        Kubectl kubectl = Kubectl.version(version);
        String ns = "apps-" + version.replace('.', '-');
        Path config = kumos.kubeconfig();
        String envA = "        - name: A\n          value: \"1\"";
        String envAB = envA + "\n        - name: B\n          value: \"2\"";
        String twoPorts = "        - containerPort: 8080\n        - containerPort: 9090";
        String onePort = "        - containerPort: 8080";

        Command.Result apply = kubectl.run(config, "apply", "-f", workloads(ns, envA, twoPorts).toString());
        assertEquals(0, apply.exitCode(), apply::toString);
        assertTrue(apply.output().contains("deployment.apps/web created"), apply::toString);
        assertTrue(apply.output().contains("service/web created"), apply::toString);
        Command.Result unchanged = kubectl.run(config, "apply", "-f", workloads(ns, envA, twoPorts).toString());
        assertTrue(unchanged.output().contains("deployment.apps/web unchanged"), unchanged::toString);
        assertTrue(unchanged.output().contains("service/web unchanged"), unchanged::toString);
        Command.Result changed = kubectl.run(config, "apply", "-f", workloads(ns, envAB, onePort).toString());
        assertTrue(changed.output().contains("deployment.apps/web configured"), changed::toString);
        assertEquals("A=1 B=2 |8080/TCP ", kubectl.run(config, "get", "deploy", "web", "-n", ns, "-o",
                "jsonpath={range .spec.template.spec.containers[0].env[*]}{.name}={.value} {end}|"
                        + "{range .spec.template.spec.containers[0].ports[*]}{.containerPort}/{.protocol} {end}")
                .output());

        String deployments = kubectl.run(config, "get", "deployments", "-n", ns).output();
        // The image is not on the engine: the controllers make the pods, none becomes available.
        assertTrue(deployments.matches("(?s)NAME\\s+READY\\s+UP-TO-DATE\\s+AVAILABLE\\s+AGE\\s*\\nweb\\s+0/2\\s+[0-2]\\s+0\\s+.*"),
                deployments);
        String wide = kubectl.run(config, "get", "deployments", "-n", ns, "-o", "wide").output();
        assertTrue(wide.matches("(?s).*CONTAINERS\\s+IMAGES\\s+SELECTOR.*main\\s+busybox:1.36\\s+app=web.*"), wide);
        String services = kubectl.run(config, "get", "svc", "-n", ns).output();
        assertTrue(services.matches("(?s)NAME\\s+TYPE\\s+CLUSTER-IP\\s+EXTERNAL-IP\\s+PORT\\(S\\)\\s+AGE.*web\\s+ClusterIP.*80/TCP.*"),
                services);
        String describe = kubectl.run(config, "describe", "deployment", "web", "-n", ns).output();
        assertTrue(describe.contains("StrategyType:           RollingUpdate"), describe);
        assertTrue(describe.contains("8080/TCP"), describe);

        Command.Result scale = kubectl.run(config, "scale", "deployment", "web", "-n", ns, "--replicas=3");
        assertTrue(scale.output().contains("deployment.apps/web scaled"), scale::toString);
        assertEquals(0, kubectl.run(config, "patch", "deployment", "web", "-n", ns, "--type", "json", "-p",
                "[{\"op\":\"replace\",\"path\":\"/spec/replicas\",\"value\":4}]").exitCode());
        assertEquals(0, kubectl.run(config, "patch", "deployment", "web", "-n", ns, "-p",
                "{\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"name\":\"main\",\"image\":\"busybox:2\"}]}}}}")
                .exitCode());
        Command.Result edit = kubectl.run(config, Map.of("KUBE_EDITOR", "sed -i s/busybox:2/busybox:3/"), "edit",
                "deployment", "web", "-n", ns);
        assertEquals(0, edit.exitCode(), edit::toString);
        Command.Result restart = kubectl.run(config, "rollout", "restart", "deployment", "web", "-n", ns);
        assertEquals(0, restart.exitCode(), restart::toString);
        assertEquals("4 busybox:3 A,B true", kubectl.run(config, "get", "deployment", "web", "-n", ns, "-o",
                "jsonpath={.spec.replicas} {.spec.template.spec.containers[0].image} "
                        + "{.spec.template.spec.containers[0].env[0].name},{.spec.template.spec.containers[0].env[1].name}"
                        + " {.spec.template.metadata.annotations.kubectl\\.kubernetes\\.io/restartedAt}").output()
                .replaceFirst(" \\S+$", " true"));
        assertEquals("7", kubectl.run(config, "get", "deployment", "web", "-n", ns, "-o",
                "jsonpath={.metadata.generation}").output(), "each spec change is a generation");

        Command.Result created = kubectl.run(config, "create", "deployment", "made", "-n", ns, "--image=busybox:1.36");
        assertTrue(created.output().contains("deployment.apps/made created"), created::toString);
        Command.Result autoscale = kubectl.run(config, "autoscale", "deployment", "made", "-n", ns, "--min=1",
                "--max=3", "--cpu-percent=50");
        assertTrue(autoscale.output().contains("horizontalpodautoscaler.autoscaling/made autoscaled"),
                autoscale::toString);
        String hpa = kubectl.run(config, "get", "hpa", "-n", ns).output();
        assertTrue(hpa.matches("(?s)NAME\\s+REFERENCE\\s+TARGETS\\s+MINPODS\\s+MAXPODS\\s+REPLICAS\\s+AGE.*"
                + "made\\s+Deployment/made\\s+cpu: <unknown>/50%\\s+1\\s+3\\s+0.*"), hpa);
        Command.Result job = kubectl.run(config, "create", "job", "once", "-n", ns, "--image=busybox:1.36");
        assertTrue(job.output().contains("job.batch/once created"), job::toString);
        Command.Result cronJob = kubectl.run(config, "create", "cronjob", "tick", "-n", ns, "--image=busybox:1.36",
                "--schedule=*/5 * * * *");
        assertTrue(cronJob.output().contains("cronjob.batch/tick created"), cronJob::toString);
        Command.Result service = kubectl.run(config, "create", "service", "clusterip", "made", "-n", ns,
                "--tcp=80:8080");
        assertTrue(service.output().contains("service/made created"), service::toString);
        assertEquals("8080", kubectl.run(config, "get", "svc", "made", "-n", ns, "-o",
                "jsonpath={.spec.ports[0].targetPort}").output());

        Path serverSide = kumos.home().resolve("server-side-" + ns + ".yaml");
        Files.writeString(serverSide, """
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: made
                  namespace: %s
                spec:
                  replicas: 2
                  selector:
                    matchLabels:
                      app: made
                  template:
                    metadata:
                      labels:
                        app: made
                    spec:
                      containers:
                      - name: busybox
                        image: busybox:1.36
                """.formatted(ns));
        Command.Result conflict = kubectl.run(config, "apply", "--server-side", "-f", serverSide.toString());
        assertEquals(1, conflict.exitCode(), conflict::toString);
        assertTrue(conflict.output().contains("conflict with \"kubectl-create\" using apps/v1: .spec.replicas"),
                conflict::toString);
        Command.Result forced = kubectl.run(config, "apply", "--server-side", "--force-conflicts", "-f",
                serverSide.toString());
        assertTrue(forced.output().contains("deployment.apps/made serverside-applied"), forced::toString);
        assertEquals("2", kubectl.run(config, "get", "deployment", "made", "-n", ns, "-o",
                "jsonpath={.spec.replicas}").output());

        Command.Result explain = kubectl.run(config, "explain", "deployment.spec.replicas");
        assertEquals(0, explain.exitCode(), explain::toString);
        assertTrue(explain.output().contains("Number of desired pods"), explain::toString);
        Command.Result explainPods = kubectl.run(config, "explain", "pods.spec.containers");
        assertEquals(0, explainPods.exitCode(), explainPods::toString);
        assertTrue(explainPods.output().matches("(?s).*KIND:\\s+Pod.*VERSION:\\s+v1.*FIELDS:.*image\\s+<string>.*"),
                explainPods::toString);

        Path invalid = kumos.home().resolve("invalid-deploy-" + ns + ".yaml");
        Files.writeString(invalid, Files.readString(workloads(ns, envA, onePort)).replace("replicas: 2",
                "replicas: -1").replace("name: web\n  namespace", "name: bad\n  namespace"));
        Command.Result rejected = kubectl.run(config, "apply", "-f", invalid.toString());
        assertTrue(rejected.output().contains("The Deployment \"bad\" is invalid: spec.replicas: Invalid value: -1: "
                + "must be greater than or equal to 0"), rejected::toString);
        Files.writeString(invalid, Files.readString(workloads(ns, envA, onePort)).replace("replicas: 2",
                "replicaz: 2"));
        Command.Result unknown = kubectl.run(config, "apply", "-f", invalid.toString());
        assertTrue(unknown.output().contains("strict decoding error: unknown field \"spec.replicaz\""),
                unknown::toString);
        Command.Result immutable = kubectl.run(config, "patch", "deployment", "web", "-n", ns, "--type", "merge",
                "-p", "{\"spec\":{\"selector\":{\"matchLabels\":{\"app\":\"x\"}}}}");
        assertTrue(immutable.output().contains("field is immutable"), immutable::toString);

        Command.Result delete = kubectl.run(config, "delete", "deployment", "web", "-n", ns, "--wait");
        assertEquals(0, delete.exitCode(), delete::toString);
        assertTrue(delete.output().contains("deployment.apps \"web\" deleted"), delete::toString);
        assertEquals(0, kubectl.run(config, "delete", "namespace", ns, "--wait").exitCode());
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.27", "1.33"})
    void getWatchSeesChangesAsTheyHappen(String version) throws Exception {
        Kubectl kubectl = Kubectl.version(version);
        String ns = "watch-" + version.replace('.', '-');
        Path config = kumos.kubeconfig();
        assertEquals(0, kubectl.run(config, "create", "namespace", ns).exitCode());
        assertEquals(0, kubectl.run(config, "create", "configmap", "seen", "-n", ns, "--from-literal=a=b")
                .exitCode());
        Process watch = kubectl.start(config, "get", "configmaps", "-n", ns, "--watch");
        try (BufferedReader output = new BufferedReader(new InputStreamReader(watch.getInputStream()))) {
            // Whatever happens, the watch ends: a kubectl that prints nothing must not hang the test.
            CompletableFuture.delayedExecutor(40, TimeUnit.SECONDS).execute(watch::destroyForcibly);
            List<String> lines = new ArrayList<>();
            // The list kubectl starts from: one key. It watches from the list's resourceVersion, so what
            // changes after the list reaches it whenever its watch opens.
            readUntil(output, lines, "seen\\s+1\\s+\\d+s");
            assertEquals(0, kubectl.run(config, "patch", "configmap", "seen", "-n", ns, "--type", "merge", "-p",
                    "{\"data\":{\"c\":\"d\"}}").exitCode());
            readUntil(output, lines, "seen\\s+2\\s+\\d+s");
            assertEquals(0, kubectl.run(config, "create", "configmap", "later", "-n", ns, "--from-literal=a=b",
                    "--from-literal=c=d", "--from-literal=e=f").exitCode());
            readUntil(output, lines, "later\\s+3\\s+\\d+s");
        } finally {
            watch.destroyForcibly();
        }
    }

    /** Reads kubectl's lines into {@code lines} until one matches; fails when the output ends first. */
    private static void readUntil(BufferedReader output, List<String> lines, String regex) throws IOException {
        String line;
        while ((line = output.readLine()) != null) {
            lines.add(line);
            if (line.matches(regex)) {
                return;
            }
        }
        throw new AssertionError("no line like " + regex + " before the watch ended: " + lines);
    }
}
