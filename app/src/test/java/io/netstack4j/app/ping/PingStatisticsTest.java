package io.netstack4j.app.ping;

import io.netstack4j.wire.Ipv4Address;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class PingStatisticsTest {
    static final Ipv4Address PEER = Ipv4Address.parse("198.51.100.2");

    @Test
    void summaryReadsLikeIputils() {
        PingStatistics s = new PingStatistics();
        for (int i = 0; i < 4; i++) {
            s.sent();
        }
        s.record(new PingEvent.Reply(1, PEER, 64, 64, 1_000_000, false, true));
        s.record(new PingEvent.Reply(2, PEER, 64, 64, 3_000_000, false, true));
        s.record(new PingEvent.Reply(2, PEER, 64, 64, 5_000_000, true, true));
        s.record(new PingEvent.Error(3, PEER, "Destination Host Unreachable"));
        assertEquals("4 packets transmitted, 2 received, +1 duplicates, +1 errors, 50% packet loss, time 40ms\n"
                + "rtt min/avg/max/mdev = 1.000/2.000/3.000/1.000 ms", s.summary(40).replace("\r\n", "\n"));
    }

    @Test
    void noReplyNoRttLine() {
        PingStatistics s = new PingStatistics();
        s.sent();
        assertEquals("1 packets transmitted, 0 received, 100% packet loss, time 5ms", s.summary(5));
    }

    @Test
    void rttPrecisionFollowsIputils() {
        assertEquals("0.045", PingFormat.rtt(45_000));
        assertEquals("1.23", PingFormat.rtt(1_234_000));
        assertEquals("12.3", PingFormat.rtt(12_345_000));
        assertEquals("123", PingFormat.rtt(123_456_000));
    }
}
