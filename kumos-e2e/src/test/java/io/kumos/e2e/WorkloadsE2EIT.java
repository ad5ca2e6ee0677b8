package io.kumos.e2e;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.LongStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

import io.kumos.testing.Command;
import io.kumos.testing.Kubectl;
import io.kumos.testing.TestImages;

/**
 * The workload controllers seen with the real kubectl on two nodes: a Deployment rolls out, scales, restarts,
 * rolls back and keeps its history as {@code kubectl rollout} expects; a Job runs its completions with bounded
 * parallelism; a CronJob starts a Job every minute, runs one made by hand from it, and trims its history.
 *
 * <p>The image is {@link TestImages#BUSYBOX}, built locally FROM scratch with busybox.
 *
 * <p>The tests run at the same time, each in its own namespace: the CronJob's takes minutes of waiting for the
 * clock, in which the others run. The annotation is on the tests, not on the class, which would run it beside the
 * other classes.
 */
@SharedKumos({"--nodes", "2"})
class WorkloadsE2EIT extends KumosUp {

    private static final String IMAGE = TestImages.busybox();

    private final Kubectl kubectl = Kubectl.version("1.33");

    WorkloadsE2EIT() {
        super();
    }

    private Command.Result kubectl(String... args) {
        return kubectl.run(kumos.kubeconfig(), args);
    }

    private Command.Result ok(String... args) {
        Command.Result result = kubectl(args);
        assertEquals(0, result.exitCode(), () -> "kubectl " + String.join(" ", args) + "\n" + result);
        return result;
    }

    private Path manifest(String name, String yaml) throws IOException {
        Path file = kumos.home().resolve(name + ".yaml");
        Files.writeString(file, yaml);
        return file;
    }

    private void namespace(String name) {
        ok("create", "namespace", name);
    }

    private List<String> words(String output) {
        String trimmed = output.trim();
        return trimmed.isEmpty() ? List.of() : Arrays.asList(trimmed.split("\\s+"));
    }

    @Test
    @Execution(ExecutionMode.CONCURRENT)
    void aDeploymentRollsOutScalesRestartsAndRollsBack() throws IOException {
        String ns = "workloads-deploy";
        namespace(ns);
        ok("apply", "-f", manifest("deployment", """
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: web
                  namespace: %s
                  annotations:
                    kubernetes.io/change-cause: first
                spec:
                  replicas: 3
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
                        image: %s
                        args: ["httpd", "-f", "-p", "8080"]
                        ports:
                        - containerPort: 8080
                """.formatted(ns, IMAGE)).toString());

        Command.Result rolledOut = ok("rollout", "status", "deployment/web", "-n", ns, "--timeout=180s");
        assertTrue(rolledOut.output().contains("deployment \"web\" successfully rolled out"), rolledOut::toString);
        String deployments = ok("get", "deployments", "web", "-n", ns).output();
        assertTrue(deployments.matches("(?s).*web\\s+3/3\\s+3\\s+3\\s+.*"), deployments);
        String replicaSets = ok("get", "rs", "-n", ns, "-l", "app=web", "-o", "jsonpath={range .items[*]}"
                + "{.metadata.name} {.metadata.annotations.deployment\\.kubernetes\\.io/revision} "
                + "{.metadata.ownerReferences[0].kind} {.spec.replicas}{\"\\n\"}{end}").output().trim();
        assertTrue(replicaSets.matches("web-[bcdfghjklmnpqrstvwxz2456789]+ 1 Deployment 3"), replicaSets);
        String hash = replicaSets.split(" ")[0].substring("web-".length());
        List<String> pods = words(ok("get", "pods", "-n", ns, "-l", "app=web", "-o",
                "jsonpath={range .items[*]}{.metadata.name}={.status.phase} {end}").output());
        assertEquals(3, pods.size(), pods::toString);
        pods.forEach(pod -> assertTrue(pod.matches("web-" + hash + "-[bcdfghjklmnpqrstvwxz2456789]{5}=Running"),
                pods::toString));

        ok("scale", "deployment", "web", "-n", ns, "--replicas=5");
        ok("rollout", "status", "deployment/web", "-n", ns, "--timeout=180s");
        assertEquals("5 5", ok("get", "deployment", "web", "-n", ns, "-o",
                "jsonpath={.status.readyReplicas} {.status.updatedReplicas}").output());

        ok("scale", "deployment", "web", "-n", ns, "--replicas=1");
        ok("rollout", "status", "deployment/web", "-n", ns, "--timeout=180s");
        await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> assertEquals(1, words(kubectl("get", "pods",
                "-n", ns, "-l", "app=web", "-o", "jsonpath={.items[*].metadata.name}").output()).size()));

