package io.netstack4j.app.http.client;

import io.netstack4j.app.http.FieldSyntax;
import io.netstack4j.app.http.HttpFields;

import java.net.URI;
import java.util.Objects;
import java.util.Set;

/**
 * A request: method, absolute {@code http} URI, header fields the caller adds, and a body (null:
 * none). The client adds Host, User-Agent, Accept and, with a body, Content-Length
 * (RFC 9110 §8.6) unless given here.
 */
public record HttpRequest(String method, URI uri, HttpFields headers, byte[] body) {
    /** Methods that may be sent again after a failure (RFC 9110 §9.2.2). */
    private static final Set<String> IDEMPOTENT = Set.of("GET", "HEAD", "PUT", "DELETE", "OPTIONS", "TRACE");

    public HttpRequest {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(uri, "uri");
        Objects.requireNonNull(headers, "headers");
        if (!FieldSyntax.isToken(method)) {
            throw new IllegalArgumentException("not a method: " + method);
        }
        for (String framing : new String[] {"Content-Length", "Transfer-Encoding", "Host"}) {
            if (headers.contains(framing)) {
                throw new IllegalArgumentException(framing + " is set by the client");
            }
        }
    }

    public static HttpRequest get(URI uri) {
        return new HttpRequest("GET", uri, HttpFields.EMPTY, null);
    }

    public static HttpRequest head(URI uri) {
        return new HttpRequest("HEAD", uri, HttpFields.EMPTY, null);
    }

    public static HttpRequest post(URI uri, String contentType, byte[] body) {
        return new HttpRequest("POST", uri, HttpFields.of("Content-Type", contentType), Objects.requireNonNull(body));
    }

    public HttpRequest withHeaders(HttpFields h) {
        return new HttpRequest(method, uri, h, body);
    }

    /** Same request to another URI (a redirect keeping method and body: 307, 308). */
    public HttpRequest withUri(URI u) {
        return new HttpRequest(method, u, headers, body);
    }

    public boolean idempotent() {
        return IDEMPOTENT.contains(method);
    }

    public boolean isHead() {
        return method.equals("HEAD");
    }

    /** The request-target in origin-form (RFC 9112 §3.2.1): path and query, "/" for an empty path. */
    public String target() {
        String path = uri.getRawPath();
        String query = uri.getRawQuery();
        return (path == null || path.isEmpty() ? "/" : path) + (query == null ? "" : "?" + query);
    }

    @Override
    public String toString() {
        return method + " " + uri + (body == null ? "" : " (" + body.length + " bytes)");
    }
}
