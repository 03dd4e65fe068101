package io.netstack4j.app.http.server;

/**
 * Answers a {@code POST} the directory cannot (the demo's guestbook form): the server reads the body
 * (Content-Length framed, at most {@link HttpServerConfig#maxDiscardedBody()} octets, no
 * {@code Expect: 100-continue}) and hands it over. Called on the connection's virtual thread, so it
 * must be thread-safe; it must not throw.
 */
@FunctionalInterface
public interface FormHandler {
    /** What to answer: status, Content-Type and the body. */
    record Reply(int status, String contentType, byte[] body) {
        public Reply {
            if (status < 200 || status > 599 || contentType == null || body == null) {
                throw new IllegalArgumentException("a final status, a content type and a body");
            }
        }
    }

    /** The reply to {@code head} with its {@code body}, or null to refuse it (405, as without a handler). */
    Reply post(RequestHead head, byte[] body);
}