        ok("scale", "deployment", "web", "-n", ns, "--replicas=3");
        ok("rollout", "restart", "deployment/web", "-n", ns);
        ok("annotate", "deployment/web", "-n", ns, "kubernetes.io/change-cause=restart", "--overwrite");
        rolledOut = ok("rollout", "status", "deployment/web", "-n", ns, "--timeout=240s");
        assertTrue(rolledOut.output().contains("successfully rolled out"), rolledOut::toString);
        assertEquals("2", ok("get", "deployment", "web", "-n", ns, "-o",
                "jsonpath={.metadata.annotations.deployment\\.kubernetes\\.io/revision}").output());
        await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
            List<String> restarted = words(kubectl("get", "pods", "-n", ns, "-l", "app=web", "-o",
                    "jsonpath={range .items[*]}{.metadata.annotations.kubectl\\.kubernetes\\.io/restartedAt}"
                            + "|{.metadata.labels.pod-template-hash} {end}").output());
            assertEquals(3, restarted.size(), restarted::toString);
            restarted.forEach(pod -> assertTrue(!pod.startsWith("|") && !pod.endsWith("|" + hash),
                    restarted::toString));
        });
        String history = ok("rollout", "history", "deployment/web", "-n", ns).output();
        assertTrue(history.matches("(?s).*REVISION\\s+CHANGE-CAUSE\\s+1\\s+first\\s+2\\s+restart\\s*"), history);

        Command.Result undo = ok("rollout", "undo", "deployment/web", "-n", ns);
        assertTrue(undo.output().contains("deployment.apps/web rolled back"), undo::toString);
        ok("rollout", "status", "deployment/web", "-n", ns, "--timeout=240s");
        assertEquals("3", ok("get", "deployment", "web", "-n", ns, "-o",
                "jsonpath={.metadata.annotations.deployment\\.kubernetes\\.io/revision}").output());
        assertEquals("3", ok("get", "rs", "web-" + hash, "-n", ns, "-o",
                "jsonpath={.metadata.annotations.deployment\\.kubernetes\\.io/revision}").output(),
                "the first ReplicaSet is the newest revision again");
        await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
            List<String> hashes = words(kubectl("get", "pods", "-n", ns, "-l", "app=web", "-o",
                    "jsonpath={.items[*].metadata.labels.pod-template-hash}").output());
            assertEquals(List.of(hash, hash, hash), hashes);
        });
        history = ok("rollout", "history", "deployment/web", "-n", ns).output();
        assertTrue(history.matches("(?s).*REVISION\\s+CHANGE-CAUSE\\s+2\\s+restart\\s+3\\s+first\\s*"), history);

        String describe = ok("describe", "deployment", "web", "-n", ns).output();
        assertTrue(describe.matches("(?s).*Available\\s+True\\s+MinimumReplicasAvailable.*"), describe);
        assertTrue(describe.matches("(?s).*Progressing\\s+True\\s+NewReplicaSetAvailable.*"), describe);
        assertTrue(describe.matches("(?s).*NewReplicaSet:\\s+web-" + hash + " \\(3/3 replicas created\\).*"),
                describe);
        assertTrue(describe.contains("ScalingReplicaSet"), describe);
    }

    @Test
    @Execution(ExecutionMode.CONCURRENT)
    void aJobRunsItsCompletionsTwoAtATime() throws IOException {
        String ns = "workloads-job";
        namespace(ns);
        ok("apply", "-f", manifest("job", """
                apiVersion: batch/v1
                kind: Job
                metadata:
                  name: count
                  namespace: %s
                spec:
                  completions: 5
                  parallelism: 2
                  template:
                    spec:
                      restartPolicy: Never
                      containers:
                      - name: main
                        image: %s
                        command: ["sh", "-c", "sleep 5; echo done"]
                """.formatted(ns, IMAGE)).toString());
        AtomicInteger mostActive = new AtomicInteger();
        await().atMost(Duration.ofSeconds(240)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            String active = kubectl("get", "job", "count", "-n", ns, "-o", "jsonpath={.status.active}").output();
            if (active.matches("\\d+")) {
                mostActive.accumulateAndGet(Integer.parseInt(active), Math::max);
            }
            assertEquals("True", kubectl("get", "job", "count", "-n", ns, "-o",
                    "jsonpath={.status.conditions[?(@.type==\"Complete\")].status}").output());
        });
        assertTrue(mostActive.get() <= 2, "more than parallelism pods at once: " + mostActive.get());
        // When each pod's container ran, as its status says: two of them at a time, not one, not three.
        List<String> runs = words(ok("get", "pods", "-n", ns, "-l", "job-name=count", "-o", "jsonpath={range .items[*]}"
                + "{.status.containerStatuses[0].state.terminated.startedAt}/"
                + "{.status.containerStatuses[0].state.terminated.finishedAt} {end}").output());
        assertEquals(2, mostAtOnce(runs), "pods running at once, from their containers' times: " + runs);
        assertEquals("5", ok("get", "job", "count", "-n", ns, "-o", "jsonpath={.status.succeeded}").output());
        ok("wait", "--for=condition=complete", "job/count", "-n", ns, "--timeout=10s");
        List<String> phases = words(ok("get", "pods", "-n", ns, "-l", "job-name=count", "-o",
                "jsonpath={.items[*].status.phase}").output());
        assertEquals(List.of("Succeeded", "Succeeded", "Succeeded", "Succeeded", "Succeeded"), phases);
        String jobs = ok("get", "jobs", "-n", ns).output();
        assertTrue(jobs.matches("(?s).*count\\s+(Complete\\s+)?5/5\\s+.*"), jobs);
        assertTrue(ok("logs", "job/count", "-n", ns).output().contains("done"));
    }

    /** The most of these {@code startedAt/finishedAt} runs (RFC 3339) that overlap, taken as [start, finish). */
    private static int mostAtOnce(List<String> runs) {
        TreeMap<Instant, Integer> changes = new TreeMap<>();
        for (String run : runs) {
            String[] times = run.split("/");
            assertEquals(2, times.length, "a run with a start and a finish: " + runs);
            changes.merge(Instant.parse(times[0]), 1, Integer::sum);
            changes.merge(Instant.parse(times[1]), -1, Integer::sum);
        }
        int running = 0;
        int most = 0;
        for (int change : changes.values()) {
            running += change;
            most = Math.max(most, running);
        }
        return most;
    }

    @Test
    @Execution(ExecutionMode.CONCURRENT)
    void aCronJobStartsAJobEveryMinuteAndKeepsItsHistory() throws IOException {
        String ns = "workloads-cron";
        namespace(ns);
        ok("apply", "-f", manifest("cronjob", """
                apiVersion: batch/v1
                kind: CronJob
                metadata:
                  name: tick
                  namespace: %s
                spec:
                  schedule: "*/1 * * * *"
                  successfulJobsHistoryLimit: 1
                  jobTemplate:
                    spec:
                      template:
                        spec:
                          restartPolicy: OnFailure
                          containers:
                          - name: main
                            image: %s
                            command: ["sh", "-c", "echo tick"]
                """.formatted(ns, IMAGE)).toString());

        ok("create", "job", "by-hand", "--from=cronjob/tick", "-n", ns);
        ok("wait", "--for=condition=complete", "job/by-hand", "-n", ns, "--timeout=120s");

        // Each scheduled Job by its minute since the epoch, with its creation time.
        Map<Long, Instant> created = new ConcurrentSkipListMap<>();
        AtomicReference<String> beyondHistory = new AtomicReference<>();
        await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofSeconds(2))
                .failFast("more Jobs than the history keeps", () -> assertNull(beyondHistory.get(),
                        "one finished, and one running or just finished, at most"))
                .untilAsserted(() -> {
                    List<String> jobs = words(kubectl("get", "jobs", "-n", ns, "-o", "jsonpath={range .items[*]}"
                            + "{.metadata.name}={.status.succeeded}={.metadata.creationTimestamp} {end}").output());
                    jobs.stream().map(job -> job.split("=")).filter(job -> job[0].matches("tick-\\d{8}"))
                            .forEach(job -> created.putIfAbsent(Long.parseLong(job[0].substring("tick-".length())),
                                    Instant.parse(job[2])));
                    // One finished is kept; the one that just finished, or one running, may be there a moment.
                    if (jobs.size() > 2) {
                        beyondHistory.set(jobs.toString());
                    }
                    long finished = jobs.stream().filter(job -> job.contains("=1=")).count();
                    assertEquals(1, finished, "the history limit, once the cleanup is done: " + jobs);
                    assertTrue(created.size() >= 2, "scheduled so far: " + created);
                    String first = "tick-" + created.keySet().iterator().next();
                    assertTrue(jobs.stream().noneMatch(job -> job.startsWith(first + "=")
                            || job.startsWith("by-hand=")), "the oldest finished Jobs are gone: " + jobs);
                });
        List<Long> minutes = List.copyOf(created.keySet());
        assertEquals(LongStream.range(minutes.get(0), minutes.get(0) + minutes.size()).boxed().toList(), minutes,
                "a Job every minute, none skipped: " + created);
        created.forEach((minute, at) -> {
            Instant scheduled = Instant.ofEpochSecond(minute * 60);
            assertTrue(!at.isBefore(scheduled) && at.isBefore(scheduled.plusSeconds(20)),
                    "tick-" + minute + " is named after its scheduled minute " + scheduled + ", created at " + at);
        });
        String status = ok("get", "cronjob", "tick", "-n", ns, "-o",
                "jsonpath={.status.lastScheduleTime} {.status.lastSuccessfulTime}").output();
        assertTrue(status.matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:00Z \\d{4}-.*"), status);
        String describe = ok("describe", "cronjob", "tick", "-n", ns).output();
        assertTrue(describe.contains("SuccessfulCreate"), describe);
        assertTrue(describe.contains("SuccessfulDelete"), describe);
    }
}
