package io.netstack4j.app;

/** Entry point of the {@code ./netstack4j} command line. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        System.out.println("netstack4j");
    }
}
