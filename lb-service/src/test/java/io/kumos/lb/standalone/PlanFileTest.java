package io.kumos.lb.standalone;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.kumos.lb.proxy.Backend;
import io.kumos.lb.proxy.ListenerAddress;
import io.kumos.lb.proxy.Route;
import io.kumos.lb.proxy.ServiceKey;
import io.kumos.lb.proxy.SessionAffinity;

/** The benchmark's plan files. */
class PlanFileTest {

    @Test
    void readsListenersRoutesAffinityAndSettings() {
        PlanFile file = PlanFile.parse(List.of(
                "# the benchmark",
                "listen 127.0.0.1:18080 bench/web:http",
                "listen 127.0.0.1:18090 bench/empty   # no route: refuses",
                "route bench/web:http 127.0.0.1:18081 [::1]:18082",
                "affinity bench/web:http 60",
                "io-threads 2", "epoll false", "connect-timeout 500ms", "idle-timeout 1m", "drain-grace 0s"));

        ServiceKey web = new ServiceKey("bench", "web", "http");
        ServiceKey empty = new ServiceKey("bench", "empty", "");
        assertEquals(Map.of(new ListenerAddress("127.0.0.1", 18080), web, new ListenerAddress("127.0.0.1", 18090),
                empty), file.plan().listeners());
        assertEquals(new Route(List.of(new Backend("127.0.0.1", 18081), new Backend("::1", 18082)),
                SessionAffinity.clientIp(Duration.ofSeconds(60))), file.plan().routes().get(web));
        assertEquals(List.of(), file.plan().routes().get(empty).backends());
        assertEquals(2, file.settings().ioThreads());
        assertEquals(false, file.settings().preferEpoll());
        assertEquals(Duration.ofMillis(500), file.settings().connectTimeout());
        assertEquals(Duration.ofMinutes(1), file.settings().idleTimeout());
        assertEquals(Duration.ZERO, file.settings().drainGrace());
    }

    @Test
    void namesTheLineItCannotRead() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> PlanFile.parse(List.of("listen 127.0.0.1:18080 bench/web", "route bench/web localhost:80")));
        assertTrue(error.getMessage().startsWith("plan line 2"), error.getMessage());
    }
}
