package io.netstack4j.app.http.client;

import io.netstack4j.api.SocketAddress4;
import io.netstack4j.app.http.HttpFields;
import io.netstack4j.app.http.StatusLine;
import io.netstack4j.socket.dns.DnsResult;
import io.netstack4j.wire.Ipv4Address;

import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** A listener that writes each event as one short line (body progress counted, not listed). */
final class Recorder implements HttpClient.Listener {
    final List<String> events = Collections.synchronizedList(new ArrayList<>());
    volatile long progressCalls;
    volatile long lastProgress;

    @Override
    public void resolving(String host) {
        events.add("resolving " + host);
    }

    @Override
    public void resolved(String host, Ipv4Address address, DnsResult.Source source, DnsResult result) {
        events.add("resolved " + host + " " + address + " " + source);
    }

    @Override
    public void socketCreated(int fd) {
        events.add("socket");
    }

    @Override
    public void connecting(int fd, SocketAddress4 remote) {
        events.add("connecting " + remote);
    }

    @Override
    public void connected(int fd, SocketAddress4 local, SocketAddress4 remote) {
        events.add("connected");
    }

    @Override
    public void connectionReused(int fd, SocketAddress4 local, SocketAddress4 remote, int previousRequests) {
        events.add("reused " + previousRequests);
    }

    @Override
    public void requestHeadWritten(int fd, String head, int bytes) {
        events.add("head " + head.substring(0, head.indexOf('\r')));
    }

    @Override
    public void requestBodyWritten(int fd, long bytes) {
        events.add("body " + bytes);
    }

    @Override
    public void responseStatus(int fd, StatusLine status) {
        events.add("status " + status.status());
    }

    @Override
    public void responseHeaders(int fd, HttpFields headers, int headBytes) {
        events.add("headers " + headers.size());
    }

    @Override
    public void bodyProgress(int fd, long received, long expected) {
        progressCalls++;
        lastProgress = received;
    }

    @Override
    public void responseComplete(int fd, int status, long bodyBytes) {
        events.add("complete " + bodyBytes);
    }

    @Override
    public void endOfStream(int fd) {
        events.add("eof");
    }

    @Override
    public void connectionKept(int fd, int idleConnections) {
        events.add("kept " + idleConnections);
    }

    @Override
    public void connectionClosed(int fd, CloseReason reason) {
        events.add("closed " + reason);
    }

    @Override
    public void retrying(int fd, String why) {
        events.add("retrying");
    }

    @Override
    public void redirected(int status, URI from, URI to, String method) {
        events.add("redirect " + status + " " + method + " " + to.getPath());
    }

    List<String> snapshot() {
        synchronized (events) {
            return List.copyOf(events);
        }
    }
}
