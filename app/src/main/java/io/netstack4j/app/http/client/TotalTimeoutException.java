package io.netstack4j.app.http.client;

import java.net.SocketTimeoutException;

/**
 * The whole exchange (resolving, connecting, redirects, request, response and its body) took longer
 * than {@link HttpClient.Builder#totalTimeout}. A {@link SocketTimeoutException}, as the connect and
 * read timeouts are.
 */
public final class TotalTimeoutException extends SocketTimeoutException {
    public TotalTimeoutException(long millis) {
        super("the request did not complete within its total timeout of " + millis + " ms");
    }
}
