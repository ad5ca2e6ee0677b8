package io.kumos.gateway.network;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

import io.kumos.gateway.TestNamespaces;
import io.kumos.testing.Command;
import io.kumos.testing.KumosInfraResource;
import io.kumos.testing.Kubectl;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;

/**
 * Services written through the gateway get their cluster IP and node ports from network-service (here a stand-in
 * the tests own) at once, as from kube-apiserver: filled in on create, claimed when asked for (or refused with
 * kube-apiserver's words, nothing written), kept by updates that leave them out, given back when the Service no
 * longer needs them; and a network-service that does not answer fails the create with a clear Status.
 */
@QuarkusTest
@WithTestResource(KumosInfraResource.class)
@WithTestResource(StandInNetworkService.class)
class ServicesIT {

    private static final String MERGE = "application/merge-patch+json";
    private static final String TABLE = "application/json;as=Table;v=v1;g=meta.k8s.io,application/json";

    @ConfigProperty(name = "kumos.gateway.network-url")
    String network;

    @ConfigProperty(name = "quarkus.http.test-port")
    int port;

    private String ns;

    @BeforeEach
    void namespaceOfTheTest(TestInfo test) {
        ns = TestNamespaces.create(test);
    }

    @Test
    void aNewServiceGetsAClusterIpAtOnce() {
        String ip = create(service("web", "ClusterIP", "{\"port\":80,\"targetPort\":8080}")).statusCode(201)
                .body("spec.clusterIP", startsWith("10.96."))
                .body("spec.ipFamilies", contains("IPv4"))
                .body("spec.ipFamilyPolicy", equalTo("SingleStack"))
                .extract().path("spec.clusterIP");
        given().get(services() + "/web").then().body("spec.clusterIPs", contains(ip));
        assertEquals(uid("web"), held("ips").get(ip), "held by the Service's uid");
        given().accept(TABLE).get(services()).then().body("rows[0].cells[2]", equalTo(ip));

        given().delete(services() + "/web").then().statusCode(200);
        assertTrue(!held("ips").containsKey(ip), "given back when the Service is deleted");
    }

    @Test
    void servicesAreDefaultedAndKeepTheirClusterIP() {
        String service = """
                {"apiVersion":"v1","kind":"Service","metadata":{"name":"web"},
                 "spec":{"clusterIP":"10.96.0.10","selector":{"app":"web"},"ports":[{"port":80}]}}
                """;
        create(service).statusCode(201)
                .body("spec.type", equalTo("ClusterIP"))
                .body("spec.sessionAffinity", equalTo("None"))
                .body("spec.ports[0].protocol", equalTo("TCP"))
                .body("spec.ports[0].targetPort", equalTo(80))
                .body("spec.clusterIPs", contains("10.96.0.10"));
        patch("/web", "{\"spec\":{\"clusterIP\":\"10.96.0.11\"}}").statusCode(422)
                .body("details.causes.field", hasItem("spec.clusterIP"));
        create(service.replace("\"web\"}", "\"bad\"}").replace("\"port\":80", "\"port\":70000"))
                .statusCode(422).body("details.causes.field", hasItem("spec.ports[0].port"));
        given().accept(TABLE).get(services()).then()
                .body("columnDefinitions.name", contains("Name", "Type", "Cluster-IP", "External-IP", "Port(s)",
                        "Age", "Selector"))
                .body("rows[0].cells[4]", equalTo("80/TCP"));
        // A replace with the manifest, which has no cluster IP, keeps the Service's.
        given().contentType(ContentType.JSON).body(given().get(services() + "/web").then().extract().asString()
                .replace("\"clusterIP\":\"10.96.0.10\",", "").replaceAll("\"clusterIPs\":\\[[^]]*],", ""))
                .put(services() + "/web").then().statusCode(200).body("spec.clusterIP", equalTo("10.96.0.10"));
    }

