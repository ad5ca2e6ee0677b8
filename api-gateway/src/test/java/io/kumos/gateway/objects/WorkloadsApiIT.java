package io.kumos.gateway.objects;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import java.time.Duration;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

import io.kumos.gateway.TestNamespaces;
import io.kumos.testing.KumosInfraResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;

/**
 * The workload kinds against the real PostgreSQL: defaulting, validation, generation, the status and scale
 * subresources, the three patch types, bindings, graceful deletion, finalizers and garbage collection.
 */
@QuarkusTest
@WithTestResource(KumosInfraResource.class)
class WorkloadsApiIT {

    private static final String TABLE = "application/json;as=Table;v=v1;g=meta.k8s.io,application/json";
    private static final String SMP = "application/strategic-merge-patch+json";
    private static final String MERGE = "application/merge-patch+json";
    private static final String JSON_PATCH = "application/json-patch+json";

    private String ns;

    @BeforeEach
    void namespaceOfTheTest(TestInfo test) {
        ns = TestNamespaces.create(test);
    }

    private static String deployment(String name, String image) {
        return """
                {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"%s","labels":{"app":"%s"}},
                 "spec":{"selector":{"matchLabels":{"app":"%s"}},
                  "template":{"metadata":{"labels":{"app":"%s"}},
                   "spec":{"containers":[{"name":"main","image":"%s","ports":[{"containerPort":80}],
                     "env":[{"name":"A","value":"1"},{"name":"B","value":"2"}]},
                    {"name":"side","image":"busybox:1.36"}]}}}}
                """.formatted(name, name, name, name, image);
    }

    private String path(String groupVersion, String plural) {
        return (groupVersion.equals("v1") ? "/api/v1" : "/apis/" + groupVersion) + "/namespaces/" + ns + "/" + plural;
    }

    private String deployments() {
        return path("apps/v1", "deployments");
    }

    private ValidatableResponse create(String groupVersion, String plural, String body) {
        return given().contentType(ContentType.JSON).body(body).post(path(groupVersion, plural)).then();
    }

    private ValidatableResponse patch(String url, String type, String body) {
        return given().contentType(type).body(body).patch(url).then();
    }

    @Test
    void aDeploymentIsDefaultedAsKubernetesDoes() {
        create("apps/v1", "deployments", deployment("web", "nginx:1.25")).statusCode(201)
                .body("metadata.generation", equalTo(1))
                .body("spec.replicas", equalTo(1))
                .body("spec.revisionHistoryLimit", equalTo(10))
                .body("spec.progressDeadlineSeconds", equalTo(600))
                .body("spec.strategy.type", equalTo("RollingUpdate"))
                .body("spec.strategy.rollingUpdate.maxSurge", equalTo("25%"))
                .body("spec.template.spec.restartPolicy", equalTo("Always"))
                .body("spec.template.spec.dnsPolicy", equalTo("ClusterFirst"))
                .body("spec.template.spec.terminationGracePeriodSeconds", equalTo(30))
                .body("spec.template.spec.containers[0].imagePullPolicy", equalTo("IfNotPresent"))
                .body("spec.template.spec.containers[0].ports[0].protocol", equalTo("TCP"))
                .body("spec.template.spec.containers[0].terminationMessagePath", equalTo("/dev/termination-log"))
                .body("status", equalTo(java.util.Map.of()));
    }

    @Test
    void invalidWorkloadsAreRefusedWithFieldCauses() {
        String badReplicas = deployment("web", "nginx").replace("\"spec\":{\"selector\"",
                "\"spec\":{\"replicas\":-2,\"selector\"");
        create("apps/v1", "deployments", badReplicas).statusCode(422)
                .body("reason", equalTo("Invalid"))
                .body("details.causes.field", hasItem("spec.replicas"))
                .body("message", containsString("spec.replicas: Invalid value: -2: must be greater than or equal to 0"));
        String mismatch = deployment("web", "nginx").replace("\"matchLabels\":{\"app\":\"web\"}",
                "\"matchLabels\":{\"app\":\"other\"}");
        create("apps/v1", "deployments", mismatch).statusCode(422)
                .body("details.causes.field", hasItem("spec.template.metadata.labels"));
        create("apps/v1", "deployments", deployment("web", "")).statusCode(422)
                .body("details.causes.field", hasItem("spec.template.spec.containers[0].image"));
        given().get(deployments() + "/web").then().statusCode(404)
                .body("message", equalTo("deployments.apps \"web\" not found"));
    }

