package io.kumos.gateway.streams;

import java.util.List;
import java.util.concurrent.TimeUnit;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.ServerWebSocket;

/**
 * A stand-in for a node agent's stream endpoints, owned by the tests: {@code /containerLogs/…} answers numbered
 * lines ({@code tailLines} honoured; with {@code follow} a few more, one every 100 ms), {@code /exec/…} speaks
 * {@code v5.channel.k8s.io} and knows three commands: {@code echo <words>}, {@code cat} (stdin back to stdout until
 * stdin closes) and {@code fail <code>} (a line on stderr, then that exit code).
 */
final class StandInAgent implements AutoCloseable {

    private final Vertx vertx = Vertx.vertx();
    private final HttpServer server;

    StandInAgent() throws Exception {
        server = vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1")
                        .setWebSocketSubProtocols(List.of(PodStreamRoute.V5)))
                .requestHandler(this::request)
                .listen(0).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    int port() {
        return server.actualPort();
    }

    private void request(HttpServerRequest request) {
        String[] path = request.path().split("/");
        if (path.length == 5 && path[1].equals("containerLogs")) {
            logs(request, path[4]);
        } else if (path.length == 5 && path[1].equals("exec")) {
            request.toWebSocket().onSuccess(socket -> exec(socket, request.params().getAll("command")));
        } else {
            request.response().setStatusCode(404).end();
        }
    }

    private void logs(HttpServerRequest request, String container) {
        int tail = request.getParam("tailLines") == null ? 5 : Integer.parseInt(request.getParam("tailLines"));
        var response = request.response().setChunked(true).putHeader("Content-Type", "text/plain");
        for (int line = 6 - tail; line <= 5; line++) {
            response.write(container + " line " + line + "\n");
        }
        if (!"true".equals(request.getParam("follow"))) {
            response.end();
            return;
        }
        int[] next = {6};
        vertx.setPeriodic(100, timer -> {
            if (response.closed() || next[0] > 8) {
                vertx.cancelTimer(timer);
                if (!response.closed()) {
                    response.end();
                }
                return;
            }
            response.write(container + " line " + next[0]++ + "\n");
        });
    }

    private void exec(ServerWebSocket socket, List<String> command) {
        switch (command.get(0)) {
            case "echo" -> {
                socket.writeBinaryMessage(frame(1, String.join(" ", command.subList(1, command.size())) + "\n"));
                succeed(socket);
            }
            case "cat" -> socket.binaryMessageHandler(frame -> {
                int channel = frame.getByte(0) & 0xff;
                if (channel == 0) {
                    socket.writeBinaryMessage(frame(1, frame.slice(1, frame.length()).toString()));
                } else if (channel == 255) {
                    succeed(socket);
                }
            });
            case "fail" -> {
                socket.writeBinaryMessage(frame(2, "failing\n"));
                socket.writeBinaryMessage(frame(3, "{\"metadata\":{},\"status\":\"Failure\",\"message\":\"command "
                        + "terminated with non-zero exit code\",\"reason\":\"NonZeroExitCode\",\"details\":{\"causes\":"
                        + "[{\"reason\":\"ExitCode\",\"message\":\"" + command.get(1) + "\"}]}}"));
                socket.close();
            }
            default -> {
                socket.writeBinaryMessage(frame(3, "{\"metadata\":{},\"status\":\"Failure\",\"message\":\"no such "
                        + "command\",\"reason\":\"InternalError\"}"));
                socket.close();
            }
        }
    }

    private static void succeed(ServerWebSocket socket) {
        socket.writeBinaryMessage(frame(3, "{\"metadata\":{},\"status\":\"Success\"}"));
        socket.close();
    }

    private static Buffer frame(int channel, String text) {
        return Buffer.buffer().appendByte((byte) channel).appendString(text);
    }

    @Override
    public void close() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
}
