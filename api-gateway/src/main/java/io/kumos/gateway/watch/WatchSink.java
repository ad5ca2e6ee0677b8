package io.kumos.gateway.watch;

import io.vertx.core.buffer.Buffer;

/**
 * Where one watch's events go: the connection the client opened the watch on, either a chunked HTTP response
 * ({@link ResponseSink}, one JSON line per event) or a WebSocket ({@link WebSocketSink}, one text frame per event),
 * as kube-apiserver serves a watch either way.
 *
 * <p>Threading: called from any thread (the change feed's, the record's context, timers); implementations write
 * to Vert.x write streams, which hand the write to the connection's event loop. None blocks.
 */
interface WatchSink {

    /** Sends one event, {@code {"type":…,"object":…}} and a newline, whatever the outbound queue holds. */
    void write(Buffer event);

    /** Whether the connection's outbound queue is past its limit: a live client that cannot keep up. */
    boolean writeQueueFull();

    /** Runs {@code drained} once, when the outbound queue has room again. */
    void onDrained(Runnable drained);

    /** Runs {@code closed} when the watch is over: ended by the server or closed by the client. */
    void onClosed(Runnable closed);

    /** Ends the watch normally: a client watches again from the last resourceVersion it saw. */
    void end();

    /** Drops the connection of a client that could not keep up, as kube-apiserver does. */
    void cutOff();
}