    @Test
    void specChangesBumpTheGenerationAndTheSelectorIsImmutable() {
        create("apps/v1", "deployments", deployment("web", "nginx:1.25")).statusCode(201);
        patch(deployments() + "/web", MERGE, "{\"metadata\":{\"labels\":{\"tier\":\"front\"}}}").statusCode(200)
                .body("metadata.generation", equalTo(1));
        patch(deployments() + "/web", MERGE, "{\"spec\":{\"replicas\":3}}").statusCode(200)
                .body("metadata.generation", equalTo(2));
        patch(deployments() + "/web", MERGE, "{\"spec\":{\"selector\":{\"matchLabels\":{\"app\":\"x\"}},"
                + "\"template\":{\"metadata\":{\"labels\":{\"app\":\"x\"}}}}}").statusCode(422)
                .body("details.causes.field", hasItem("spec.selector"))
                .body("message", containsString("field is immutable"));
    }

    @Test
    void statusIsWrittenOnlyThroughTheStatusSubresource() {
        create("apps/v1", "deployments", deployment("web", "nginx:1.25")).statusCode(201);
        patch(deployments() + "/web", MERGE, "{\"status\":{\"replicas\":5},\"spec\":{\"paused\":true}}")
                .statusCode(200).body("status.replicas", nullValue()).body("spec.paused", equalTo(true));
        patch(deployments() + "/web/status", MERGE, "{\"status\":{\"replicas\":5,\"observedGeneration\":2},"
                + "\"spec\":{\"replicas\":9}}")
                .statusCode(200).body("status.replicas", equalTo(5)).body("spec.replicas", equalTo(1))
                .body("metadata.generation", equalTo(2));
        given().get(deployments() + "/web/status").then().statusCode(200).body("status.observedGeneration", equalTo(2));
    }

    @Test
    void theScaleSubresourceReadsAndWritesReplicas() {
        create("apps/v1", "deployments", deployment("web", "nginx:1.25")).statusCode(201);
        String resourceVersion = given().get(deployments() + "/web/scale").then().statusCode(200)
                .body("kind", equalTo("Scale")).body("apiVersion", equalTo("autoscaling/v1"))
                .body("spec.replicas", equalTo(1)).body("status.selector", equalTo("app=web"))
                .extract().path("metadata.resourceVersion");
        patch(deployments() + "/web/scale", MERGE, "{\"spec\":{\"replicas\":3}}").statusCode(200)
                .body("spec.replicas", equalTo(3));
        given().get(deployments() + "/web").then().body("spec.replicas", equalTo(3));
        given().contentType(ContentType.JSON).body("{\"kind\":\"Scale\",\"apiVersion\":\"autoscaling/v1\","
                + "\"metadata\":{\"name\":\"web\",\"resourceVersion\":\"" + resourceVersion + "\"},"
                + "\"spec\":{\"replicas\":5}}")
                .put(deployments() + "/web/scale").then().statusCode(409).body("reason", equalTo("Conflict"));
        patch(deployments() + "/web/scale", MERGE, "{\"spec\":{\"replicas\":-1}}").statusCode(422);
    }

