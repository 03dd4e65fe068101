package io.netstack4j.app.http.server;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The directory a server serves, and the one way a request-target becomes a file in it. Nothing
 * outside the root is ever named:
 *
 * <ul>
 *   <li>The target is origin-form ({@code /path?query}) or absolute-form ({@code http://host/path}, RFC
 *       9112 §3.2.2: a server MUST accept it); anything else is 400. The query is not used.</li>
 *   <li>Each path segment is percent-decoded on its own (RFC 3986 §2.1); a bad escape or bytes that
 *       are not UTF-8 are 400.</li>
 *   <li><b>403 Forbidden</b> for a segment {@code .} or {@code ..} (plain or encoded as {@code %2e}), and
 *       for a segment that decodes to a {@code /} ({@code %2f}), a backslash ({@code %5c}) or NUL
 *       ({@code %00}): these are attempts to leave the root or to confuse the file system.</li>
 *   <li>Empty segments ({@code //}) are skipped: a segment is always one name resolved under the root,
 *       so an absolute path cannot be formed.</li>
 *   <li><b>403</b> for a file whose real path (symbolic links resolved) is outside the root, or that is
 *       not a regular file; <b>404</b> for a name that does not exist, and for a directory without
 *       {@code index.html} (no listings).</li>
 * </ul>
 */
public final class DocumentRoot {
    static final String INDEX = "index.html";

    /** What a request-target names. */
    sealed interface Lookup {
    }

    /** A regular file under the root, to serve. */
    record Found(Path file) implements Lookup {
    }

    /** An error status (400, 403, 404) and why. */
    record Refused(int status, String reason) implements Lookup {
    }

    private final Path root;
    private final Path realRoot;

    /**
     * @throws IllegalArgumentException if {@code root} is not a directory
     */
    public DocumentRoot(Path root) {
        if (!Files.isDirectory(root)) {
            throw new IllegalArgumentException(root + " is not a directory");
        }
        try {
            this.realRoot = root.toRealPath();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot resolve " + root + ": " + e.getMessage(), e);
        }
        this.root = realRoot;
    }

    public Path path() {
        return root;
    }

    /** The file {@code target} names, or why it is refused. */
    Lookup lookup(String target) {
        String path = pathOf(target);
        if (path == null) {
            return new Refused(400, "request-target is neither origin-form nor absolute-form");
        }
        Path p = root;
        int from = 1;
        while (from <= path.length()) {
            int slash = path.indexOf('/', from);
            int to = slash < 0 ? path.length() : slash;
            if (to > from) {
                String segment;
                try {
                    segment = decode(path, from, to);
                } catch (IllegalArgumentException e) {
                    return new Refused(400, e.getMessage());
                }
                if (segment.equals(".") || segment.equals("..")) {
                    return new Refused(403, "dot segment in the path");
                }
                if (segment.indexOf('/') >= 0 || segment.indexOf('\\') >= 0 || segment.indexOf('\0') >= 0) {
                    return new Refused(403, "encoded slash, backslash or NUL in the path");
                }
                p = p.resolve(segment);
            }
            from = to + 1;
        }
        return check(p);
    }

    private Lookup check(Path p) {
        if (!p.normalize().startsWith(root)) {
            return new Refused(403, "outside the root");   // cannot happen with one name per segment; kept as a guard
        }
        if (Files.isDirectory(p)) {
            p = p.resolve(INDEX);
        }
        if (!Files.exists(p)) {
            return new Refused(404, "no such file");
        }
        Path real;
        try {
            real = p.toRealPath();
        } catch (IOException e) {
            return new Refused(404, "no such file");
        }
        if (!real.startsWith(realRoot)) {
            return new Refused(403, "a symbolic link leads outside the root");
        }
        if (!Files.isRegularFile(real)) {
            return new Refused(Files.isDirectory(real) ? 404 : 403, "not a regular file");
        }
        return new Found(real);
    }

    /** The path of an origin-form or absolute-form target (RFC 9112 §3.2), without the query; or null. */
    static String pathOf(String target) {
        String t = target;
        String lower = t.toLowerCase(Locale.ROOT);
        if (lower.startsWith("http://") || lower.startsWith("https://")) {
            int authority = lower.indexOf("//") + 2;
            int slash = t.indexOf('/', authority);
            int query = t.indexOf('?', authority);
            if (slash < 0 || (query >= 0 && query < slash)) {
                return "/";
            }
            t = t.substring(slash);
        }
        if (!t.startsWith("/")) {
            return null;
        }
        int q = t.indexOf('?');
        return q < 0 ? t : t.substring(0, q);
    }

    /** Percent-decodes {@code s[from, to)} as UTF-8, strictly. */
    static String decode(String s, int from, int to) {
        if (s.indexOf('%', from) < 0 || s.indexOf('%', from) >= to) {
            return s.substring(from, to);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(to - from);
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c != '%') {
                out.write(c);
                continue;
            }
            if (i + 2 >= to) {
                throw new IllegalArgumentException("a percent sign without two hex digits");
            }
            int hi = Character.digit(s.charAt(i + 1), 16);
            int lo = Character.digit(s.charAt(i + 2), 16);
            if (hi < 0 || lo < 0) {
                throw new IllegalArgumentException("a percent sign without two hex digits");
            }
            out.write(hi << 4 | lo);
            i += 2;
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(out.toByteArray()))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("the path is not UTF-8");
        }
    }
}
