package io.netstack4j.app.http.client;

import java.io.IOException;
import java.net.URI;

/** A URL the client cannot fetch: not absolute, not {@code http}, no host, IPv6. */
public final class UnsupportedUrlException extends IOException {
    public UnsupportedUrlException(URI uri, String why) {
        super(uri + ": " + why);
    }
}
