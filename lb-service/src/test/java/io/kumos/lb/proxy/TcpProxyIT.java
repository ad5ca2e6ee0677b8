package io.kumos.lb.proxy;

import static io.kumos.lb.proxy.TestBackend.freePort;
import static io.kumos.lb.proxy.TestBackend.readLine;
import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.kumos.lb.proxy.internal.LeakDetection;
import io.netty.channel.epoll.Epoll;

/**
 * The proxy on real sockets on 127.0.0.1, with small TCP servers as endpoints: what a client of a Service
 * notices. Buffers are leak-checked after each test.
 */
@ExtendWith(LeakDetection.class)
class TcpProxyIT {

    private static final ServiceKey WEB = new ServiceKey("shop", "web", "http");
    private static final Duration CONNECT_TIMEOUT = Duration.ofMillis(300);

    private final List<AutoCloseable> resources = new ArrayList<>();
    private TcpProxy proxy;

    @AfterEach
    void stop() throws Exception {
        Collections.reverse(resources);
        for (AutoCloseable resource : resources) {
            resource.close();
        }
    }

    @Test
    void spreadsConnectionsRoundRobinOverThreeEndpoints() throws IOException {
        start(Duration.ofSeconds(10), Duration.ofSeconds(30));
        int port = listen(WEB, Route.of(List.of(backend("a"), backend("b"), backend("c"))));

        List<String> served = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            try (Socket client = connect(port)) {
                served.add(readLine(client.getInputStream()));
            }
        }
        assertEquals(List.of("a", "b", "c", "a", "b", "c"), served);
        ProxyStats.ServiceStats stats = stats(WEB);
        assertEquals(6, stats.totalConnections());
        assertEquals(12, stats.endpointToClientBytes(), "six greetings of a letter and a newline");
        stats.endpoints().forEach(endpoint -> assertEquals(2, endpoint.totalConnections(), endpoint.toString()));
        assertEquals(Epoll.isAvailable() ? "epoll" : "nio", proxy.transport());
    }

    @Test
    void aServiceWithoutReadyEndpointResetsConnectionsAtOnce() throws IOException {
        start(Duration.ofSeconds(10), Duration.ofSeconds(30));
        int port = listen(WEB, Route.of(List.of()));

        long started = System.nanoTime();
        try (Socket client = connect(port)) {
            SocketException reset = assertThrows(SocketException.class, () -> client.getInputStream().read());
            assertTrue(reset.getMessage().contains("reset"), reset.getMessage());
        }
        long millis = Duration.ofNanos(System.nanoTime() - started).toMillis();
        assertTrue(millis < 200, "refused after " + millis + " ms");
        assertEquals(1, stats(WEB).refusedConnections());
    }

    @Test
    void anEndpointRefusingConnectionsIsSkippedForTheNext() throws IOException {
        start(Duration.ofSeconds(10), Duration.ofSeconds(30));
        Backend dead = new Backend("127.0.0.1", freePort());
        int port = listen(WEB, Route.of(List.of(dead, backend("alive"))));

        for (int i = 0; i < 4; i++) {
            try (Socket client = connect(port)) {
                assertEquals("alive", readLine(client.getInputStream()));
            }
        }
        assertEquals(1, endpoint(WEB, dead).connectFailures(),
                "tried once, then passed over while it is suspect (Balancer.SUSPICION)");
        assertEquals(0, stats(WEB).refusedConnections());
    }

    @Test
    void anEndpointThatDoesNotAnswerIsGivenUpAfterTheConnectTimeout() throws IOException {
        start(Duration.ofSeconds(10), Duration.ofSeconds(30));
        Backend silent = silentEndpoint();
        int port = listen(WEB, Route.of(List.of(silent, backend("alive"))));

        long started = System.nanoTime();
        try (Socket client = connect(port)) {
            assertEquals("alive", readLine(client.getInputStream()));
        }
        long millis = Duration.ofNanos(System.nanoTime() - started).toMillis();
        assertTrue(millis >= CONNECT_TIMEOUT.toMillis() - 50 && millis < 2000, "answered after " + millis + " ms");
        assertEquals(1, endpoint(WEB, silent).connectFailures());
    }

    @Test
    void aRemovedEndpointGetsNoNewConnectionsAndItsOpenOnesDrain() throws IOException {
        start(Duration.ofSeconds(10), Duration.ofSeconds(1));
        Backend leaving = backend("leaving");
        Backend staying = backend("staying");
        int port = listen(WEB, Route.of(List.of(leaving, staying)));
        Socket open = connect(port);
        assertEquals("leaving", readLine(open.getInputStream()));

        apply(Map.of(new ListenerAddress("127.0.0.1", port), WEB), Map.of(WEB, Route.of(List.of(staying))));
        long removed = System.nanoTime();
        for (int i = 0; i < 3; i++) {
            try (Socket client = connect(port)) {
                assertEquals("staying", readLine(client.getInputStream()), "new connections avoid it at once");
            }
        }
        assertEquals("still here", echo(open, "still here"), "the open connection goes on during the grace");
        assertFalse(endpoint(WEB, leaving).ready());
        assertEquals(1, endpoint(WEB, leaving).activeConnections());

        assertTrue(closedByPeer(open), "closed once the grace is over");
        long millis = Duration.ofNanos(System.nanoTime() - removed).toMillis();
        assertTrue(millis >= 900, "closed after " + millis + " ms, before the grace ended");
        await().atMost(Duration.ofSeconds(2)).until(() -> stats(WEB).activeConnections() == 0);
    }

    @Test
    void aClientsFinReachesTheEndpointWhichStillAnswers() throws IOException {
        start(Duration.ofSeconds(10), Duration.ofSeconds(30));
        int port = listen(WEB, Route.of(List.of(start(TestBackend.countsUntilFin()))));

        try (Socket client = connect(port)) {
            client.getOutputStream().write("hello world".getBytes(US_ASCII));
            client.shutdownOutput();
            assertEquals("got 11", readLine(client.getInputStream()));
            assertEquals(-1, client.getInputStream().read());
        }
    }

    @Test
    void clientIpAffinityKeepsEachClientOnOneEndpoint() throws IOException {
        start(Duration.ofSeconds(10), Duration.ofSeconds(30));
        int port = listen(WEB, new Route(List.of(backend("a"), backend("b"), backend("c")),
                SessionAffinity.clientIp(Duration.ofMinutes(1))));

        Set<String> first = new HashSet<>();
        Set<String> second = new HashSet<>();
        for (int i = 0; i < 4; i++) {
            first.add(greetingFrom("127.0.0.1", port));
            second.add(greetingFrom("127.0.0.2", port));
        }
        assertEquals(1, first.size(), "127.0.0.1 went to " + first);
        assertEquals(1, second.size(), "127.0.0.2 went to " + second);
        assertFalse(first.equals(second), "the second client was balanced to another endpoint");
    }

    @Test
    void aListenerWhosePortIsTakenIsReportedWhileTheOthersServe() throws IOException {
        start(Duration.ofSeconds(10), Duration.ofSeconds(30));
        ServiceKey other = new ServiceKey("shop", "api", "");
        ServerSocket squatter = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"));
        int taken = squatter.getLocalPort();
        int free = freePort();
        Map<ListenerAddress, ServiceKey> listeners = Map.of(new ListenerAddress("127.0.0.1", taken), WEB,
                new ListenerAddress("127.0.0.1", free), other);
        Map<ServiceKey, Route> routes = Map.of(WEB, Route.of(List.of(backend("web"))),
                other, Route.of(List.of(backend("api"))));

        List<ListenerStatus> statuses = apply(listeners, routes);
        ListenerStatus failed = statuses.stream().filter(s -> s.service().equals(WEB)).findFirst().orElseThrow();
        assertFalse(failed.bound());
        assertTrue(failed.error().contains("in use"), failed.error());
        assertTrue(statuses.stream().filter(s -> s.service().equals(other)).findFirst().orElseThrow().bound());
        assertEquals("api", greetingFrom("127.0.0.1", free));

        squatter.close();
        assertTrue(apply(listeners, routes).stream().allMatch(ListenerStatus::bound), "retried once the port is free");
        assertEquals("web", greetingFrom("127.0.0.1", taken));
        assertEquals("api", greetingFrom("127.0.0.1", free));
    }

    @Test
    void aServiceLeavingThePlanStopsListening() throws IOException {
        start(Duration.ofSeconds(10), Duration.ofSeconds(30));
        int port = listen(WEB, Route.of(List.of(backend("web"))));
        assertEquals("web", greetingFrom("127.0.0.1", port));

        apply(Map.of(), Map.of());
        assertThrows(ConnectException.class, () -> connect(port));
    }

    @Test
    void aSlowClientSlowsTheEndpointDownInsteadOfFillingMemory() throws IOException {
        start(Duration.ofSeconds(10), Duration.ofSeconds(30));
        long total = 256L << 20;
        long limit = 100L << 20;
        AtomicLong written = new AtomicLong();
        int port = listen(WEB, Route.of(List.of(start(TestBackend.sends(total, written)))));

        Socket client = new Socket();
        resources.add(client);
        client.setReceiveBufferSize(64 * 1024);
        client.connect(new InetSocketAddress("127.0.0.1", port));
        await().atMost(Duration.ofSeconds(5)).until(() -> written.get() > 0);
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).until(() -> written.get() < limit);
        assertTrue(stats(WEB).endpointToClientBytes() < limit);

        long received = client.getInputStream().transferTo(OutputStream.nullOutputStream());
        assertEquals(total, received, "every byte arrives once the client reads, then the endpoint's FIN");
    }

    @Test
    void anIdleConnectionIsClosed() throws IOException {
        start(Duration.ofMillis(500), Duration.ofSeconds(30));
        int port = listen(WEB, Route.of(List.of(backend("web"))));

        try (Socket client = connect(port)) {
            assertEquals("web", readLine(client.getInputStream()));
            long started = System.nanoTime();
            assertEquals(-1, client.getInputStream().read());
            long millis = Duration.ofNanos(System.nanoTime() - started).toMillis();
            assertTrue(millis >= 400, "closed after " + millis + " ms");
        }
    }

    private void start(Duration idleTimeout, Duration drainGrace) {
        proxy = TcpProxy.start(new ProxySettings(CONNECT_TIMEOUT, idleTimeout, drainGrace, 2, true));
        resources.add(proxy);
    }

    private int listen(ServiceKey service, Route route) throws IOException {
        int port = freePort();
        List<ListenerStatus> statuses = apply(Map.of(new ListenerAddress("127.0.0.1", port), service),
                Map.of(service, route));
        assertTrue(statuses.get(0).bound(), statuses.toString());
        return port;
    }

    private List<ListenerStatus> apply(Map<ListenerAddress, ServiceKey> listeners, Map<ServiceKey, Route> routes) {
        return proxy.apply(new ProxyPlan(new HashMap<>(listeners), routes));
    }

    private Backend backend(String name) throws IOException {
        return start(TestBackend.greeting(name));
    }

    private Backend start(TestBackend.Behaviour behaviour) throws IOException {
        TestBackend backend = TestBackend.start(behaviour);
        resources.add(backend);
        return backend.backend();
    }

    /** A listener whose accept queue is full: connecting to it neither succeeds nor fails, it times out. */
    private Backend silentEndpoint() throws IOException {
        ServerSocket silent = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"));
        resources.add(silent);
        for (int i = 0; i < 8; i++) {
            Socket filler = new Socket();
            resources.add(filler);
            try {
                filler.connect(silent.getLocalSocketAddress(), 200);
            } catch (SocketTimeoutException full) {
                return new Backend("127.0.0.1", silent.getLocalPort());
            }
        }
        throw new IllegalStateException("the accept queue never filled up");
    }

    private Socket connect(int port) throws IOException {
        Socket client = new Socket("127.0.0.1", port);
        client.setSoTimeout(5000);
        resources.add(client);
        return client;
    }

    private String greetingFrom(String clientIp, int port) throws IOException {
        try (Socket client = new Socket()) {
            client.bind(new InetSocketAddress(clientIp, 0));
            client.connect(new InetSocketAddress("127.0.0.1", port));
            client.setSoTimeout(5000);
            return readLine(client.getInputStream());
        }
    }

    private static String echo(Socket client, String text) throws IOException {
        client.getOutputStream().write((text + "\n").getBytes(US_ASCII));
        return readLine(client.getInputStream());
    }

    /** Blocks until the proxy closes the connection (true), or 5 s pass (false). */
    private static boolean closedByPeer(Socket client) {
        try {
            InputStream in = client.getInputStream();
            return in.read() < 0;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    private ProxyStats.ServiceStats stats(ServiceKey key) {
        return proxy.stats().services().stream().filter(s -> s.service().equals(key)).findFirst().orElseThrow();
    }

    private ProxyStats.EndpointStats endpoint(ServiceKey key, Backend backend) {
        return stats(key).endpoints().stream().filter(e -> e.endpoint().equals(backend)).findFirst().orElseThrow();
    }
}
