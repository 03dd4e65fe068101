/**
 * A Linux TAP device as a LAN adapter: {@link io.netstack4j.link.tap.TapAdapter}, the only
 * class in the project that uses the Foreign Function &amp; Memory API ({@code java.lang.foreign})
 * to call {@code open}, {@code ioctl}, {@code read}, {@code write}, {@code ppoll} and
 * {@code eventfd}. The JVM needs {@code --enable-native-access=ALL-UNNAMED}.
 */
package io.netstack4j.link.tap;
