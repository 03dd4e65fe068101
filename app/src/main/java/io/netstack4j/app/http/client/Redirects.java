package io.netstack4j.app.http.client;

import io.netstack4j.app.http.HttpFields;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;

/** Which redirects are followed and with what request (RFC 9110 §15.4). */
final class Redirects {
    private Redirects() {
    }

    /**
     * The request that follows {@code response} to {@code request}, or null if it is not a redirect
     * the client follows (not 301/302/303/307/308, or no usable Location).
     *
     * <ul>
     * <li>301, 302: the same method, except POST, which becomes GET without its body (what user
     * agents do, RFC 9110 §15.4.2, §15.4.3);</li>
     * <li>303: GET (HEAD stays HEAD), without a body (§15.4.4);</li>
     * <li>307, 308: the same method and body (§15.4.8, §15.4.9).</li>
     * </ul>
     * Location is resolved against the request's URI (RFC 9110 §10.2.2); to another origin,
     * Authorization and Cookie are not sent on.
     */
    static HttpRequest follow(HttpRequest request, int status, HttpFields headers) {
        String location = headers.first("Location");
        if (location == null || location.isEmpty()) {
            return null;
        }
        String method;
        byte[] body;
        switch (status) {
            case 301, 302 -> {
                boolean toGet = request.method().equals("POST");
                method = toGet ? "GET" : request.method();
                body = toGet ? null : request.body();
            }
            case 303 -> {
                method = request.isHead() ? "HEAD" : "GET";
                body = null;
            }
            case 307, 308 -> {
                method = request.method();
                body = request.body();
            }
            default -> {
                return null;
            }
        }
        URI target;
        try {
            target = request.uri().resolve(new URI(location));
        } catch (URISyntaxException | IllegalArgumentException e) {
            return null;
        }
        HttpFields fields = request.headers();
        if (body == null) {
            fields = without(fields, "Content-Type");
        }
        if (!sameOrigin(request.uri(), target)) {
            fields = without(without(fields, "Authorization"), "Cookie");
        }
        return new HttpRequest(method, target, fields, body);
    }

    private static boolean sameOrigin(URI a, URI b) {
        try {
            return Origin.of(a).equals(Origin.of(b));
        } catch (UnsupportedUrlException e) {
            return false;
        }
    }

    private static HttpFields without(HttpFields fields, String name) {
        if (!fields.contains(name)) {
            return fields;
        }
        List<HttpFields.Field> kept = new ArrayList<>();
        for (HttpFields.Field f : fields.list()) {
            if (!f.name().equalsIgnoreCase(name)) {
                kept.add(f);
            }
        }
        return HttpFields.of(kept);
    }
}
