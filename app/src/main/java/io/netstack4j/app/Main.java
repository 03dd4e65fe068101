package io.netstack4j.app;

import io.netstack4j.app.cli.ConnectCommand;
import io.netstack4j.app.cli.DemoCommand;
import io.netstack4j.app.cli.HostCommand;
import io.netstack4j.app.cli.ListenCommand;
import io.netstack4j.app.cli.DnsServerCommand;
import io.netstack4j.app.cli.GetCommand;
import io.netstack4j.app.cli.PingCommand;
import io.netstack4j.app.cli.ResolveCommand;
import io.netstack4j.app.cli.ServeCommand;
import io.netstack4j.app.cli.UdpEchoCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the {@code ./netstack4j} command line. */
@Command(name = "netstack4j", mixinStandardHelpOptions = true, version = "netstack4j 0.1.0",
        description = "A TCP/IP protocol stack in pure Java, in user space.",
        subcommands = {DemoCommand.class, HostCommand.class, PingCommand.class, ResolveCommand.class,
                DnsServerCommand.class, UdpEchoCommand.class, ListenCommand.class, ConnectCommand.class,
                GetCommand.class, ServeCommand.class})
public final class Main implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing command (try --help)");
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns its exit status (for tests). */
    public static int run(String... args) {
        CommandLine cl = new CommandLine(new Main());
        cl.setExecutionExceptionHandler((ex, cmd, parseResult) -> {
            // One line with the reason, not a stack trace: the user can act on it.
            cmd.getErr().println("netstack4j " + cmd.getCommandName() + ": " + reason(ex));
            if (System.getenv("NETSTACK4J_DEBUG") != null) {
                ex.printStackTrace(cmd.getErr());
            }
            return 2;
        });
        return cl.execute(args);
    }

    private static String reason(Throwable ex) {
        String m = ex.getMessage();
        return m == null || m.isBlank() ? ex.getClass().getSimpleName() : m;
    }
}
