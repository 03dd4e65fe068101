/**
 * The demo: hosts on an in-process LAN, run in virtual time, with every frame narrated —
 * what the stack does at each step and why.
 */
package io.netstack4j.app.demo;
