package io.kumos.gateway.streams;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.kumos.gateway.query.QueryParameters;
import io.kumos.gateway.status.ApiException;
import io.kumos.gateway.status.StatusResponses;
import io.kumos.gateway.store.RecordContexts;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.http.impl.Http1xServerConnection;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code pods/log}, {@code pods/exec}, {@code pods/attach} and {@code pods/portforward}, relayed to the pod's node
 * agent (see the package documentation).
 * <ul>
 * <li>log: the agent's plain-text stream, chunk by chunk, for as long as it lasts ({@code follow}); the query
 * (tailLines, sinceSeconds, sinceTime, timestamps, previous, limitBytes) goes along.</li>
 * <li>exec over WebSocket ({@code v5.channel.k8s.io}, kubectl 1.30+): frames are relayed as they are.</li>
 * <li>exec over SPDY/3.1 (kubectl up to 1.29, and the fallback of later ones): see {@link SpdyExecSession}.</li>
 * <li>attach: as exec, without a command, to the agent's {@code /attach}.</li>
 * <li>port-forward over SPDY/3.1 (kubectl up to 1.30) or SPDY tunnelled in a WebSocket (1.31+): see
 * {@link PortForwardSession}; each forwarded connection is a WebSocket to the agent's {@code /portForward}.</li>
 * </ul>
 * A Vert.x route ahead of the REST layer, as the streams need the raw connection.
 */
@ApplicationScoped
public class PodStreamRoute {

    private static final Logger LOG = Logger.getLogger(PodStreamRoute.class);
    private static final Pattern PATH = Pattern.compile("^/api/v1/namespaces/([^/]+)/pods/([^/]+)/(log|exec|attach|portforward)$");
    static final String V5 = "v5.channel.k8s.io";
    static final String V4 = "v4.channel.k8s.io";
    private static final List<String> LOG_FLAGS = List.of("follow", "previous", "timestamps");
    private static final List<String> LOG_NUMBERS = List.of("sinceSeconds", "tailLines", "limitBytes");
    private static final List<String> EXEC_FLAGS = List.of("stdin", "stdout", "stderr", "tty");

    private final PodTarget targets;
    private final ObjectMapper json;
    private final Vertx vertx;
    private HttpClient agents;
    private WebSocketClient agentSockets;
    private WebSocketClient forwardSockets;

    PodStreamRoute(PodTarget targets, ObjectMapper json, Vertx vertx) {
        this.targets = targets;
        this.json = json;
        this.vertx = vertx;
    }

