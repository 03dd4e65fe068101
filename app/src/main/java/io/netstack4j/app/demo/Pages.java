package io.netstack4j.app.demo;

import java.nio.charset.StandardCharsets;

/** The demo site's pages and the browser's form: small texts of our own. */
final class Pages {
    private Pages() {
    }

    static String index() {
        return """
                <!DOCTYPE html>
                <html lang="en">
                <head><meta charset="utf-8"><title>netstack4j guestbook</title></head>
                <body>
                <h1>The guestbook</h1>
                <p>This page came over a TCP connection made by netstack4j, a protocol stack written in Java.</p>
                <form method="post" action="/guestbook">
                <textarea name="comment" rows="12" cols="80"></textarea>
                <button>Post</button>
                </form>
                </body>
                </html>
                """;
    }

    /** The page the guestbook answers a post with: long enough to take two segments. */
    static String thanks(int received) {
        StringBuilder sb = new StringBuilder("""
                <!DOCTYPE html>
                <html lang="en">
                <head><meta charset="utf-8"><title>Thank you</title></head>
                <body>
                <h1>Thank you for your post</h1>
                """);
        sb.append("<p>The server read ").append(received).append(" bytes of your form.</p>\n<ol>\n");
        for (int i = 1; sb.length() < 2400; i++) {
            sb.append("<li>Entry ").append(i).append(": a visitor left a few kind words about the stack.</li>\n");
        }
        return sb.append("</ol>\n</body>\n</html>\n").toString();
    }

    /** A form of exactly {@code bytes} octets, as a browser sends a long text from a textarea. */
    static byte[] form(int bytes) {
        String sentence = "A+long+comment+for+the+blog%2C+written+in+a+textarea%2C+";
        StringBuilder sb = new StringBuilder("comment=");
        while (sb.length() < bytes) {
            sb.append(sentence);
        }
        sb.setLength(bytes);
        return sb.toString().getBytes(StandardCharsets.US_ASCII);
    }
}
