package io.netstack4j.app.http.client;

import io.netstack4j.app.http.MalformedMessageException;
import io.netstack4j.app.http.MalformedMessageException.Problem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A corpus of malformed responses, each sent by a scripted server that then closes: the client
 * reports each with a {@link MalformedMessageException} of the expected {@link Problem}, from
 * {@code send} or from reading the body, and neither hangs nor throws anything else.
 */
@Timeout(60)
class MalformedResponseTest {
    static final String H = "HTTP/1.1 200 OK\r\n";

    static Map<String, Problem> corpus() {
        Map<String, Problem> m = new LinkedHashMap<>();
        m.put("HTTP/1.1 2x0 OK\r\n\r\n", Problem.BAD_STATUS_LINE);
        m.put("HTTP/2 200\r\n\r\n", Problem.BAD_STATUS_LINE);
        m.put("HTTP/2.0 200 OK\r\n\r\n", Problem.BAD_STATUS_LINE);
        m.put("ICY 200 OK\r\n\r\n", Problem.BAD_STATUS_LINE);
        m.put("http/1.1 200 OK\r\n\r\n", Problem.BAD_STATUS_LINE);
        m.put("HTTP/1.1  200 OK\r\n\r\n", Problem.BAD_STATUS_LINE);
        m.put("HTTP/1.1 099 Low\r\n\r\n", Problem.BAD_STATUS_LINE);
        m.put("HTTP/1.1 200OK\r\n\r\n", Problem.BAD_STATUS_LINE);
        m.put("\r\nHTTP/1.1 200 OK\r\n\r\n", Problem.BAD_STATUS_LINE);
        m.put("HTTP/1.1 " + "9".repeat(9000) + "\r\n\r\n", Problem.LINE_TOO_LONG);
        m.put(H + "X-A: 1\r\n folded\r\nContent-Length: 0\r\n\r\n", Problem.OBS_FOLD);
        m.put(H + "Bad Name: x\r\n\r\n", Problem.BAD_HEADER);
        m.put(H + "Content-Length : 0\r\n\r\n", Problem.BAD_HEADER);
        m.put(H + "NoColon\r\n\r\n", Problem.BAD_HEADER);
        m.put(H + ": empty name\r\n\r\n", Problem.BAD_HEADER);
        m.put(H + "X-A: a\u0001b\r\n\r\n", Problem.BAD_HEADER);
        m.put(H + "X-A: a\rb\r\n\r\n", Problem.BAD_LINE_ENDING);
        m.put(H + "X-A: a\u0000b\r\n\r\n", Problem.BAD_LINE_ENDING);
        m.put(H + "X-Long: " + "a".repeat(9000) + "\r\n\r\n", Problem.LINE_TOO_LONG);
        m.put(H + "X-Many: 1\r\n".repeat(101) + "\r\n", Problem.TOO_MANY_HEADERS);
        m.put(H + ("X-Big: " + "b".repeat(4000) + "\r\n").repeat(20) + "\r\n", Problem.HEADER_TOO_LARGE);
        m.put(H + "Content-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n",
                Problem.CONFLICTING_FRAMING);
        m.put(H + "Content-Length: -1\r\n\r\n", Problem.BAD_CONTENT_LENGTH);
        m.put(H + "Content-Length: 5, 6\r\n\r\nhello", Problem.BAD_CONTENT_LENGTH);
        m.put(H + "Content-Length: 5\r\nContent-Length: 6\r\n\r\nhello", Problem.BAD_CONTENT_LENGTH);
        m.put(H + "Content-Length: 0x10\r\n\r\n", Problem.BAD_CONTENT_LENGTH);
        m.put(H + "Content-Length: 99999999999999999999\r\n\r\n", Problem.BAD_CONTENT_LENGTH);
        m.put(H + "Transfer-Encoding: gzip\r\n\r\n", Problem.UNSUPPORTED_TRANSFER_CODING);
        m.put(H + "Transfer-Encoding: chunked, gzip\r\n\r\n", Problem.UNSUPPORTED_TRANSFER_CODING);
        m.put(H + "Transfer-Encoding: chunked\r\n\r\nzz\r\nhello\r\n0\r\n\r\n", Problem.BAD_CHUNK_SIZE);
        m.put(H + "Transfer-Encoding: chunked\r\n\r\n-5\r\nhello\r\n0\r\n\r\n", Problem.BAD_CHUNK_SIZE);
        m.put(H + "Transfer-Encoding: chunked\r\n\r\n\r\nhello\r\n0\r\n\r\n", Problem.BAD_CHUNK_SIZE);
        m.put(H + "Transfer-Encoding: chunked\r\n\r\n5 x\r\nhello\r\n0\r\n\r\n", Problem.BAD_CHUNK_SIZE);
        m.put(H + "Transfer-Encoding: chunked\r\n\r\n" + "f".repeat(17) + "\r\n", Problem.BAD_CHUNK_SIZE);
        m.put(H + "Transfer-Encoding: chunked\r\n\r\n5\r\nhelloXX\r\n0\r\n\r\n", Problem.BAD_CHUNK_END);
        m.put(H + "Transfer-Encoding: chunked\r\n\r\n5\r\nhel", Problem.TRUNCATED_BODY);
        m.put(H + "Transfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n", Problem.TRUNCATED_BODY);
        m.put(H + "Transfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\nX-T: 1\r\n", Problem.TRUNCATED_HEAD);
        m.put(H + "Content-Length: 100\r\n\r\nonly ten b", Problem.TRUNCATED_BODY);
        m.put(H + "Content-", Problem.TRUNCATED_HEAD);
        m.put(H + "Content-Length: 0\r\n", Problem.TRUNCATED_HEAD);
        m.put("", Problem.EMPTY_RESPONSE);
        m.put("HTTP/1.1 101 Switching Protocols\r\nUpgrade: x\r\n\r\n", Problem.UNEXPECTED_RESPONSE);
        m.put("HTTP/1.1 100 Continue\r\n\r\n".repeat(9) + H + "Content-Length: 0\r\n\r\n", Problem.UNEXPECTED_RESPONSE);
        return m;
    }

    @Test
    void eachMalformedResponseGivesItsClearError() throws Exception {
        List<String> responses = new ArrayList<>(corpus().keySet());
        List<Problem> expected = new ArrayList<>(corpus().values());
        try (HttpLan lan = new HttpLan();
             ScriptedServer server = new ScriptedServer(lan.server, 80, c -> {
                 String req = c.readRequest();
                 int i = Integer.parseInt(req.substring(req.indexOf("/case/") + 6, req.indexOf(" HTTP/")));
                 c.write(responses.get(i).getBytes(StandardCharsets.ISO_8859_1));
             });
             HttpClient client = HttpClient.builder(lan.browser).readTimeout(Duration.ofSeconds(5))
                     .awaitServerClose(Duration.ZERO).build()) {
            List<String> wrong = new ArrayList<>();
            for (int i = 0; i < responses.size(); i++) {
                Problem got = null;
                String other = null;
                try (HttpResponse r = client.get("http://198.51.100.80/case/" + i)) {
                    r.body().readAllBytes();
                    other = "no error (" + r.status() + ")";
                } catch (MalformedMessageException e) {
                    got = e.problem();
                } catch (Exception e) {
                    other = e.toString();
                }
                if (got != expected.get(i)) {
                    wrong.add(i + ": " + MalformedMessageException.quote(responses.get(i), 50) + " expected "
                            + expected.get(i) + ", got " + (got != null ? got : other));
                }
            }
            assertEquals(List.of(), wrong);
            assertEquals(List.of(), server.failures);
        }
    }
}
