package io.kumos.lb.standalone;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.kumos.lb.proxy.Backend;
import io.kumos.lb.proxy.ListenerAddress;
import io.kumos.lb.proxy.ProxyPlan;
import io.kumos.lb.proxy.ProxySettings;
import io.kumos.lb.proxy.Route;
import io.kumos.lb.proxy.ServiceKey;
import io.kumos.lb.proxy.SessionAffinity;

/**
 * A {@link ProxyPlan} and {@link ProxySettings} written by hand, one directive a line ({@code #} starts a
 * comment):
 *
 * <pre>
 * listen 127.0.0.1:18080 bench/web:http            # a listener and the Service port it serves
 * route bench/web:http 127.0.0.1:18081 127.0.0.1:18082   # that port's endpoints (none: refuse)
 * affinity bench/web:http 600                       # ClientIP affinity, timeout in seconds
 * io-threads 2                                      # settings, as kumos.lb.* (defaults otherwise)
 * epoll true
 * connect-timeout 2s
 * idle-timeout 10m
 * drain-grace 30s
 * </pre>
 *
 * @param plan     the listeners and routes
 * @param settings the proxy settings
 */
public record PlanFile(ProxyPlan plan, ProxySettings settings) {

    public static PlanFile read(Path file) throws IOException {
        return parse(Files.readAllLines(file));
    }

    public static PlanFile parse(List<String> lines) {
        Map<ListenerAddress, ServiceKey> listeners = new LinkedHashMap<>();
        Map<ServiceKey, List<Backend>> backends = new LinkedHashMap<>();
        Map<ServiceKey, SessionAffinity> affinities = new HashMap<>();
        ProxySettings defaults = ProxySettings.defaults();
        Duration connect = defaults.connectTimeout();
        Duration idle = defaults.idleTimeout();
        Duration drain = defaults.drainGrace();
        int threads = defaults.ioThreads();
        boolean epoll = defaults.preferEpoll();
        int number = 0;
        for (String raw : lines) {
            number++;
            String line = raw.replaceFirst("#.*", "").trim();
            if (line.isEmpty()) {
                continue;
            }
            String[] words = line.split("\\s+");
            try {
                switch (words[0]) {
                    case "listen" -> listeners.put(ListenerAddress.parse(words[1]), service(words[2]));
                    case "route" -> {
                        List<Backend> list = backends.computeIfAbsent(service(words[1]), k -> new ArrayList<>());
                        for (int i = 2; i < words.length; i++) {
                            list.add(Backend.parse(words[i]));
                        }
                    }
                    case "affinity" -> affinities.put(service(words[1]),
                            SessionAffinity.clientIp(Duration.ofSeconds(Long.parseLong(words[2]))));
                    case "io-threads" -> threads = Integer.parseInt(words[1]);
                    case "epoll" -> epoll = Boolean.parseBoolean(words[1]);
                    case "connect-timeout" -> connect = duration(words[1]);
                    case "idle-timeout" -> idle = duration(words[1]);
                    case "drain-grace" -> drain = duration(words[1]);
                    default -> throw new IllegalArgumentException("unknown directive \"" + words[0] + "\"");
                }
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("plan line " + number + " (\"" + raw.trim() + "\"): "
                        + e.getMessage(), e);
            }
        }
        Map<ServiceKey, Route> routes = new HashMap<>();
        listeners.values().forEach(key -> routes.put(key, new Route(backends.getOrDefault(key, List.of()),
                affinities.getOrDefault(key, SessionAffinity.NONE))));
        backends.forEach((key, list) -> routes.putIfAbsent(key, new Route(list,
                affinities.getOrDefault(key, SessionAffinity.NONE))));
        return new PlanFile(new ProxyPlan(listeners, routes), new ProxySettings(connect, idle, drain, threads, epoll));
    }

    /** {@code namespace/name} or {@code namespace/name:port}. */
    static ServiceKey service(String text) {
        int slash = text.indexOf('/');
        if (slash <= 0) {
            throw new IllegalArgumentException("expected namespace/name[:port], got \"" + text + "\"");
        }
        int colon = text.indexOf(':', slash);
        return colon < 0 ? new ServiceKey(text.substring(0, slash), text.substring(slash + 1), "")
                : new ServiceKey(text.substring(0, slash), text.substring(slash + 1, colon), text.substring(colon + 1));
    }

    /** {@code 500ms}, {@code 2s}, {@code 10m}, {@code 1h}. */
    static Duration duration(String text) {
        String unit = text.replaceAll("^[0-9]+", "");
        long amount = Long.parseLong(text.substring(0, text.length() - unit.length()));
        return switch (unit) {
            case "ms" -> Duration.ofMillis(amount);
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            default -> throw new IllegalArgumentException("unknown unit in \"" + text + "\" (ms, s, m or h)");
        };
    }
}