    @Test
    void aStrategicMergePatchMergesListsByTheirKeys() {
        create("apps/v1", "deployments", deployment("web", "nginx:1.25")).statusCode(201);
        // What kubectl apply sends after env C was added, B removed, the side container dropped.
        String patch = """
                {"spec":{"template":{"spec":{"$setElementOrder/containers":[{"name":"main"}],
                  "containers":[{"$setElementOrder/env":[{"name":"A"},{"name":"C"}],
                                 "env":[{"name":"C","value":"3"},{"$patch":"delete","name":"B"}],
                                 "image":"nginx:1.26","name":"main"},
                                {"$patch":"delete","name":"side"}]}}}}
                """;
        patch(deployments() + "/web", SMP, patch).statusCode(200)
                .body("spec.template.spec.containers.name", contains("main"))
                .body("spec.template.spec.containers[0].image", equalTo("nginx:1.26"))
                .body("spec.template.spec.containers[0].env.name", contains("A", "C"))
                .body("spec.template.spec.containers[0].ports[0].containerPort", equalTo(80))
                .body("metadata.generation", equalTo(2));
        patch(deployments() + "/web", SMP,
                "{\"spec\":{\"strategy\":{\"$retainKeys\":[\"type\"],\"rollingUpdate\":null,\"type\":\"Recreate\"}}}")
                .statusCode(200)
                .body("spec.strategy.type", equalTo("Recreate"))
                .body("spec.strategy", not(hasKey("rollingUpdate")));
        patch(deployments() + "/web", SMP, "{\"metadata\":{\"finalizers\":[\"a/b\"]}}").statusCode(200);
        patch(deployments() + "/web", SMP, "{\"metadata\":{\"finalizers\":[\"c/d\"]}}").statusCode(200)
                .body("metadata.finalizers", contains("a/b", "c/d"));
        patch(deployments() + "/web", SMP, "{\"metadata\":{\"$deleteFromPrimitiveList/finalizers\":[\"a/b\","
                + "\"c/d\"]}}").statusCode(200).body("metadata", not(hasKey("finalizers")));
    }

    @Test
    void aJsonPatchAppliesItsOperations() {
        create("apps/v1", "deployments", deployment("web", "nginx:1.25")).statusCode(201);
        patch(deployments() + "/web", JSON_PATCH, "[{\"op\":\"replace\",\"path\":\"/spec/replicas\",\"value\":4},"
                + "{\"op\":\"add\",\"path\":\"/metadata/annotations\",\"value\":{\"a\":\"b\"}}]").statusCode(200)
                .body("spec.replicas", equalTo(4)).body("metadata.annotations.a", equalTo("b"));
        patch(deployments() + "/web", JSON_PATCH, "[{\"op\":\"remove\",\"path\":\"/spec/nothing\"}]")
                .statusCode(422);
        given().contentType("application/x-patch").body("{}".getBytes()).patch(deployments() + "/web").then()
                .statusCode(415)
                .body("reason", equalTo("UnsupportedMediaType"));
    }

    @Test
    void unknownFieldsAreRefusedWhenStrictAndWarnedOtherwise() {
        String unknown = deployment("web", "nginx:1.25").replace("\"spec\":{\"selector\"",
                "\"spec\":{\"replicaz\":2,\"selector\"");
        given().contentType(ContentType.JSON).queryParam("fieldValidation", "Strict").body(unknown)
                .post(deployments()).then().statusCode(400)
                .body("message", equalTo("Deployment in version \"v1\" cannot be handled as a Deployment: strict "
                        + "decoding error: unknown field \"spec.replicaz\""));
        given().contentType(ContentType.JSON).body(unknown).post(deployments()).then().statusCode(201)
                .header("Warning", equalTo("299 - \"unknown field \\\"spec.replicaz\\\"\""))
                .body("spec", not(hasKey("replicaz")));
        given().contentType(SMP).queryParam("fieldValidation", "Strict")
                .body("{\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"name\":\"main\",\"imagePullPolcy\":\"x\"}]}}}}")
                .patch(deployments() + "/web").then().statusCode(400)
                .body("message", containsString("unknown field \"spec.template.spec.containers[0].imagePullPolcy\""));
    }

