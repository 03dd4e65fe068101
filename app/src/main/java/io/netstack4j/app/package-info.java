/**
 * The {@code ./netstack4j} command line: {@link io.netstack4j.app.Main} dispatches to the
 * commands of {@link io.netstack4j.app.cli}; the apps themselves (ping, ...) live in their
 * own packages so they can be used and tested without the command line.
 */
package io.netstack4j.app;