    @Test
    void aClusterIpTakenOrOutOfRangeIsRefusedAndNothingIsWritten() {
        create(service("dns", "ClusterIP", "{\"port\":53}").replace("\"spec\":{",
                "\"spec\":{\"clusterIP\":\"10.96.0.53\",")).statusCode(201);

        create(service("rival", "ClusterIP", "{\"port\":53}").replace("\"spec\":{",
                "\"spec\":{\"clusterIP\":\"10.96.0.53\",")).statusCode(422)
                .body("reason", equalTo("Invalid"))
                .body("message", equalTo("Service \"rival\" is invalid: spec.clusterIPs: Invalid value: "
                        + "[]string{\"10.96.0.53\"}: failed to allocate IP 10.96.0.53: provided IP is already "
                        + "allocated"))
                .body("details.causes[0].field", equalTo("spec.clusterIPs"));
        create(service("outside", "ClusterIP", "{\"port\":53}").replace("\"spec\":{",
                "\"spec\":{\"clusterIP\":\"192.168.1.1\",")).statusCode(422)
                .body("message", equalTo("Service \"outside\" is invalid: spec.clusterIPs: Invalid value: "
                        + "[]string{\"192.168.1.1\"}: failed to allocate IP 192.168.1.1: the provided IP "
                        + "(192.168.1.1) is not in the valid range. The range of valid IPs is 10.96.0.0/12"));
        given().get(services() + "/rival").then().statusCode(404);
        given().get(services() + "/outside").then().statusCode(404);
    }

    @Test
    void nodePortServicesGetNodePortsAndATakenOneIsRefusedWithNothingHeld() {
        create(service("web", "NodePort", "{\"name\":\"http\",\"port\":80}", "{\"name\":\"https\",\"port\":443,"
                + "\"nodePort\":31443}")).statusCode(201)
                .body("spec.ports[0].nodePort", notNullValue())
                .body("spec.ports[1].nodePort", equalTo(31443))
                .body("spec.externalTrafficPolicy", equalTo("Cluster"));
        Map<String, String> before = held("ips");

        create(service("rival", "NodePort", "{\"name\":\"a\",\"port\":80}", "{\"name\":\"b\",\"port\":81,"
                + "\"nodePort\":31443}")).statusCode(422)
                .body("message", equalTo("Service \"rival\" is invalid: spec.ports[1].nodePort: Invalid value: "
                        + "31443: provided port is already allocated"))
                .body("details.causes[0].field", equalTo("spec.ports[1].nodePort"));
        create(service("low", "NodePort", "{\"port\":80,\"nodePort\":80}")).statusCode(422)
                .body("message", equalTo("Service \"low\" is invalid: spec.ports[0].nodePort: Invalid value: 80: "
                        + "provided port is not in the valid range. The range of valid ports is 30000-32767"));
        create(service("forbidden", "ClusterIP", "{\"port\":80,\"nodePort\":30999}")).statusCode(422)
                .body("details.causes[0].field", equalTo("spec.ports[0].nodePort"));

        given().get(services() + "/rival").then().statusCode(404);
        assertEquals(before, held("ips"), "the refused Services' cluster IPs were given back");
        assertTrue(held("ports").values().stream().allMatch(uid("web")::equals), "and their node ports");
    }

    @Test
    void changingTheTypeClaimsOrGivesBackNodePorts() {
        create(service("web", "ClusterIP", "{\"name\":\"http\",\"port\":80}")).statusCode(201);
        int nodePort = patch("/web", "{\"spec\":{\"type\":\"NodePort\"}}").statusCode(200)
                .extract().path("spec.ports[0].nodePort");
        assertEquals(uid("web"), held("ports").get(Integer.toString(nodePort)));

        // A replace with the manifest, which has no node port, keeps it.
        given().contentType(ContentType.JSON).body(service("web", "NodePort", "{\"name\":\"http\",\"port\":80}"))
                .put(services() + "/web").then().statusCode(200).body("spec.ports[0].nodePort", equalTo(nodePort));

        patch("/web", "{\"spec\":{\"type\":\"ClusterIP\"}}").statusCode(200)
                .body("spec.ports[0]", not(hasKey("nodePort")));
        assertTrue(!held("ports").containsKey(Integer.toString(nodePort)), "given back");

        String ip = given().get(services() + "/web").then().extract().path("spec.clusterIP");
        patch("/web", "{\"spec\":{\"type\":\"ExternalName\",\"externalName\":\"example.com\"}}").statusCode(200)
                .body("spec", not(hasKey("clusterIP")));
        assertTrue(!held("ips").containsKey(ip), "an ExternalName Service needs no cluster IP");
    }

