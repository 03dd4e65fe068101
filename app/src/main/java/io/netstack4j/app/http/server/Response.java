package io.netstack4j.app.http.server;

import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;

/**
 * A response to write: status, the fields particular to it, and a body that is either a few bytes in
 * memory or a region of an open file (streamed, never read whole). Date, Server, Content-Length and
 * Connection are added when it is written.
 */
final class Response {
    final int status;
    final StringBuilder fields = new StringBuilder(128);
    /** Content-Length to send, or -1 for none (304). */
    long contentLength = -1;
    /** Whether the body goes out (not for HEAD, 304). */
    boolean sendBody = true;
    byte[] bytes;
    FileChannel file;
    long filePosition;

    Response(int status) {
        this.status = status;
    }

    Response field(String name, String value) {
        fields.append(name).append(": ").append(value).append("\r\n");
        return this;
    }

    /** An error or short reply: a one-line text/plain body naming the status (nothing from the request is echoed). */
    static Response text(int status) {
        Response r = new Response(status);
        r.bytes = (status + " " + reason(status) + "\n").getBytes(StandardCharsets.US_ASCII);
        r.contentLength = r.bytes.length;
        r.field("Content-Type", "text/plain; charset=utf-8");
        return r;
    }

    /** A body from memory with its Content-Type (a {@link FormHandler}'s reply). */
    static Response of(int status, String contentType, byte[] body) {
        Response r = new Response(status);
        r.bytes = body;
        r.contentLength = body.length;
        r.field("Content-Type", contentType);
        return r;
    }

    /** The head as sent, CRLFs included (RFC 9112 §4 status line, §5 fields). */
    String head(String date, boolean close, boolean http10KeepAlive) {
        StringBuilder sb = new StringBuilder(192 + fields.length());
        sb.append("HTTP/1.1 ").append(status).append(' ').append(reason(status)).append("\r\n")
                .append("Date: ").append(date).append("\r\n")
                .append("Server: netstack4j\r\n")
                .append(fields);
        if (contentLength >= 0) {
            sb.append("Content-Length: ").append(contentLength).append("\r\n");
        }
        if (close) {
            sb.append("Connection: close\r\n");
        } else if (http10KeepAlive) {
            sb.append("Connection: keep-alive\r\n");   // RFC 9112 §9.3: an HTTP/1.0 client asked to keep it
        }
        return sb.append("\r\n").toString();
    }

    /** The reason phrases of RFC 9110 §15. */
    static String reason(int status) {
        return switch (status) {
            case 200 -> "OK";
            case 206 -> "Partial Content";
            case 304 -> "Not Modified";
            case 400 -> "Bad Request";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 408 -> "Request Timeout";
            case 413 -> "Content Too Large";
            case 414 -> "URI Too Long";
            case 416 -> "Range Not Satisfiable";
            case 431 -> "Request Header Fields Too Large";   // RFC 6585 §5
            case 500 -> "Internal Server Error";
            case 501 -> "Not Implemented";
            case 503 -> "Service Unavailable";
            case 505 -> "HTTP Version Not Supported";
            default -> "Status " + status;
        };
    }
}
