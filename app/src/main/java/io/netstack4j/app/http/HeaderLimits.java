package io.netstack4j.app.http;

/**
 * Bounds on a message head (a request or status line and its field lines), so a hostile or broken
 * peer cannot make the reader buffer without end.
 *
 * @param maxLineLength  longest line, start line or field line, without its CRLF
 * @param maxFields      most field lines (header and, for chunked bodies, trailer fields, each counted on its own)
 * @param maxHeaderBytes most bytes in the whole head, line endings included
 */
public record HeaderLimits(int maxLineLength, int maxFields, int maxHeaderBytes) {
    /** 8 KiB lines, 100 fields, 64 KiB in all: the order of nginx's and curl's limits. */
    public static final HeaderLimits DEFAULT = new HeaderLimits(8 * 1024, 100, 64 * 1024);

    public HeaderLimits {
        if (maxLineLength < 16 || maxFields < 1 || maxHeaderBytes < maxLineLength) {
            throw new IllegalArgumentException("header limits too small: " + maxLineLength + "/" + maxFields + "/"
                    + maxHeaderBytes);
        }
    }
}
