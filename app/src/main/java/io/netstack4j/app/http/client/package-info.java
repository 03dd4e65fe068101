/**
 * The HTTP/1.1 client, the story's browser: {@link io.netstack4j.app.http.client.HttpClient} fetches
 * a URL over a netstack4j host — resolve, socket, connect, write, read, close — with a bounded pool
 * of persistent connections, redirects, timeouts, strict parsing (errors are
 * {@link io.netstack4j.app.http.MalformedMessageException}s) and bodies streamed, never held whole.
 * {@link io.netstack4j.app.http.client.HttpClient.Listener} reports every step, for narration and
 * {@code ./netstack4j get -v}.
 */
package io.netstack4j.app.http.client;
