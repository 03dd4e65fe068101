package io.netstack4j.app.demo;

import io.netstack4j.api.NetStack;
import io.netstack4j.api.SocketInfo;
import io.netstack4j.link.Direction;
import io.netstack4j.link.FrameObserver;

import java.util.ArrayList;
import java.util.List;

/**
 * Everything the demo saw, in one ordered list: the frames each host's LAN adapter sent and received
 * (recorded on the hosts' loop threads) and what the browser and the web server did (recorded on their
 * own threads), each timed by {@code System.nanoTime()} as it is recorded. One lock, so the order of the list is an order in which things really happened: a frame
 * is recorded as sent before it is recorded as received, and an application's step before the frames
 * that it causes reach the other host. Narration reads the list only after the run.
 */
final class DemoEvents {
    /** One recorded item; {@code seq} is its place in the list. */
    sealed interface Item permits Frame, Event {
        long nanos();
    }

    /** A frame as one host's (or the router's) adapter on {@code lan} saw it (a copy). */
    record Frame(String host, String lan, Direction dir, byte[] bytes, long nanos) implements Item {
    }

    /** What an application did. */
    enum Kind {
        RESOLVING, RESOLVED, SOCKET, CONNECTING, CONNECTED, REUSED, HEAD_WRITTEN, BODY_WRITTEN, RESPONSE_HEAD,
        RESPONSE_COMPLETE, END_OF_STREAM, KEPT, CLOSED,
        ACCEPTED, REQUEST, RESPONSE_SENT, SERVER_CLOSING
    }

    /**
     * An application's step.
     *
     * @param kind  what
     * @param actor "browser" or "www"
     * @param fd    the descriptor it concerns, or -1
     * @param n1    a number (bytes, status...), meaning by kind
     * @param n2    another
     * @param s1    a text (address, line, table row...), meaning by kind
     * @param s2    another
     */
    record Event(Kind kind, String actor, int fd, long n1, long n2, String s1, String s2, long nanos) implements Item {
    }

    private final List<Item> items = new ArrayList<>();

    /** Records an event, timed now: under the lock, so times never go back along the list. */
    synchronized void event(Kind kind, String actor, int fd, long n1, long n2, String s1, String s2) {
        items.add(new Event(kind, actor, fd, n1, n2, s1, s2, System.nanoTime()));
    }

    /** Forgets what was recorded so far (the hosts' start-up). */
    synchronized void clear() {
        items.clear();
    }

    synchronized List<Item> items() {
        return List.copyOf(items);
    }

    /**
     * An observer for {@code host}'s adapter on {@code lan}. The frame is timed when it is recorded, not with the loop's
     * {@code now} (the start of the loop's turn), so that times follow the list's order.
     */
    FrameObserver observer(String host, String lan) {
        return (dir, b, off, len, now) -> {
            byte[] copy = new byte[len];
            System.arraycopy(b, off, copy, 0, len);
            synchronized (this) {
                items.add(new Frame(host, lan, dir, copy, System.nanoTime()));
            }
        };
    }

    /** The socket table's header and the row of {@code fd}, indented: what a step shows of its socket. */
    static String socketRow(NetStack net, int fd) {
        for (SocketInfo i : net.sockets().table()) {
            if (i.fd() == fd) {
                return "      " + SocketInfo.HEADER + "\n      " + i.toString().replace("\n", "\n      ");
            }
        }
        return "      (fd " + fd + ": no row)";
    }
}
