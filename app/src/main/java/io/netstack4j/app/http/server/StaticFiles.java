package io.netstack4j.app.http.server;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

/**
 * The answer to GET or HEAD for a file found under the root: 200, 206, 304 or 416, with the
 * representation's metadata (RFC 9110 §8.3 Content-Type, §8.8.2 Last-Modified, §14.3 Accept-Ranges).
 * Preconditions are evaluated before ranges (RFC 9110 §13.2.2).
 */
final class StaticFiles {
    private StaticFiles() {
    }

    /**
     * The response for {@code head} naming {@code file}; the file is opened (the caller closes
     * {@link Response#file} when one is set). Size and time are read from the open file, so they
     * describe what is sent.
     */
    static Response reply(RequestHead head, Path file, Instant now) throws IOException {
        boolean get = head.method().equals("GET");
        FileChannel ch = FileChannel.open(file, StandardOpenOption.READ);
        try {
            long length = ch.size();
            Instant modified = Files.getLastModifiedTime(file).toInstant();
            long modifiedSecond = modified.getEpochSecond();
            String lastModified = HttpDates.format(Instant.ofEpochSecond(modifiedSecond));
            if (notModified(head, modifiedSecond, now)) {
                ch.close();
                Response r = new Response(304);
                r.sendBody = false;
                return r.field("Last-Modified", lastModified);
            }
            ByteRange.Outcome range = get && rangeApplies(head, modifiedSecond)
                    ? ByteRange.evaluate(head.header("Range"), length) : ByteRange.WHOLE;
            if (range instanceof ByteRange.Unsatisfiable) {
                ch.close();
                Response r = Response.text(416);
                r.sendBody = get;
                return r.field("Content-Range", "bytes */" + length).field("Accept-Ranges", "bytes");
            }
            Response r;
            if (range instanceof ByteRange.Partial(ByteRange br)) {
                r = new Response(206).field("Content-Range", br.contentRange(length));
                r.filePosition = br.first();
                r.contentLength = br.length();
            } else {
                r = new Response(200);
                r.contentLength = length;
            }
            r.field("Content-Type", MediaTypes.of(file.getFileName().toString()))
                    .field("Last-Modified", lastModified)
                    .field("Accept-Ranges", "bytes");
            r.sendBody = get;
            if (get && r.contentLength > 0) {
                r.file = ch;
            } else {
                ch.close();
            }
            return r;
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    /**
     * If-Modified-Since (RFC 9110 §13.1.3): true if the file has not changed since the date given. Ignored
     * when If-None-Match is present, when the date is not a valid HTTP date, or when it is in the future.
     */
    static boolean notModified(RequestHead head, long modifiedSecond, Instant now) {
        if (head.header("If-None-Match") != null) {
            return false;
        }
        Instant since = HttpDates.parse(head.header("If-Modified-Since"));
        if (since == null || since.isAfter(now)) {
            return false;
        }
        return modifiedSecond <= since.getEpochSecond();
    }

    /**
     * If-Range (RFC 9110 §13.1.5): a Range applies only if If-Range is absent or is an HTTP date equal
     * to Last-Modified (an entity-tag never matches: no ETags are sent).
     */
    static boolean rangeApplies(RequestHead head, long modifiedSecond) {
        String ifRange = head.header("If-Range");
        if (ifRange == null) {
            return true;
        }
        Instant d = HttpDates.parse(ifRange);
        return d != null && d.getEpochSecond() == modifiedSecond;
    }
}
