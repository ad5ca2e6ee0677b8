package io.kumos.gateway.watch;

import java.nio.charset.StandardCharsets;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ServerWebSocket;

/**
 * A watch served over a WebSocket, as kube-apiserver serves a watch request that asks for an upgrade (fabric8's
 * client opens every watch so): each event is one text frame holding its JSON, and the end of the watch is the
 * close of the socket. What the client sends is ignored; Vert.x answers its pings and its close.
 */
final class WebSocketSink implements WatchSink {

    private final ServerWebSocket socket;

    WebSocketSink(ServerWebSocket socket) {
        this.socket = socket;
    }

    @Override
    public void write(Buffer event) {
        socket.writeTextMessage(event.toString(StandardCharsets.UTF_8));
    }

    @Override
    public boolean writeQueueFull() {
        return socket.writeQueueFull();
    }

    @Override
    public void onDrained(Runnable drained) {
        socket.drainHandler(ignored -> drained.run());
    }

    @Override
    public void onClosed(Runnable closed) {
        socket.closeHandler(ignored -> closed.run());
    }

    @Override
    public void end() {
        socket.close();
    }

    /** A WebSocket has no reset: the close ends it as abruptly for the client, which watches again. */
    @Override
    public void cutOff() {
        socket.close();
    }
}