    private ValidatableResponse apply(String url, String manager, boolean force, String yaml) {
        return given().contentType("application/apply-patch+yaml").queryParam("fieldManager", manager)
                .queryParam("force", force).body(yaml.getBytes()).patch(url).then();
    }

    @Test
    void serverSideApplyOwnsFieldsAndReportsConflicts() {
        String config = """
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: owned
                data:
                  a: "1"
                  b: "2"
                """;
        String url = path("v1", "configmaps") + "/owned";
        apply(url, "alice", false, config).statusCode(200)
                .body("data.a", equalTo("1"))
                .body("metadata.managedFields[0].manager", equalTo("alice"))
                .body("metadata.managedFields[0].operation", equalTo("Apply"))
                .body("metadata.managedFields[0].fieldsV1.'f:data'", hasKey("f:b"));
        apply(url, "bob", false, config.replace("\"1\"", "\"9\"").replace("  b: \"2\"\n", "")).statusCode(409)
                .body("reason", equalTo("Conflict"))
                .body("message", containsString("conflict with \"alice\": .data.a"))
                .body("details.causes[0].reason", equalTo("FieldManagerConflict"))
                .body("details.causes[0].field", equalTo(".data.a"));
        apply(url, "bob", true, config.replace("\"1\"", "\"9\"").replace("  b: \"2\"\n", "")).statusCode(200)
                .body("data.a", equalTo("9"));
        // alice stops applying b (and a, now bob's): b goes, a stays bob's.
        apply(url, "alice", false, config.replace("  a: \"1\"\n", "").replace("  b: \"2\"\n", "  c: \"3\"\n"))
                .statusCode(200)
                .body("data", equalTo(java.util.Map.of("a", "9", "c", "3")));
        // An ordinary update takes ownership of what it changed: applying the old value again conflicts.
        patch(url + "?fieldManager=kubectl-edit", MERGE, "{\"data\":{\"c\":\"4\"}}").statusCode(200);
        apply(url, "alice", false, config.replace("  a: \"1\"\n", "").replace("  b: \"2\"\n", "  c: \"3\"\n"))
                .statusCode(409).body("message", containsString("conflict with \"kubectl-edit\" using v1: .data.c"));
        given().contentType("application/apply-patch+yaml").body(config.getBytes()).patch(url).then()
                .statusCode(422).body("details.causes[0].field", equalTo("fieldManager"));
    }

    @Test
    void serverSideApplyMergesListsByKey() {
        String url = deployments() + "/web";
        String config = deployment("web", "nginx:1.25");
        apply(url, "kubectl", false, config).statusCode(200).body("spec.template.spec.containers.name",
                contains("main", "side"));
        given().contentType(ContentType.JSON).queryParam("fieldManager", "kubectl-scale")
                .body("{\"kind\":\"Scale\",\"apiVersion\":\"autoscaling/v1\",\"metadata\":{\"name\":\"web\"},"
                        + "\"spec\":{\"replicas\":3}}").put(url + "/scale").then().statusCode(200);
        String removedSide = config.replaceAll(",\\s*\\{\"name\":\"side\",\"image\":\"busybox:1\\.36\"}", "");
        apply(url, "kubectl", false, removedSide.replace("nginx:1.25", "nginx:1.26")).statusCode(200)
                .body("spec.template.spec.containers.name", contains("main"))
                .body("spec.template.spec.containers[0].image", equalTo("nginx:1.26"))
                .body("spec.replicas", equalTo(3));
        apply(url, "kubectl", false, removedSide.replace("\"spec\":{\"selector\"", "\"spec\":{\"replicas\":1,\"selector\""))
                .statusCode(409).body("details.causes[0].field", equalTo(".spec.replicas"));
    }

    private static String pod(String name) {
        return """
                {"apiVersion":"v1","kind":"Pod","metadata":{"name":"%s","labels":{"app":"%s"}},
                 "spec":{"containers":[{"name":"main","image":"busybox","resources":{"limits":{"cpu":"1","memory":"64Mi"}}}]}}
                """.formatted(name, name);
    }

