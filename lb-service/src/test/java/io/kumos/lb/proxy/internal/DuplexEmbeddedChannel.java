package io.kumos.lb.proxy.internal;

import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelPromise;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.socket.DuplexChannel;

/**
 * An {@link EmbeddedChannel} that can be half-closed like a TCP socket with {@code ALLOW_HALF_CLOSURE}: the proxy
 * shuts its output when the other side sent FIN, and {@link #receiveFin} plays a FIN arriving.
 */
final class DuplexEmbeddedChannel extends EmbeddedChannel implements DuplexChannel {

    private boolean inputShutdown;
    private boolean outputShutdown;

    DuplexEmbeddedChannel(ChannelHandler... handlers) {
        super(handlers);
    }

    /** The peer sent FIN: input shut, the event fired as Netty does for a half-closable channel. */
    void receiveFin() {
        inputShutdown = true;
        pipeline().fireUserEventTriggered(ChannelInputShutdownEvent.INSTANCE);
        runPendingTasks();
    }

    @Override
    public boolean isInputShutdown() {
        return inputShutdown;
    }

    @Override
    public ChannelFuture shutdownInput() {
        return shutdownInput(newPromise());
    }

    @Override
    public ChannelFuture shutdownInput(ChannelPromise promise) {
        inputShutdown = true;
        return promise.setSuccess();
    }

    @Override
    public boolean isOutputShutdown() {
        return outputShutdown;
    }

    @Override
    public ChannelFuture shutdownOutput() {
        return shutdownOutput(newPromise());
    }

    @Override
    public ChannelFuture shutdownOutput(ChannelPromise promise) {
        outputShutdown = true;
        return promise.setSuccess();
    }

    @Override
    public boolean isShutdown() {
        return inputShutdown && outputShutdown;
    }

    @Override
    public ChannelFuture shutdown() {
        return shutdown(newPromise());
    }

    @Override
    public ChannelFuture shutdown(ChannelPromise promise) {
        inputShutdown = true;
        outputShutdown = true;
        return promise.setSuccess();
    }
}
