package io.kumos.gateway.watch;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;

/** A watch served as a chunked HTTP response of JSON lines; its head is sent at once, before any event. */
final class ResponseSink implements WatchSink {

    private final HttpServerResponse response;

    ResponseSink(HttpServerResponse response) {
        this.response = response;
        response.setChunked(true).putHeader("Content-Type", "application/json");
        response.write(Buffer.buffer());
    }

    @Override
    public void write(Buffer event) {
        response.write(event);
    }

    @Override
    public boolean writeQueueFull() {
        return response.writeQueueFull();
    }

    @Override
    public void onDrained(Runnable drained) {
        response.drainHandler(ignored -> drained.run());
    }

    @Override
    public void onClosed(Runnable closed) {
        response.closeHandler(ignored -> closed.run());
        response.endHandler(ignored -> closed.run());
    }

    @Override
    public void end() {
        response.end();
    }

    @Override
    public void cutOff() {
        response.reset();
    }
}