    @Test
    void aPodStartsPendingAndOnlyItsImagesChange() {
        create("v1", "pods", pod("p")).statusCode(201)
                .body("status.phase", equalTo("Pending"))
                .body("status.qosClass", equalTo("Guaranteed"))
                .body("spec.containers[0].imagePullPolicy", equalTo("Always"))
                .body("spec.containers[0].resources.requests.cpu", equalTo("1"))
                .body("spec.serviceAccountName", equalTo("default"))
                .body("spec.tolerations.key", hasItem("node.kubernetes.io/not-ready"))
                .body("spec.schedulerName", equalTo("default-scheduler"));
        patch(path("v1", "pods") + "/p", SMP, "{\"spec\":{\"containers\":[{\"name\":\"main\",\"image\":\"busybox:2\"}]}}")
                .statusCode(200).body("spec.containers[0].image", equalTo("busybox:2"));
        patch(path("v1", "pods") + "/p", SMP, "{\"spec\":{\"restartPolicy\":\"Never\"}}").statusCode(422)
                .body("details.causes[0].reason", equalTo("FieldValueForbidden"));
        given().accept(TABLE).get(path("v1", "pods")).then().statusCode(200)
                .body("columnDefinitions.name", contains("Name", "Ready", "Status", "Restarts", "Age", "IP", "Node",
                        "Nominated Node", "Readiness Gates"))
                .body("rows[0].cells[1]", equalTo("0/1")).body("rows[0].cells[2]", equalTo("Pending"));
    }

    @Test
    void aBoundPodIsDeletedGracefullyAndAnUnboundOneAtOnce() {
        create("v1", "pods", pod("bound")).statusCode(201);
        String binding = "{\"apiVersion\":\"v1\",\"kind\":\"Binding\",\"metadata\":{\"name\":\"bound\"},"
                + "\"target\":{\"apiVersion\":\"v1\",\"kind\":\"Node\",\"name\":\"node-1\"}}";
        given().contentType(ContentType.JSON).body(binding).post(path("v1", "pods") + "/bound/binding").then()
                .statusCode(201).body("status", equalTo("Success"));
        given().contentType(ContentType.JSON).body(binding).post(path("v1", "pods") + "/bound/binding").then()
                .statusCode(409);
        given().get(path("v1", "pods")).then().body("items[0].spec.nodeName", equalTo("node-1"));
        given().queryParam("fieldSelector", "spec.nodeName=node-1").get("/api/v1/pods").then()
                .body("items.metadata.name", contains("bound"));

        given().contentType(ContentType.JSON).body("{\"propagationPolicy\":\"Background\"}")
                .delete(path("v1", "pods") + "/bound").then().statusCode(200)
                .body("metadata.deletionTimestamp", notNullValue())
                .body("metadata.deletionGracePeriodSeconds", equalTo(30));
        given().accept(TABLE).get(path("v1", "pods") + "/bound").then().body("rows[0].cells[2]", equalTo("Terminating"));
        given().contentType(ContentType.JSON).body("{\"gracePeriodSeconds\":0}")
                .delete(path("v1", "pods") + "/bound").then().statusCode(200);
        given().get(path("v1", "pods") + "/bound").then().statusCode(404);

        create("v1", "pods", pod("loose")).statusCode(201);
        given().contentType(ContentType.JSON).body("{\"apiVersion\":\"policy/v1\",\"kind\":\"Eviction\","
                + "\"metadata\":{\"name\":\"loose\"}}").post(path("v1", "pods") + "/loose/eviction").then()
                .statusCode(201);
        given().get(path("v1", "pods") + "/loose").then().statusCode(404);
    }

