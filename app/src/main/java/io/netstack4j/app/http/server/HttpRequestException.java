package io.netstack4j.app.http.server;

import java.io.IOException;

/**
 * A request the server will not serve, with the status to answer it with (400, 414, 431, 501, 505...)
 * before it closes the connection: after a malformed head the next request cannot be found reliably
 * (RFC 9112 §2.2, §3).
 */
public final class HttpRequestException extends IOException {
    private final int status;

    public HttpRequestException(int status, String reason) {
        super(reason);
        this.status = status;
    }

    /** The response status: 400 Bad Request, 414 URI Too Long, 431 Request Header Fields Too Large... */
    public int status() {
        return status;
    }
}
