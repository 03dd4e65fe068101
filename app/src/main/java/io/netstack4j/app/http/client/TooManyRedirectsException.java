package io.netstack4j.app.http.client;

import java.io.IOException;
import java.net.URI;

/** More redirects than {@link HttpClient.Builder#maxRedirects} (a loop, most likely). */
public final class TooManyRedirectsException extends IOException {
    public TooManyRedirectsException(int max, URI last) {
        super("more than " + max + " redirects (the last to " + last + ")");
    }
}
