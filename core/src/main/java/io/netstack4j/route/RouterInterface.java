package io.netstack4j.route;

import io.netstack4j.buffer.PacketBuffer;
import io.netstack4j.iface.Forwarder;
import io.netstack4j.iface.Stack;
import io.netstack4j.link.LinkAdapter;
import io.netstack4j.wire.Ipv4Cidr;

/**
 * One interface of a {@link Router}: a {@link Stack} of its own on one link (its MAC, address, ARP
 * cache and queue, echo responder, MTU), whose datagrams for other hosts go to the router.
 */
public final class RouterInterface {
    private final String name;
    private final Stack stack;
    private final LinkAdapter adapter;
    private final Ipv4Cidr address;
    private final int addressBits;
    /** The directed broadcast address of the network, or 0 for a /31 or /32 (none, RFC 3021). */
    private final int broadcastBits;

    RouterInterface(String name, Stack stack, LinkAdapter adapter) {
        this.name = name;
        this.stack = stack;
        this.adapter = adapter;
        this.address = stack.addresses().getFirst();
        this.addressBits = address.address().bits();
        this.broadcastBits = address.prefixLength() < 31 ? address.broadcast().bits() : 0;
    }

    /** Hooks this interface's stack to {@code forwarding}. */
    void connect(Forwarding forwarding) {
        stack.forwarder(new Forwarder() {
            @Override
            public void forward(PacketBuffer datagram, boolean linkBroadcast, long now) {
                forwarding.forward(RouterInterface.this, datagram, linkBroadcast, now);
            }

            @Override
            public void nextHopUnreachable(PacketBuffer datagram, long now) {
                forwarding.nextHopUnreachable(datagram, now);
            }
        });
    }

    /** The interface's name ("eth0"). */
    public String name() {
        return name;
    }

    /** The stack that is this interface (ARP, ICMP echo, the link). Owner thread only. */
    public Stack stack() {
        return stack;
    }

    public LinkAdapter adapter() {
        return adapter;
    }

    /** The interface's (first) address and prefix. */
    public Ipv4Cidr address() {
        return address;
    }

    int addressBits() {
        return addressBits;
    }

    int broadcastBits() {
        return broadcastBits;
    }

    /** The largest datagram that leaves this interface unfragmented. */
    public int mtu() {
        return stack.mtu();
    }

    @Override
    public String toString() {
        return name + " " + stack.mac() + " " + address + " mtu " + mtu();
    }
}
