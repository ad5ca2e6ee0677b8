package io.kumos.gateway.network;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * A stand-in for network-service's Service allocations, owned by the tests and pointed at by
 * {@code kumos.gateway.network-url}: cluster IPs from 10.96.0.0/12 in order, node ports from 30000-32767 in order,
 * each held by a Service uid, refused with network-service's answers when taken or out of range, given back on
 * DELETE. {@code GET /stand-in/held} shows what is held ({@code {"ips":{ip:uid}, "ports":{port:uid}}}), so that tests
 * see what the gateway gave back. A Service of a namespace starting with {@code unreachable} gets no answer at all:
 * the connection is closed, as by a network-service that died mid-request.
 */
public class StandInNetworkService implements QuarkusTestResourceLifecycleManager {

    private static final Pattern PATH = Pattern.compile("/network/v1/services/([^/]+)/(cluster-ip|node-ports)");

    private final Map<String, String> ips = new TreeMap<>();
    private final Map<String, String> ipOf = new HashMap<>();
    private final Map<Integer, String> ports = new TreeMap<>();
    private HttpServer server;

    @Override
    public Map<String, String> start() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.createContext("/", this::answer);
        server.start();
        return Map.of("kumos.gateway.network-url", "http://127.0.0.1:" + server.getAddress().getPort());
    }

    @Override
    public void stop() {
        server.stop(0);
    }

    private synchronized void answer(HttpExchange exchange) throws IOException {
        Map<String, List<String>> query = query(exchange.getRequestURI().getRawQuery());
        if (query.getOrDefault("service", List.of("")).get(0).startsWith("unreachable")) {
            exchange.close();
            return;
        }
        String path = exchange.getRequestURI().getPath();
        if (path.equals("/stand-in/held")) {
            reply(exchange, 200, "{\"ips\":" + json(ips) + ",\"ports\":" + json(ports) + "}");
            return;
        }
        Matcher matcher = PATH.matcher(path);
        if (!matcher.matches()) {
            reply(exchange, 404, "{\"message\":\"no such path\"}");
            return;
        }
        String uid = matcher.group(1);
        boolean post = exchange.getRequestMethod().equals("POST");
        if (matcher.group(2).equals("cluster-ip")) {
            if (post) {
                clusterIp(exchange, uid, query.getOrDefault("ip", List.of("")).get(0));
            } else {
                ips.remove(ipOf.remove(uid));
                reply(exchange, 204, "");
            }
        } else if (post) {
            nodePorts(exchange, uid, new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        } else {
            query.getOrDefault("port", List.of()).forEach(port -> ports.remove(Integer.parseInt(port), uid));
            reply(exchange, 204, "");
        }
    }

    private void clusterIp(HttpExchange exchange, String uid, String requested) throws IOException {
        if (ipOf.containsKey(uid)) {
            reply(exchange, 200, "{\"clusterIP\":\"" + ipOf.get(uid) + "\"}");
            return;
        }
        String ip = requested;
        if (ip.isEmpty()) {
            for (int i = 1; ip.isEmpty() || ips.containsKey(ip); i++) {
                ip = "10.96." + (i / 256) + "." + (i % 256);
            }
        } else if (!ip.startsWith("10.96.")) {
            reply(exchange, 422, refusal("OutOfRange", "the provided IP (" + ip + ") is not in the valid range. "
                    + "The range of valid IPs is 10.96.0.0/12", -1));
            return;
        } else if (ips.containsKey(ip)) {
            reply(exchange, 409, refusal("AlreadyAllocated", "provided IP is already allocated", -1));
            return;
        }
        ips.put(ip, uid);
        ipOf.put(uid, ip);
        reply(exchange, 200, "{\"clusterIP\":\"" + ip + "\"}");
    }

    private void nodePorts(HttpExchange exchange, String uid, String body) throws IOException {
        List<Integer> wanted = new ArrayList<>();
        Matcher numbers = Pattern.compile("-?\\d+").matcher(body);
        while (numbers.find()) {
            wanted.add(Integer.parseInt(numbers.group()));
        }
        List<Integer> claimed = new ArrayList<>();
        List<Integer> given = new ArrayList<>();
        for (int i = 0; i < wanted.size(); i++) {
            int port = wanted.get(i);
            if (port == 0) {
                port = 30000;
                while (ports.containsKey(port)) {
                    port++;
                }
            } else if (port < 30000 || port > 32767) {
                claimed.forEach(ports::remove);
                reply(exchange, 422, refusal("OutOfRange", "provided port is not in the valid range. The range of "
                        + "valid ports is 30000-32767", i));
                return;
            } else if (ports.containsKey(port) && !ports.get(port).equals(uid)) {
                claimed.forEach(ports::remove);
                reply(exchange, 409, refusal("AlreadyAllocated", "provided port is already allocated", i));
                return;
            }
            if (ports.putIfAbsent(port, uid) == null) {
                claimed.add(port);
            }
            given.add(port);
        }
        reply(exchange, 200, "{\"nodePorts\":" + given + "}");
    }

    private static String refusal(String reason, String message, int index) {
        return "{\"reason\":\"" + reason + "\",\"message\":\"" + message + "\",\"index\":" + index + "}";
    }

    private static String json(Map<?, String> held) {
        StringBuilder json = new StringBuilder("{");
        held.forEach((key, uid) -> json.append(json.length() > 1 ? "," : "").append('"').append(key).append("\":\"")
                .append(uid).append('"'));
        return json.append('}').toString();
    }

    private static Map<String, List<String>> query(String raw) {
        Map<String, List<String>> query = new HashMap<>();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                String[] parts = pair.split("=", 2);
                query.computeIfAbsent(URLDecoder.decode(parts[0], StandardCharsets.UTF_8), k -> new ArrayList<>())
                        .add(parts.length > 1 ? URLDecoder.decode(parts[1], StandardCharsets.UTF_8) : "");
            }
        }
        return query;
    }

    private static void reply(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, status == 204 ? -1 : bytes.length);
        if (status != 204) {
            exchange.getResponseBody().write(bytes);
        }
        exchange.close();
    }
}
