/**
 * The demo ({@code make demo}): a browser on one in-process LAN, a DNS server and a web server on another, a
 * router between them, and the fetch told step by step in the story's order from what really crossed the wire ({@link
 * io.netstack4j.app.demo.FetchDemo}); the earlier two-host demo in virtual time is {@link
 * io.netstack4j.app.demo.LanDemo}.
 */
package io.netstack4j.app.demo;