    @Test
    void aNetworkServiceThatDoesNotAnswerFailsTheCreateClearly() {
        String unreachable = "unreachable-" + ns;
        given().contentType(ContentType.JSON).body("{\"metadata\":{\"name\":\"" + unreachable + "\"}}")
                .post("/api/v1/namespaces").then().statusCode(201);

        given().contentType(ContentType.JSON).body(service("web", "ClusterIP", "{\"port\":80}"))
                .post("/api/v1/namespaces/" + unreachable + "/services").then().statusCode(500)
                .body("kind", equalTo("Status"))
                .body("reason", equalTo("InternalError"))
                .body("message", startsWith("Internal error occurred: failed to allocate a serviceIP: "
                        + "network-service at " + network + " did not answer"));
        given().get("/api/v1/namespaces/" + unreachable + "/services/web").then().statusCode(404);
        // Headless and ExternalName Services need no address: they do not wait for network-service.
        given().contentType(ContentType.JSON).body(service("peers", "ClusterIP", "{\"port\":80}")
                .replace("\"spec\":{", "\"spec\":{\"clusterIP\":\"None\",")).post("/api/v1/namespaces/"
                        + unreachable + "/services").then().statusCode(201);
    }

    /**
     * network-service's endpoints controller writes only when what the grid shows differs from what it computes:
     * what it writes must come back as written, or it would write again every pass.
     */
    @Test
    void endpointsAndSlicesAsTheControllerWritesThemComeBackAsWritten() {
        create(service("web", "ClusterIP", "{\"name\":\"http\",\"port\":80,\"targetPort\":\"web\"}"))
                .statusCode(201);
        String uid = uid("web");
        String subsets = """
                [{"addresses":[{"ip":"10.244.0.11","hostname":"web-0","nodeName":"node-1",
                   "targetRef":{"kind":"Pod","namespace":"%s","name":"web-0","uid":"p1"}}],
                  "notReadyAddresses":[{"ip":"10.244.0.12","nodeName":"node-1",
                   "targetRef":{"kind":"Pod","namespace":"%s","name":"web-1","uid":"p2"}}],
                  "ports":[{"name":"http","port":8080,"protocol":"TCP","appProtocol":"http"}]}]
                """.formatted(ns, ns);
        String labels = "{\"app\":\"web\",\"endpoints.kubernetes.io/managed-by\":\"endpoint-controller\"}";
        given().contentType(ContentType.JSON).body("{\"apiVersion\":\"v1\",\"kind\":\"Endpoints\",\"metadata\":"
                + "{\"name\":\"web\",\"labels\":" + labels + "},\"subsets\":" + subsets + "}")
                .post("/api/v1/namespaces/" + ns + "/endpoints").then().statusCode(201);
        String endpoints = """
                [{"addresses":["10.244.0.11"],"conditions":{"ready":true,"serving":true,"terminating":false},
                  "hostname":"web-0","nodeName":"node-1",
                  "targetRef":{"kind":"Pod","namespace":"%s","name":"web-0","uid":"p1"}},
                 {"addresses":["10.244.0.12"],"conditions":{"ready":false,"serving":true,"terminating":true},
                  "nodeName":"node-1","targetRef":{"kind":"Pod","namespace":"%s","name":"web-1","uid":"p2"}}]
                """.formatted(ns, ns);
        String owners = "[{\"apiVersion\":\"v1\",\"kind\":\"Service\",\"name\":\"web\",\"uid\":\"" + uid
                + "\",\"controller\":true,\"blockOwnerDeletion\":true}]";
        String slices = "/apis/discovery.k8s.io/v1/namespaces/" + ns + "/endpointslices";
        given().contentType(ContentType.JSON).body("{\"apiVersion\":\"discovery.k8s.io/v1\",\"kind\":"
                + "\"EndpointSlice\",\"metadata\":{\"name\":\"web-bcdfg\",\"labels\":{\"kubernetes.io/service-name\":"
                + "\"web\"},\"ownerReferences\":" + owners + "},\"addressType\":\"IPv4\",\"endpoints\":[],"
                + "\"ports\":[{\"name\":\"\",\"port\":8080,\"protocol\":\"TCP\"}]}").post(slices).then()
                .statusCode(201);
        given().contentType(MERGE).body("{\"endpoints\":" + endpoints + ",\"ports\":null}")
                .patch(slices + "/web-bcdfg").then().statusCode(200);

        given().get("/api/v1/namespaces/" + ns + "/endpoints/web").then()
                .body("subsets", equalTo(json(subsets)))
                .body("metadata.labels", equalTo(json(labels)));
        given().get(slices + "/web-bcdfg").then()
                .body("endpoints", equalTo(json(endpoints)))
                .body("$", not(hasKey("ports")))
                .body("metadata.ownerReferences", equalTo(json(owners)));
    }

