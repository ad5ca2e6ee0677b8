package io.kumos.gateway.streams;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;

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
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.http.impl.Http1xServerConnection;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code pods/log} and {@code pods/exec}, relayed to the pod's node agent (see the package documentation).
 * <ul>
 * <li>log: the agent's plain-text stream, chunk by chunk, for as long as it lasts ({@code follow}); the query
 * (tailLines, sinceSeconds, sinceTime, timestamps, previous, limitBytes) goes along.</li>
 * <li>exec over WebSocket ({@code v5.channel.k8s.io}, kubectl 1.30+): frames are relayed as they are.</li>
 * <li>exec over SPDY/3.1 (kubectl up to 1.29, and the fallback of later ones): see {@link SpdyExecSession}.</li>
 * </ul>
 * A Vert.x route ahead of the REST layer, as the streams need the raw connection.
 */
@ApplicationScoped
public class PodStreamRoute {

    private static final Logger LOG = Logger.getLogger(PodStreamRoute.class);
    private static final Pattern PATH = Pattern.compile("^/api/v1/namespaces/([^/]+)/pods/([^/]+)/(log|exec)$");
    static final String V5 = "v5.channel.k8s.io";
    static final String V4 = "v4.channel.k8s.io";
    private static final List<String> LOG_PARAMETERS = List.of("follow", "previous", "sinceSeconds", "sinceTime",
            "timestamps", "tailLines", "limitBytes");
    private static final List<String> EXEC_PARAMETERS = List.of("stdin", "stdout", "stderr", "tty");

    private final PodTarget targets;
    private final ObjectMapper json;
    private final Vertx vertx;
    private HttpClient agents;
    private WebSocketClient agentSockets;

    PodStreamRoute(PodTarget targets, ObjectMapper json, Vertx vertx) {
        this.targets = targets;
        this.json = json;
        this.vertx = vertx;
    }

    void register(@Observes Router router) {
        agents = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(false));
        agentSockets = vertx.createWebSocketClient();
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
        boolean exec = path.group(3).equals("exec");
        if (!exec && request.method() != HttpMethod.GET
                || exec && request.method() != HttpMethod.GET && request.method() != HttpMethod.POST) {
            fail(request.response(), ApiException.of(405, "MethodNotAllowed",
                    "the server does not allow this method on the requested resource"));
            return;
        }
        request.pause();
        RecordContexts.fresh(vertx).runOnContext(ignored -> targets
                .resolve(namespace, pod, request.getParam("container"))
                .subscribe().with(target -> {
                    if (exec) {
                        exec(request, target);
                    } else {
                        logs(request, target);
                    }
                }, failure -> fail(request.response(), failure instanceof ApiException api ? api
                        : ApiException.serviceUnavailable(failure.getMessage()))));
    }

    private void logs(HttpServerRequest request, PodTarget.Target target) {
        String uri = target.path("containerLogs") + query(request, LOG_PARAMETERS, false);
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

    private void exec(HttpServerRequest request, PodTarget.Target target) {
        if (request.getParam("command") == null) {
            fail(request.response(), ApiException.badRequest("you must specify at least 1 command"));
            return;
        }
        String upgrade = request.getHeader("Upgrade");
        WebSocketConnectOptions agent = new WebSocketConnectOptions().setHost(target.host()).setPort(target.port())
                .setURI(target.path("exec") + query(request, EXEC_PARAMETERS, true)).addSubProtocol(V5);
        if (upgrade != null && upgrade.equalsIgnoreCase("websocket")) {
            request.toWebSocket().onSuccess(client -> {
                client.pause();
                connectWebSocket(client, agent, target);
            }).onFailure(error -> LOG.debugf("exec: WebSocket handshake failed: %s", error.getMessage()));
            return;
        }
        if (upgrade != null && upgrade.equalsIgnoreCase("SPDY/3.1")) {
            spdy(request, target, agent);
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

    private void spdy(HttpServerRequest request, PodTarget.Target target, WebSocketConnectOptions agent) {
        List<String> offered = request.headers().getAll("X-Stream-Protocol-Version");
        if (!offered.contains(V4) && !offered.contains(V5)) {
            fail(request.response(), ApiException.of(403, "Forbidden", "unable to upgrade: unable to negotiate "
                    + "protocol: client supports " + offered + ", server accepts [" + V4 + "]"));
            return;
        }
        boolean tty = "true".equals(request.getParam("tty")) || "1".equals(request.getParam("tty"));
        int streams = 1 + flag(request, "stdin") + flag(request, "stdout") + (tty ? 1 : flag(request, "stderr"));
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

    private static int flag(HttpServerRequest request, String name) {
        String value = request.getParam(name);
        return "true".equals(value) || "1".equals(value) ? 1 : 0;
    }

    /** The query for the agent: the named parameters as sent, and for exec every {@code command}. */
    private static String query(HttpServerRequest request, List<String> names, boolean commands) {
        StringBuilder query = new StringBuilder();
        Consumer<String[]> add = pair -> query.append(query.length() == 0 ? "?" : "&")
                .append(pair[0]).append('=').append(URLEncoder.encode(pair[1], StandardCharsets.UTF_8));
        if (commands) {
            request.params().getAll("command").forEach(command -> add.accept(new String[] {"command", command}));
        }
        for (String name : names) {
            String value = request.getParam(name);
            if (value != null) {
                add.accept(new String[] {name, value});
            }
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
