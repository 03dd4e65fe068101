package io.netstack4j.bench;

import io.netstack4j.api.NetStack;
import io.netstack4j.api.Sockets;
import io.netstack4j.iface.StackConfig;
import io.netstack4j.link.VirtualLan;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;

import java.util.SplittableRandom;

/**
 * What the socket-call benchmarks share: a running host ({@link BenchFrames#OUR_IP} on a virtual
 * LAN port, its own loop thread) and, after each iteration, how many tasks it posted to its loop
 * (printed beside the iteration's score: the calls that needed the loop thread).
 */
abstract class HostBench {
    NetStack host;
    Sockets s;
    private long postedAtStart;

    /** Starts the host with room for {@code maxDescriptors}. */
    void startHost(String name, int maxDescriptors) {
        VirtualLan lan = new VirtualLan(1);
        host = NetStack.builder(StackConfig.builder(name).mac(BenchFrames.OURS).address(BenchFrames.OUR_IP + "/24")
                .build(), lan.attach("a")).maxDescriptors(maxDescriptors).random(new SplittableRandom(1)).start();
        s = host.sockets();
    }

    @Setup(Level.Iteration)
    public void markTasks() {
        postedAtStart = host.loop().postedTasks();
    }

    @TearDown(Level.Iteration)
    public void reportTasks() {
        System.out.print(" [tasks posted: " + (host.loop().postedTasks() - postedAtStart) + "] ");
    }

    @TearDown
    public void closeHost() {
        host.close();
    }
}