    private static Object json(String text) {
        return io.restassured.path.json.JsonPath.from(text).get("$");
    }

    @Test
    void kubectlShowsTheAddressesAndTheRefusals() throws IOException {
        Path kubeconfig = kubeconfig();
        Kubectl kubectl = Kubectl.version("1.33");
        Command.Result created = kubectl.run(kubeconfig, "create", "service", "nodeport", "web", "--tcp=80:8080",
                "--node-port=30080");
        assertEquals(0, created.exitCode(), created::toString);
        Command.Result listed = kubectl.run(kubeconfig, "get", "service", "web");
        String ip = given().get(services() + "/web").then().extract().path("spec.clusterIP");
        assertTrue(listed.output().contains(ip) && listed.output().contains("80:30080/TCP"), listed::toString);

        Command.Result refused = kubectl.run(kubeconfig, "create", "service", "nodeport", "rival", "--tcp=80:8080",
                "--node-port=30080");
        assertNotEquals(0, refused.exitCode());
        assertTrue(refused.output().contains("Service \"rival\" is invalid: spec.ports[0].nodePort: Invalid value: "
                + "30080: provided port is already allocated"), refused::toString);
    }

    private Path kubeconfig() throws IOException {
        Path kubeconfig = Path.of("target", "services-it", "kubeconfig").toAbsolutePath();
        Files.createDirectories(kubeconfig.getParent());
        Files.writeString(kubeconfig, """
                apiVersion: v1
                kind: Config
                clusters:
                - name: kumos
                  cluster:
                    server: http://127.0.0.1:%d
                contexts:
                - name: kumos
                  context:
                    cluster: kumos
                    namespace: %s
                current-context: kumos
                """.formatted(port, ns));
        return kubeconfig;
    }

    private static String service(String name, String type, String... ports) {
        return """
                {"apiVersion":"v1","kind":"Service","metadata":{"name":"%s"},
                 "spec":{"type":"%s","selector":{"app":"%s"},"ports":[%s]}}
                """.formatted(name, type, name, String.join(",", ports));
    }

    private String services() {
        return "/api/v1/namespaces/" + ns + "/services";
    }

    private ValidatableResponse create(String body) {
        return given().contentType(ContentType.JSON).body(body).post(services()).then();
    }

    private ValidatableResponse patch(String name, String body) {
        return given().contentType(MERGE).body(body).patch(services() + name).then();
    }

    private String uid(String name) {
        return given().get(services() + "/" + name).then().statusCode(200).extract().path("metadata.uid");
    }

    /** What the stand-in network-service holds: {@code ips} or {@code ports}, each by the holder's uid. */
    private Map<String, String> held(String what) {
        return given().get(network + "/stand-in/held").then().statusCode(200).extract().jsonPath().getMap(what);
    }
}
