/**
 * OkHttp, unmodified, over netstack4j: its {@code SocketFactory} is
 * {@link io.netstack4j.api.NetStackSocketFactory} and its {@code Dns} is
 * {@link io.netstack4j.api.NetStackDns}, on an in-process network; a small keep-alive responder of
 * the tests' own answers it.
 */
package io.netstack4j.app.okhttp;