    private static String binding(String name, String uid, String resourceVersion, String node) {
        return ("{'apiVersion':'v1','kind':'Binding','metadata':{'name':'%s'" + (uid == null ? "" : ",'uid':'" + uid
                + "'") + (resourceVersion == null ? "" : ",'resourceVersion':'" + resourceVersion + "'")
                + "},'target':{'apiVersion':'v1','kind':'Node','name':'%s'}}").formatted(name, node).replace('\'', '"');
    }

    @Test
    void aBindingHonoursThePodsUidAndResourceVersion() {
        String pods = path("v1", "pods");
        ValidatableResponse created = create("v1", "pods", pod("decided")).statusCode(201);
        String uid = created.extract().path("metadata.uid");
        String read = created.extract().path("metadata.resourceVersion");

        given().contentType(ContentType.JSON).body(binding("decided", "6d1c1f1e-0000-4000-8000-000000000000", null,
                "node-decided")).post(pods + "/decided/binding").then().statusCode(409)
                .body("kind", equalTo("Status")).body("reason", equalTo("Conflict"))
                .body("message", containsString("Precondition failed: UID in precondition: "
                        + "6d1c1f1e-0000-4000-8000-000000000000, UID in object meta: " + uid));

        patch(pods + "/decided", MERGE, "{\"metadata\":{\"labels\":{\"changed\":\"yes\"}}}").statusCode(200);
        given().contentType(ContentType.JSON).body(binding("decided", uid, read, "node-decided"))
                .post(pods + "/decided/binding").then().statusCode(409).body("reason", equalTo("Conflict"));
        given().get(pods + "/decided").then().body("spec.nodeName", nullValue());

        String current = given().get(pods + "/decided").then().extract().path("metadata.resourceVersion");
        given().contentType(ContentType.JSON).body(binding("decided", uid, current, "node-decided"))
                .post(pods + "/decided/binding").then().statusCode(201).body("status", equalTo("Success"));
        given().get(pods + "/decided").then().body("spec.nodeName", equalTo("node-decided"));
        given().contentType(ContentType.JSON).body(binding("decided", uid, null, "node-other"))
                .post(pods + "/decided/binding").then().statusCode(409)
                .body("message", containsString("already assigned to node \"node-decided\""));
    }

    @Test
    void aBindingOfAPodBeingDeletedIsAConflict() {
        String pods = path("v1", "pods");
        create("v1", "pods", pod("leaving").replace("\"labels\"", "\"finalizers\":[\"kumos.io/test\"],\"labels\""))
                .statusCode(201);
        given().delete(pods + "/leaving").then().statusCode(200);
        given().contentType(ContentType.JSON).body(binding("leaving", null, null, "node-decided"))
                .post(pods + "/leaving/binding").then().statusCode(409)
                .body("message", containsString("is being deleted"));
        patch(pods + "/leaving", MERGE, "{\"metadata\":{\"finalizers\":null}}").statusCode(200);
    }

    @Test
    void aPatchOrPutNamingAnotherUidIsAConflict() {
        String pods = path("v1", "pods");
        String uid = create("v1", "pods", pod("named")).statusCode(201).extract().path("metadata.uid");
        String other = "0b7d1a8c-0000-4000-8000-000000000000";

        patch(pods + "/named/status", MERGE, "{\"metadata\":{\"uid\":\"" + other + "\"},"
                + "\"status\":{\"phase\":\"Running\"}}").statusCode(409).body("reason", equalTo("Conflict"))
                .body("message", containsString("Precondition failed: UID in precondition: " + other));
        given().get(pods + "/named").then().body("status.phase", equalTo("Pending"));
        patch(pods + "/named/status", MERGE, "{\"metadata\":{\"uid\":\"" + uid + "\"},"
                + "\"status\":{\"phase\":\"Running\"}}").statusCode(200).body("status.phase", equalTo("Running"));
        patch(pods + "/named", SMP, "{\"metadata\":{\"uid\":\"" + other + "\",\"labels\":{\"a\":\"b\"}}}")
                .statusCode(409);

        String live = given().get(pods + "/named").then().extract().asString();
        given().contentType(ContentType.JSON).body(live.replace(uid, other)).put(pods + "/named").then()
                .statusCode(409).body("message", containsString("UID in object meta: " + uid));
        given().contentType(ContentType.JSON).body(live).put(pods + "/named").then().statusCode(200);
    }