    void register(@Observes Router router) {
        agents = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(false));
        agentSockets = vertx.createWebSocketClient();
        // one WebSocket per forwarded connection: as many at once as a client opens through port-forward
        forwardSockets = vertx.createWebSocketClient(new WebSocketClientOptions().setMaxConnections(4096));
        router.route().order(-90).handler(this::handle);
    }

    private void handle(RoutingContext routing) {
        HttpServerRequest request = routing.request();
        Matcher path = PATH.matcher(request.path());
        if (!path.matches()) {
            routing.next();
            return;
        }
        String namespace = path.group(1);
        String pod = path.group(2);
        String subresource = path.group(3);
        boolean log = subresource.equals("log");
        if (log && request.method() != HttpMethod.GET
                || !log && request.method() != HttpMethod.GET && request.method() != HttpMethod.POST) {
            fail(request.response(), ApiException.of(405, "MethodNotAllowed",
                    "the server does not allow this method on the requested resource"));
            return;
        }
        // The one parse of the query: names are case-sensitive, as Go's url.Values (Vert.x's getParam is not).
        QueryParameters query;
        String agentQuery;
        try {
            query = QueryParameters.of(request);
            agentQuery = agentQuery(query, subresource);
        } catch (ApiException refused) {
            fail(request.response(), refused);
            return;
        }
        request.pause();
        boolean portForward = subresource.equals("portforward");
        RecordContexts.fresh(vertx).runOnContext(ignored -> (portForward ? targets.resolvePod(namespace, pod)
                : targets.resolve(namespace, pod, query.text("container")))
                .subscribe().with(target -> {
                    switch (subresource) {
                        case "exec" -> exec(request, query, target, "exec", agentQuery);
                        case "attach" -> exec(request, query, target, "attach", agentQuery);
                        case "portforward" -> portForward(request, target);
                        default -> logs(request, target, agentQuery);
                    }
                }, failure -> fail(request.response(), failure instanceof ApiException api ? api
                        : ApiException.serviceUnavailable(failure.getMessage()))));
    }

    private void logs(HttpServerRequest request, PodTarget.Target target, String agentQuery) {
        String uri = target.path("containerLogs") + agentQuery;
        HttpServerResponse response = request.response();
        agents.request(new RequestOptions().setHost(target.host()).setPort(target.port()).setURI(uri)
                        .setMethod(HttpMethod.GET))
                .compose(agentRequest -> agentRequest.send())
                .onSuccess(agentResponse -> {
                    response.setStatusCode(agentResponse.statusCode());
                    response.putHeader("Content-Type", agentResponse.statusCode() == 200 ? "text/plain"
                            : agentResponse.getHeader("Content-Type"));
                    response.setChunked(true);
                    response.closeHandler(closed -> agentResponse.request().reset());
                    agentResponse.handler(chunk -> {
                        response.write(chunk);
                        if (response.writeQueueFull()) {
                            agentResponse.pause();
                            response.drainHandler(drained -> agentResponse.resume());
                        }
                    });
                    agentResponse.endHandler(ended -> response.end());
                    agentResponse.exceptionHandler(error -> response.reset());
                })
                .onFailure(error -> fail(response, unreachable(target, error)));
    }

    private void exec(HttpServerRequest request, QueryParameters query, PodTarget.Target target, String endpoint,
            String agentQuery) {
        if (endpoint.equals("exec") && query.all("command").isEmpty()) {
            fail(request.response(), ApiException.badRequest("you must specify at least 1 command"));
            return;
        }
        String upgrade = request.getHeader("Upgrade");
        WebSocketConnectOptions agent = new WebSocketConnectOptions().setHost(target.host()).setPort(target.port())
                .setURI(target.path(endpoint) + agentQuery)
                .addSubProtocol(V5);
        if (upgrade != null && upgrade.equalsIgnoreCase("websocket")) {
            request.toWebSocket().onSuccess(client -> {
                client.pause();
                connectWebSocket(client, agent, target);
            }).onFailure(error -> LOG.debugf("exec: WebSocket handshake failed: %s", error.getMessage()));
            return;
        }
        if (upgrade != null && upgrade.equalsIgnoreCase("SPDY/3.1")) {
            spdy(request, query, target, agent);
            return;
        }
        fail(request.response(), ApiException.badRequest("Upgrade request required"));
    }

    /** Relays WebSocket frames as they are; the client waits (paused) until the agent has answered. */
    private void connectWebSocket(io.vertx.core.http.ServerWebSocket client, WebSocketConnectOptions agent,
            PodTarget.Target target) {
        agentSockets.connect(agent).onSuccess(server -> {
            client.binaryMessageHandler(server::writeBinaryMessage);
            server.binaryMessageHandler(client::writeBinaryMessage);
            client.closeHandler(closed -> server.close());
            server.closeHandler(closed -> client.close());
            client.resume();
        }).onFailure(error -> {
            LOG.debugf("exec: the agent of %s/%s is unreachable: %s", target.namespace(), target.pod(), error);
            client.writeBinaryMessage(Buffer.buffer().appendByte((byte) 3)
                    .appendBuffer(statusJson(unreachable(target, error))));
            client.close();
        });
    }

    /**
     * Port-forward: the WebSocket tunnel when kubectl asks for it (1.31+), else a SPDY upgrade; a WebSocket without
     * the tunnel's subprotocol is refused with 400, which kubectl takes as an upgrade failure and falls back to SPDY.
     */
    private void portForward(HttpServerRequest request, PodTarget.Target target) {
        String upgrade = request.getHeader("Upgrade");
        if (upgrade != null && upgrade.equalsIgnoreCase("websocket")) {
            String offered = request.getHeader("Sec-WebSocket-Protocol");
            if (offered == null || !List.of(offered.split("\\s*,\\s*")).contains(SpdyTunnel.SUBPROTOCOL)) {
                fail(request.response(), ApiException.badRequest("port-forward over WebSocket needs the subprotocol "
                        + SpdyTunnel.SUBPROTOCOL));
                return;
            }
            request.toWebSocket().onSuccess(socket -> {
                LOG.debugf("port-forward: WebSocket tunnel for %s/%s", target.namespace(), target.pod());
                SpdyTunnel.open(socket, channel -> new PortForwardSession(channel, connector(target)));
            }).onFailure(error -> LOG.debugf("port-forward: WebSocket handshake failed: %s", error.getMessage()));
            return;
        }
        if (upgrade == null || !upgrade.equalsIgnoreCase("SPDY/3.1")) {
            fail(request.response(), ApiException.badRequest("Upgrade request required"));
            return;
        }
        List<String> offered = request.headers().getAll("X-Stream-Protocol-Version");
        if (!offered.contains(PortForwardSession.PROTOCOL)) {
            fail(request.response(), ApiException.of(403, "Forbidden", "unable to upgrade: unable to negotiate "
                    + "protocol: client supports " + offered + ", server accepts [" + PortForwardSession.PROTOCOL
                    + "]"));
            return;
        }
        if (!(request.connection() instanceof Http1xServerConnection connection)) {
            fail(request.response(), ApiException.badRequest("SPDY upgrades need an HTTP/1.1 connection"));
            return;
        }
        LOG.debugf("port-forward: SPDY upgrade for %s/%s", target.namespace(), target.pod());
        SpdyUpgrade.takeOver(connection.channel(), PortForwardSession.PROTOCOL,
                new PortForwardSession(connection.channel(), connector(target)));
    }

    /** Links each forwarded connection to the agent's {@code /portForward/<ns>/<pod>?port=}, on one context. */
    private PortForwardSession.Connector connector(PodTarget.Target target) {
        Context context = vertx.getOrCreateContext();
        return (port, session, pair) -> {
            ForwardLink link = new ForwardLink(session, pair);
            WebSocketConnectOptions options = new WebSocketConnectOptions().setHost(target.host())
                    .setPort(target.port()).setURI("/portForward/" + target.namespace() + "/" + target.pod()
                            + "?port=" + port);
            context.runOnContext(ignored -> forwardSockets.connect(options).onSuccess(link::connected)
                    .onFailure(error -> {
                        session.fromAgent(pair, Buffer.buffer().appendByte((byte) 3).appendString(
                                unreachable(target, error).getMessage()));
                        session.agentClosed(pair);
                    }));
            return link;
        };
    }

    /** One forwarded connection's WebSocket to the agent; what the client sends before it is open waits here. */
    private static final class ForwardLink implements PortForwardSession.Link {
        private final PortForwardSession session;
        private final PortForwardSession.Pair pair;
        private final List<Buffer> pending = new ArrayList<>();
        private WebSocket agent;
        private boolean closed;

        ForwardLink(PortForwardSession session, PortForwardSession.Pair pair) {
            this.session = session;
            this.pair = pair;
        }

        @Override
        public synchronized void send(Buffer frame) {
            if (agent == null) {
                pending.add(frame);
            } else {
                agent.writeBinaryMessage(frame);
            }
        }

        @Override
        public synchronized void close() {
            closed = true;
            if (agent != null) {
                agent.close();
            }
        }

        void connected(WebSocket socket) {
            socket.binaryMessageHandler(frame -> session.fromAgent(pair, frame));
            socket.closeHandler(ignored -> session.agentClosed(pair));
            synchronized (this) {
                agent = socket;
                pending.forEach(socket::writeBinaryMessage);
                pending.clear();
                if (closed) {
                    socket.close();
                }
            }
        }
    }

    private void spdy(HttpServerRequest request, QueryParameters query, PodTarget.Target target,
            WebSocketConnectOptions agent) {
        List<String> offered = request.headers().getAll("X-Stream-Protocol-Version");
        if (!offered.contains(V4) && !offered.contains(V5)) {
            fail(request.response(), ApiException.of(403, "Forbidden", "unable to upgrade: unable to negotiate "
                    + "protocol: client supports " + offered + ", server accepts [" + V4 + "]"));
            return;
        }
        boolean tty = query.flag("tty");
        int streams = 1 + flag(query, "stdin") + flag(query, "stdout") + (tty ? 1 : flag(query, "stderr"));
        LOG.debugf("exec: SPDY upgrade for %s/%s, %d streams", target.namespace(), target.pod(), streams);
        if (!(request.connection() instanceof Http1xServerConnection connection)) {
            fail(request.response(), ApiException.badRequest("SPDY upgrades need an HTTP/1.1 connection"));
            return;
        }
        // The agent's socket lives on one context, so that its frames and its close arrive in order, after the
        // handlers are set (the SPDY session calls back from Netty's thread).
        Context context = vertx.getOrCreateContext();
        Relay relay = new Relay();
        relay.session = SpdyExecSession.takeOver(connection.channel(), V4, streams,
                () -> context.runOnContext(ignored -> agentSockets.connect(agent)
                        .onSuccess(relay::connected)
                        .onFailure(error -> {
                            relay.session.fromAgent(3, statusJson(unreachable(target, error)));
                            relay.session.finish();
                        })),
                relay::toAgent, relay::close);
    }

    /** Between a SPDY session and the agent: frames the client sends before the agent answers wait here. */
    private static final class Relay {
        private volatile SpdyExecSession session;
        private WebSocket agent;
        private final List<Buffer> pending = new ArrayList<>();

        synchronized void toAgent(Buffer frame) {
            if (agent == null) {
                pending.add(frame);
            } else {
                agent.writeBinaryMessage(frame);
            }
        }

        synchronized void connected(WebSocket socket) {
            agent = socket;
            pending.forEach(socket::writeBinaryMessage);
            pending.clear();
            socket.binaryMessageHandler(frame -> {
                if (frame.length() > 0 && (frame.getByte(0) & 0xff) != 255) {
                    session.fromAgent(frame.getByte(0) & 0xff, frame.slice(1, frame.length()));
                }
            });
            socket.closeHandler(closed -> session.finish());
            if (socket.isClosed()) {
                session.finish();
            }
        }

        synchronized void close() {
            if (agent != null) {
                agent.close();
            }
        }
    }

    private static int flag(QueryParameters query, String name) {
        return query.flag(name) ? 1 : 0;
    }

    /**
     * The query for the agent, read as kube-apiserver reads the client's (a malformed number is a 400 here, before
     * any agent is asked) and written in the one form the agent reads: true flags as {@code true}, numbers in
     * decimal, for exec every {@code command}.
     */
    private static String agentQuery(QueryParameters request, String subresource) {
        StringBuilder query = new StringBuilder();
        Consumer<String[]> add = pair -> query.append(query.length() == 0 ? "?" : "&")
                .append(pair[0]).append('=').append(URLEncoder.encode(pair[1], StandardCharsets.UTF_8));
        boolean log = subresource.equals("log");
        if (subresource.equals("exec")) {
            request.all("command").forEach(command -> add.accept(new String[] {"command", command}));
        }
        (log ? LOG_FLAGS : EXEC_FLAGS).stream().filter(request::flag)
                .forEach(name -> add.accept(new String[] {name, "true"}));
        if (log) {
            LOG_NUMBERS.forEach(name -> request.integer(name)
                    .ifPresent(value -> add.accept(new String[] {name, Long.toString(value)})));
            Optional.ofNullable(request.text("sinceTime")).ifPresent(time -> add.accept(new String[] {"sinceTime",
                    time}));
        }
        return query.toString();
    }

    private static ApiException unreachable(PodTarget.Target target, Throwable error) {
        return ApiException.serviceUnavailable("the node agent of pod " + target.pod() + " at " + target.host() + ":"
                + target.port() + " is unreachable: " + error.getMessage());
    }

    private Buffer statusJson(ApiException refused) {
        return StatusResponses.json(json, refused);
    }

    private void fail(HttpServerResponse response, ApiException refused) {
        StatusResponses.send(response, json, refused);
    }
}
