package io.netstack4j.api;

import io.netstack4j.socket.tcp.TcpConfig;
import io.netstack4j.socket.tcp.TcpLayer;

import java.util.Objects;

/** TCP (RFC 9293) as a host's stream transport: {@link SocketType#STREAM} sockets over a {@link TcpLayer}. */
public final class TcpTransport extends Transport {
    private final TcpConfig config;
    private TcpLayer layer;

    public TcpTransport(TcpConfig config) {
        this.config = Objects.requireNonNull(config, "config");
    }

    public TcpTransport() {
        this(TcpConfig.DEFAULT);
    }

    @Override
    public SocketType socketType() {
        return SocketType.STREAM;
    }

    @Override
    public String name() {
        return "tcp";
    }

    /** The TCP layer, once installed; loop thread only. */
    public TcpLayer layer() {
        if (layer == null) {
            throw new IllegalStateException("TCP is not installed on a host yet");
        }
        return layer;
    }

    @Override
    void install(NetStack host) {
        if (layer != null) {
            throw new IllegalStateException("a TcpTransport serves one host");
        }
        layer = TcpLayer.install(host.stack(), config, host.random());
        // Data that application threads put in send rings wakes the loop without a task.
        layer.outputWaker(host.loop()::wakeIfParked);
    }

    @Override
    void shutdown(long now) {
        if (layer != null) {
            layer.abortAll(now);
        }
    }

    @Override
    SocketImpl openSocket() {
        return new TcpSocketImpl(layer, layer.open());
    }
}