    @Test
    void jobsGetAGeneratedSelectorAndCronJobsAValidSchedule() {
        String job = """
                {"apiVersion":"batch/v1","kind":"Job","metadata":{"name":"once"},
                 "spec":{"template":{"spec":{"restartPolicy":"Never","containers":[{"name":"c","image":"busybox"}]}}}}
                """;
        String uid = create("batch/v1", "jobs", job).statusCode(201)
                .body("spec.completions", equalTo(1)).body("spec.backoffLimit", equalTo(6))
                .body("spec.template.metadata.labels.job-name", equalTo("once"))
                .extract().path("metadata.uid");
        given().get(path("batch/v1", "jobs") + "/once").then()
                .body("spec.selector.matchLabels.'batch.kubernetes.io/controller-uid'", equalTo(uid));
        create("batch/v1", "jobs", job.replace("once", "always").replace("Never", "Always")).statusCode(422)
                .body("details.causes.field", hasItem("spec.template.spec.restartPolicy"));
        String cronJob = """
                {"apiVersion":"batch/v1","kind":"CronJob","metadata":{"name":"tick"},
                 "spec":{"schedule":"%s","jobTemplate":{"spec":{"template":{"spec":{"restartPolicy":"OnFailure",
                   "containers":[{"name":"c","image":"busybox"}]}}}}}}
                """;
        create("batch/v1", "cronjobs", cronJob.formatted("*/5 * * * *")).statusCode(201)
                .body("spec.concurrencyPolicy", equalTo("Allow"))
                .body("spec.successfulJobsHistoryLimit", equalTo(3));
        create("batch/v1", "cronjobs", cronJob.formatted("61 * * * *").replace("tick", "bad")).statusCode(422)
                .body("details.causes.field", hasItem("spec.schedule"));
    }

    @Test
    void autoscalersAreServedInV1AndV2() {
        String v1 = """
                {"apiVersion":"autoscaling/v1","kind":"HorizontalPodAutoscaler","metadata":{"name":"web"},
                 "spec":{"scaleTargetRef":{"apiVersion":"apps/v1","kind":"Deployment","name":"web"},
                  "maxReplicas":5,"targetCPUUtilizationPercentage":60}}
                """;
        create("autoscaling/v1", "horizontalpodautoscalers", v1).statusCode(201)
                .body("apiVersion", equalTo("autoscaling/v1"))
                .body("spec.targetCPUUtilizationPercentage", equalTo(60))
                .body("spec.minReplicas", equalTo(1));
        given().get(path("autoscaling/v2", "horizontalpodautoscalers") + "/web").then().statusCode(200)
                .body("apiVersion", equalTo("autoscaling/v2"))
                .body("spec.metrics[0].resource.name", equalTo("cpu"))
                .body("spec.metrics[0].resource.target.averageUtilization", equalTo(60));
        given().accept(TABLE).get(path("autoscaling/v2", "horizontalpodautoscalers")).then()
                .body("rows[0].cells[1]", equalTo("Deployment/web"))
                .body("rows[0].cells[2]", equalTo("cpu: <unknown>/60%"));
        create("autoscaling/v2", "horizontalpodautoscalers", v1.replace("autoscaling/v1", "autoscaling/v2")
                .replace("\"web\"}", "\"bad\"}").replace("\"maxReplicas\":5", "\"maxReplicas\":0")).statusCode(422);
    }

