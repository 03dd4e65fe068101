package io.netstack4j.app.cli;

import io.netstack4j.wire.Ipv4Address;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/**
 * {@code ./netstack4j host HOST}: a stack that answers ARP and ICMP until it is stopped
 * (SIGINT/SIGTERM), then releases its LAN adapter.
 */
@Command(name = "host", mixinStandardHelpOptions = true,
        description = "Attach a stack to a TAP device and answer ARP and ICMP until stopped.")
public final class HostCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    HostOptions host = new HostOptions();

    @Override
    public Integer call() throws InterruptedException {
        String problem = host.problem();
        if (problem == null && !host.onTap()) {
            problem = "host needs --tap NAME --ip A.B.C.D/PREFIX (an in-process host would have no one to answer)";
        }
        if (problem != null) {
            throw new ParameterException(spec.commandLine(), problem);
        }
        RunningHost running = HostBuilder.onTap(host);
        CountDownLatch stopped = new CountDownLatch(1);
        HostBuilder.onShutdown(() -> {
            running.close();
            stopped.countDown();
        });
        Ipv4Address gw = host.gateway;
        System.out.printf("host %s up: %s mac %s%s mtu %d (stop with Ctrl-C)%n", host.tap, host.ip,
                running.stack().config().mac(), gw == null ? "" : " gateway " + gw, host.mtu);
        System.out.flush();
        stopped.await();
        return 0;
    }
}
