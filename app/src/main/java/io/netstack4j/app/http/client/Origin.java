package io.netstack4j.app.http.client;

import java.net.URI;
import java.util.Locale;

/**
 * Where requests go: scheme, host and port (RFC 9110 §4.3.1 origin). Connections are pooled per
 * origin. Only {@code http} is spoken here.
 */
public record Origin(String host, int port) {
    public Origin {
        host = host.toLowerCase(Locale.ROOT);
        if (port < 1 || port > 65_535) {
            throw new IllegalArgumentException("port " + port);
        }
    }

    /**
     * The origin of an absolute {@code http} URI (port 80 by default, RFC 9110 §4.2.1).
     *
     * @throws UnsupportedUrlException another scheme, no host, a user-info part, an IPv6 literal
     */
    public static Origin of(URI uri) throws UnsupportedUrlException {
        String scheme = uri.getScheme();
        if (scheme == null || !uri.isAbsolute()) {
            throw new UnsupportedUrlException(uri, "not an absolute URL");
        }
        if (!scheme.equalsIgnoreCase("http")) {
            throw new UnsupportedUrlException(uri, "scheme " + scheme + " is not supported (http only)");
        }
        String host = uri.getHost();
        if (host == null || host.isEmpty()) {
            throw new UnsupportedUrlException(uri, "no host");
        }
        if (host.startsWith("[")) {
            throw new UnsupportedUrlException(uri, "IPv6 is not supported");
        }
        if (uri.getRawUserInfo() != null) {
            // RFC 9110 §4.2.4: userinfo in an http URI is deprecated.
            throw new UnsupportedUrlException(uri, "user information in an http URL is not supported");
        }
        return new Origin(host, uri.getPort() < 0 ? 80 : uri.getPort());
    }

    /** The Host field value (RFC 9110 §7.2): the port only when not the default. */
    public String hostHeader() {
        return port == 80 ? host : host + ":" + port;
    }

    @Override
    public String toString() {
        return "http://" + hostHeader();
    }
}