    private String replicaSetOwnedBy(String name, String ownerUid) {
        return """
                {"apiVersion":"apps/v1","kind":"ReplicaSet","metadata":{"name":"%s","labels":{"app":"web"},
                  "ownerReferences":[{"apiVersion":"apps/v1","kind":"Deployment","name":"web","uid":"%s",
                    "controller":true,"blockOwnerDeletion":true}]},
                 "spec":{"selector":{"matchLabels":{"app":"web"}},
                  "template":{"metadata":{"labels":{"app":"web"}},"spec":{"containers":[{"name":"c","image":"x"}]}}}}
                """.formatted(name, ownerUid);
    }

    private String deploymentWithReplicaSet() {
        String uid = create("apps/v1", "deployments", deployment("web", "nginx")).statusCode(201)
                .extract().path("metadata.uid");
        create("apps/v1", "replicasets", replicaSetOwnedBy("web-1", uid)).statusCode(201);
        return uid;
    }

    @Test
    void dependentsAreCollectedWhenTheirOwnerGoes() {
        deploymentWithReplicaSet();
        given().contentType(ContentType.JSON).body("{\"propagationPolicy\":\"Background\"}")
                .delete(deployments() + "/web").then().statusCode(200);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                given().get(path("apps/v1", "replicasets") + "/web-1").then().statusCode(404));
    }

    @Test
    void orphanPropagationKeepsTheDependentsWithoutTheirOwner() {
        deploymentWithReplicaSet();
        given().contentType(ContentType.JSON).body("{\"propagationPolicy\":\"Orphan\"}")
                .delete(deployments() + "/web").then().statusCode(200)
                .body("metadata.finalizers", contains("orphan"));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                given().get(deployments() + "/web").then().statusCode(404));
        given().get(path("apps/v1", "replicasets") + "/web-1").then().statusCode(200)
                .body("metadata", not(hasKey("ownerReferences")));
    }

    @Test
    void foregroundPropagationKeepsTheOwnerUntilItsDependentsAreGone() {
        deploymentWithReplicaSet();
        patch(path("apps/v1", "replicasets") + "/web-1", MERGE, "{\"metadata\":{\"finalizers\":[\"test/hold\"]}}")
                .statusCode(200);
        given().contentType(ContentType.JSON).body("{\"propagationPolicy\":\"Foreground\"}")
                .delete(deployments() + "/web").then().statusCode(200)
                .body("metadata.finalizers", contains("foregroundDeletion"));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().get(path("apps/v1", "replicasets")
                + "/web-1").then().body("metadata.deletionTimestamp", notNullValue()));
        given().get(deployments() + "/web").then().statusCode(200);
        patch(path("apps/v1", "replicasets") + "/web-1", MERGE, "{\"metadata\":{\"finalizers\":null}}")
                .statusCode(200);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                given().get(deployments() + "/web").then().statusCode(404));
    }

    @Test
    void aDeletedNamespaceTerminatesEmptiesAndGoes() {
        create("v1", "configmaps", "{\"metadata\":{\"name\":\"c\"}}").statusCode(201);
        given().delete("/api/v1/namespaces/" + ns).then().statusCode(200)
                .body("status.phase", equalTo("Terminating"));
        create("v1", "configmaps", "{\"metadata\":{\"name\":\"d\"}}").statusCode(403)
                .body("message", containsString("because it is being terminated"));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                given().get("/api/v1/namespaces/" + ns).then().statusCode(404));
        given().get(path("v1", "configmaps") + "/c").then().statusCode(404);
    }

    @Test
    void deleteCollectionDeletesWhatTheSelectorSelects() {
        create("v1", "configmaps", "{\"metadata\":{\"name\":\"a\",\"labels\":{\"x\":\"1\"}}}").statusCode(201);
        create("v1", "configmaps", "{\"metadata\":{\"name\":\"b\",\"labels\":{\"x\":\"2\"}}}").statusCode(201);
        given().queryParam("labelSelector", "x=1").delete(path("v1", "configmaps")).then().statusCode(200)
                .body("items.metadata.name", contains("a"));
        given().get(path("v1", "configmaps")).then().body("items.metadata.name", contains("b"));
    }
}
