package io.kumos.lb.proxy.internal;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFactory;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;

/**
 * The proxy's own event loops and the channel types that go with them: native epoll where the platform has it
 * (Linux with the {@code netty-transport-native-epoll} library), NIO otherwise. Channels are made by constructor
 * references rather than by class, so a native image needs no reflection for them.
 *
 * @param name the transport's name, {@code epoll} or {@code nio}
 */
public record NettyTransport(String name, EventLoopGroup group, ChannelFactory<ServerChannel> servers,
        ChannelFactory<Channel> sockets) {

    /** Event loops of {@code threads} daemon threads named {@code kumos-lb-io-*}. */
    public static NettyTransport create(int threads, boolean preferEpoll) {
        DefaultThreadFactory factory = new DefaultThreadFactory("kumos-lb-io", true);
        if (preferEpoll && Epoll.isAvailable()) {
            return new NettyTransport("epoll", new EpollEventLoopGroup(threads, factory),
                    EpollServerSocketChannel::new, EpollSocketChannel::new);
        }
        return new NettyTransport("nio", new NioEventLoopGroup(threads, factory), NioServerSocketChannel::new,
                NioSocketChannel::new);
    }

    /** Why epoll is not used, for the startup log line; {@code null} when it is. */
    public String whyNotEpoll(boolean preferEpoll) {
        if (name.equals("epoll")) {
            return null;
        }
        if (!preferEpoll) {
            return "disabled by configuration";
        }
        Throwable cause = Epoll.unavailabilityCause();
        return cause == null ? "unavailable" : cause.getMessage();
    }
}
