package io.netstack4j.socket.tcp;

import io.netstack4j.stats.DropCounters;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The TCP layer's counters, named as {@code netstat -s} and {@code /proc/net/snmp}'s "Tcp:" and
 * "TcpExt:" lines name them. Written only on the loop thread; read there, or take a
 * {@link #snapshot()} there.
 */
public final class TcpStats {
    final DropCounters drops = new DropCounters("tcp");
    long activeOpens;
    long passiveOpens;
    long attemptFails;
    long estabResets;
    long inSegs;
    long outSegs;
    long retransSegs;
    long inCsumErrors;
    long outRsts;
    long listenOverflows;
    long listenDrops;
    long synCookiesSent;
    long synCookiesRecv;
    long synCookiesFailed;
    long fastRetrans;
    long spuriousRetransUndone;
    long timeouts;
    long delayedAcks;
    long challengeAcks;
    long challengeAcksLimited;
    long ofoQueue;
    long ofoDrop;
    long zeroWindowProbes;
    long keepAliveProbes;
    long timeWaitOverflow;
    long timeWaitRecycled;
    long icmpErrors;
    long bytesIn;
    long bytesOut;
    int currEstab;

    TcpStats() {
    }

    public DropCounters drops() {
        return drops;
    }

    public long activeOpens() {
        return activeOpens;
    }

    public long passiveOpens() {
        return passiveOpens;
    }

    public long attemptFails() {
        return attemptFails;
    }

    public long estabResets() {
        return estabResets;
    }

    public long inSegs() {
        return inSegs;
    }

    public long outSegs() {
        return outSegs;
    }

    public long retransSegs() {
        return retransSegs;
    }

    public long inCsumErrors() {
        return inCsumErrors;
    }

    public long outRsts() {
        return outRsts;
    }

    public long listenOverflows() {
        return listenOverflows;
    }

    public long synCookiesSent() {
        return synCookiesSent;
    }

    public long synCookiesRecv() {
        return synCookiesRecv;
    }

    public long synCookiesFailed() {
        return synCookiesFailed;
    }

    public long fastRetrans() {
        return fastRetrans;
    }

    public long timeouts() {
        return timeouts;
    }

    public long challengeAcks() {
        return challengeAcks;
    }

    public long ofoQueue() {
        return ofoQueue;
    }

    public long zeroWindowProbes() {
        return zeroWindowProbes;
    }

    public long keepAliveProbes() {
        return keepAliveProbes;
    }

    public int currEstab() {
        return currEstab;
    }

    /** Every counter by its netstat name, in a stable order. */
    public Map<String, Long> snapshot() {
        Map<String, Long> m = new LinkedHashMap<>();
        m.put("ActiveOpens", activeOpens);
        m.put("PassiveOpens", passiveOpens);
        m.put("AttemptFails", attemptFails);
        m.put("EstabResets", estabResets);
        m.put("CurrEstab", (long) currEstab);
        m.put("InSegs", inSegs);
        m.put("OutSegs", outSegs);
        m.put("RetransSegs", retransSegs);
        m.put("InCsumErrors", inCsumErrors);
        m.put("OutRsts", outRsts);
        m.put("ListenOverflows", listenOverflows);
        m.put("ListenDrops", listenDrops);
        m.put("SyncookiesSent", synCookiesSent);
        m.put("SyncookiesRecv", synCookiesRecv);
        m.put("SyncookiesFailed", synCookiesFailed);
        m.put("TCPFastRetrans", fastRetrans);
        m.put("TCPTimeouts", timeouts);
        m.put("TCPSpuriousRtxUndo", spuriousRetransUndone);
        m.put("DelayedACKs", delayedAcks);
        m.put("TCPChallengeACK", challengeAcks);
        m.put("TCPChallengeACKLimited", challengeAcksLimited);
        m.put("TCPOFOQueue", ofoQueue);
        m.put("TCPOFODrop", ofoDrop);
        m.put("TCPWinProbe", zeroWindowProbes);
        m.put("TCPKeepAlive", keepAliveProbes);
        m.put("TCPTimeWaitOverflow", timeWaitOverflow);
        m.put("TWRecycled", timeWaitRecycled);
        m.put("IcmpErrors", icmpErrors);
        m.put("BytesIn", bytesIn);
        m.put("BytesOut", bytesOut);
        m.put("Drops", drops.total());
        return m;
    }

    @Override
    public String toString() {
        return "tcp " + snapshot() + " drops " + drops;
    }
}
