/**
 * The commands of the command-line contract (DESIGN.md §7) and the HOST options that give a
 * command its stack: a TAP device ({@code --tap NAME --ip A.B.C.D/N ...}) or, with none,
 * an in-process virtual network.
 */
package io.netstack4j.app.cli;
