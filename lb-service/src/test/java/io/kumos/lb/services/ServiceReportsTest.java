package io.kumos.lb.services;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.kumos.grid.api.ApiClient;
import io.kumos.lb.proxy.ListenerAddress;
import io.kumos.lb.proxy.ListenerStatus;
import io.kumos.lb.proxy.ProxyPlan;
import io.kumos.lb.proxy.Route;
import io.kumos.lb.proxy.ServiceKey;

/**
 * What lb-service tells the API: the ingress of LoadBalancer Services once they are served, and Warning Events for
 * listeners that cannot bind, each once; with an API that fails or is absent, nothing breaks and it is tried again.
 */
class ServiceReportsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ServiceKey WEB = new ServiceKey("shop", "web", "http");
    private static final ListenerAddress PORT_80 = new ListenerAddress("127.0.0.1", 80);

    private final FakeApiGateway api = startApi();
    private final ApiWriter writer = new ApiWriter(api.uri().toString());
    private final ApiClient client = new ApiClient(api.uri(), JSON, "lb-service");
    private final IngressPublisher ingress = new IngressPublisher(client, writer, JSON, "127.0.0.1");
    private final ListenerReports reports = new ListenerReports(new ServiceEvents(client, writer, JSON,
            Clock.systemUTC()));

    @AfterEach
    void stop() {
        writer.close();
        api.close();
    }

    @Test
    void aServedLoadBalancerGetsItsIngressOnce() throws Exception {
        Planning planning = planning(service("7", "{}"));
        List<ListenerStatus> bound = List.of(ListenerStatus.bound(PORT_80, WEB));

        ingress.publish(planning, bound);
        ingress.publish(planning, bound);
        drained();

        assertEquals(1, api.requests.size(), "the same version is not patched twice: " + api.requests);
        FakeApiGateway.Request patch = api.requests.get(0);
        assertEquals("PATCH", patch.method());
        assertEquals("/api/v1/namespaces/shop/services/web/status", patch.path());
        assertEquals(JSON.readTree("{\"metadata\":{\"uid\":\"u-web\"},"
                + "\"status\":{\"loadBalancer\":{\"ingress\":[{\"ip\":\"127.0.0.1\"}]}}}"),
                JSON.readTree(patch.body()), "conditional on the Service read (its uid)");

        ingress.publish(planning(service("8", "{\"ingress\":[{\"ip\":\"127.0.0.1\"}]}")), bound);
        drained();
        assertEquals(1, api.requests.size(), "the projection shows it: nothing to write");
    }

    @Test
    void aLoadBalancerWhoseListenersAllFailedGetsNoIngress() throws Exception {
        ingress.publish(planning(service("7", "{}")), List.of(ListenerStatus.failed(PORT_80, WEB, "in use")));
        drained();
        assertEquals(List.of(), api.requests);
    }

    @Test
    void aFailedPatchIsSentAgainOnTheNextPass() throws Exception {
        api.failNext(1);
        Planning planning = planning(service("7", "{}"));
        List<ListenerStatus> bound = List.of(ListenerStatus.bound(PORT_80, WEB));
        ingress.publish(planning, bound);
        drained();
        ingress.publish(planning, bound);
        drained();
        assertEquals(2, api.requests.size());
    }

    @Test
    void anUnreachableApiIsOnlyLogged() throws Exception {
        int port = freeLoopbackPort();
        ApiClient absent = new ApiClient(URI.create("http://127.0.0.1:" + port), JSON, "lb-service");
        ApiWriter absentWriter = new ApiWriter(absent.base());
        IngressPublisher publisher = new IngressPublisher(absent, absentWriter, JSON, "127.0.0.1");
        ListenerReports unreported = new ListenerReports(new ServiceEvents(absent, absentWriter, JSON,
                Clock.systemUTC()));
        Planning planning = planning(service("7", "{}"));
        List<ListenerStatus> bound = List.of(ListenerStatus.bound(PORT_80, WEB));
        List<String> warnings = new CopyOnWriteArrayList<>();
        java.util.logging.Logger log = java.util.logging.Logger.getLogger(ApiWriter.class.getName());
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
                    warnings.add(String.valueOf(record.getParameters() == null ? record.getMessage()
                            : String.format(record.getMessage(), record.getParameters())));
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        log.addHandler(capture);
        try {
            publisher.publish(planning, bound);
            unreported.report(planning, List.of(ListenerStatus.failed(PORT_80, WEB, "in use")));
            drained(absentWriter);
            assertEquals(1, warnings.size(), "one warning while the API is away, not one per write: " + warnings);
            assertTrue(warnings.get(0).contains("the ingress of Service shop/web"), warnings.get(0));

            try (FakeApiGateway late = new FakeApiGateway(port)) {
                publisher.publish(planning, bound);
                drained(absentWriter);
                assertEquals(List.of("PATCH /api/v1/namespaces/shop/services/web/status"),
                        late.requests.stream().map(request -> request.method() + " " + request.path()).toList(),
                        "the failed write was not taken as done: the next pass sends it, on the same writer");
            }
        } finally {
            log.removeHandler(capture);
            absentWriter.close();
        }
    }

    @Test
    void aListenerThatCannotBindIsAWarningEventOnItsServiceOncePerFailure() throws Exception {
        Planning planning = planning(service("7", "{}"));
        List<ListenerStatus> failed = List.of(ListenerStatus.failed(PORT_80, WEB, "Address already in use"));

        reports.report(planning, failed);
        reports.report(planning, failed);
        drained();
        assertEquals(1, api.requests.size(), "reported once, not on every resync");
        FakeApiGateway.Request post = api.requests.get(0);
        assertEquals("/api/v1/namespaces/shop/events", post.path());
        JsonNode event = JSON.readTree(post.body());
        assertEquals("Service", event.path("involvedObject").path("kind").asText());
        assertEquals("web", event.path("involvedObject").path("name").asText());
        assertEquals("u-web", event.path("involvedObject").path("uid").asText());
        assertEquals("Warning", event.path("type").asText());
        assertEquals(ListenerReports.REASON, event.path("reason").asText());
        assertTrue(event.path("message").asText().contains("127.0.0.1:80")
                && event.path("message").asText().contains("Address already in use"), event.toString());

        reports.report(planning, List.of(ListenerStatus.bound(PORT_80, WEB)));
        reports.report(planning, failed);
        drained();
        assertEquals(2, api.requests.size(), "a new failure after the listener came up is reported again");
    }

    @Test
    void aPortConflictBetweenServicesIsReportedOnTheServiceLeftWithout() throws Exception {
        ServiceKey newer = new ServiceKey("shop", "web", "http");
        ServiceKey older = new ServiceKey("shop", "legacy", "http");
        Planning planning = new Planning(new ProxyPlan(Map.of(PORT_80, older), Map.of(older, Route.of(List.of()))),
                List.of(new ListenerConflict(PORT_80, newer, older)), Map.of("shop/web", service("7", "{}")));

        reports.report(planning, List.of(ListenerStatus.bound(PORT_80, older)));
        drained();
        assertEquals(1, api.requests.size());
        JsonNode event = JSON.readTree(api.requests.get(0).body());
        assertEquals("web", event.path("involvedObject").path("name").asText());
        assertTrue(event.path("message").asText().contains("shop/legacy:http"), event.toString());
    }

    /** Waits for the writer to have sent everything queued so far: it runs one call at a time, in order. */
    private void drained() throws InterruptedException {
        drained(writer);
    }

    private static void drained(ApiWriter writer) throws InterruptedException {
        CountDownLatch done = new CountDownLatch(1);
        writer.submit("a barrier", done::countDown, () -> {
        });
        assertTrue(done.await(10, TimeUnit.SECONDS));
    }

    private static Planning planning(JsonNode service) {
        return new Planning(new ProxyPlan(Map.of(PORT_80, WEB), Map.of(WEB, Route.of(List.of()))), List.of(),
                Map.of("shop/web", service));
    }

    private static JsonNode service(String resourceVersion, String loadBalancerStatus) throws JsonProcessingException {
        return JSON.readTree("""
                {"apiVersion":"v1","kind":"Service","metadata":{"namespace":"shop","name":"web","uid":"u-web","resourceVersion":"%s"},
                 "spec":{"type":"LoadBalancer","ports":[{"name":"http","port":80}]},
                 "status":{"loadBalancer":%s}}""".formatted(resourceVersion, loadBalancerStatus));
    }

    private static int freeLoopbackPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static FakeApiGateway startApi() {
        try {
            return new FakeApiGateway();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
