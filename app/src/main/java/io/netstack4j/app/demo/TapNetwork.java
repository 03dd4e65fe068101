package io.netstack4j.app.demo;

import io.netstack4j.api.NetStack;
import io.netstack4j.app.demo.DemoEvents.Item;
import io.netstack4j.iface.StackConfig;
import io.netstack4j.link.Direction;
import io.netstack4j.link.LinkAdapter;
import io.netstack4j.link.ObservedAdapter;
import io.netstack4j.link.tap.TapAdapter;
import io.netstack4j.link.tap.TapOptions;
import io.netstack4j.time.SystemClock;
import io.netstack4j.wire.ArpRepr;
import io.netstack4j.wire.EtherType;
import io.netstack4j.wire.EthernetRepr;
import io.netstack4j.wire.Ipv4Address;
import io.netstack4j.wire.MacAddress;
import io.netstack4j.wire.MalformedPacketException;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The demo on an existing TAP device: the browser's stack (a {@link NetStack} of its own) attached to it, the
 * Linux kernel on the other end with its own TCP/IP stack, DNS server and web server. The TAP is opened without
 * offloads ({@link TapOptions#DEFAULT}), so every frame is one a wire would carry — MSS-sized segments both
 * ways. Only the browser's adapter is watched: what it received stands for what the kernel sent.
 *
 * <p>The kernel's addresses get their names once the run is over: the DNS server's ({@code --dns}), the web
 * server's (the resolver's answer, or the URL's address) and the gateway's, with their MACs from ARP.
 * One address serving DNS and the web is named "kernel".
 */
final class TapNetwork implements Topology, AutoCloseable {
    static final String KERNEL = "kernel";

    final NetStack browser;
    private final TapDemo.Options options;
    private final String lan;
    private final List<Node> nodes = new ArrayList<>();

    /** @throws io.netstack4j.link.LinkException no such device, not root, the device busy */
    TapNetwork(DemoEvents events, TapDemo.Options options) {
        this.options = options;
        this.lan = options.ip().network() + "/" + options.ip().prefixLength();
        LinkAdapter tap = TapAdapter.open(options.tap(), options.mtu(), TapOptions.DEFAULT);
        MacAddress mac = MacAddress.locallyAdministered(new SecureRandom().nextLong());
        StackConfig.Builder config = StackConfig.builder("browser").mac(mac).address(options.ip()).mtu(options.mtu());
        if (options.gateway() != null) {
            config.gateway(options.gateway());
        }
        browser = NetStack.builder(config.build(), new ObservedAdapter(tap, events.observer("browser", lan)))
                .clock(SystemClock.INSTANCE).start();
        nodes.add(new Node("browser", lan, options.ip().address(), options.ip().prefixLength(), mac));
    }

    /** Names the kernel's addresses: the web server's is {@code www} (null: never known); MACs from {@code items}' ARP. */
    void nameServers(Ipv4Address www, List<Item> items) {
        Map<Ipv4Address, Set<String>> roles = new LinkedHashMap<>();
        if (www != null) {
            roles.computeIfAbsent(www, a -> new LinkedHashSet<>()).add("www");
        }
        if (options.dns() != null) {
            roles.computeIfAbsent(options.dns(), a -> new LinkedHashSet<>()).add("dns");
        }
        if (options.gateway() != null) {
            roles.computeIfAbsent(options.gateway(), a -> new LinkedHashSet<>()).add(ROUTER);
        }
        Map<Ipv4Address, MacAddress> macs = arpAnswers(items);
        roles.forEach((ip, r) -> {
            String name = r.contains("www") && r.contains("dns") ? KERNEL : r.iterator().next();
            int prefix = options.ip().contains(ip) ? options.ip().prefixLength() : 32;
            nodes.add(new Node(name, lan, ip, prefix, macs.get(ip)));
        });
    }

    /** Who said "IP is at MAC" to the browser. */
    private static Map<Ipv4Address, MacAddress> arpAnswers(List<Item> items) {
        Map<Ipv4Address, MacAddress> macs = new HashMap<>();
        for (Item item : items) {
            if (item instanceof DemoEvents.Frame f && f.dir() == Direction.RX) {
                try {
                    EthernetRepr eth = EthernetRepr.parse(f.bytes(), 0, f.bytes().length);
                    if (eth.etherType() == EtherType.ARP) {
                        ArpRepr arp = ArpRepr.parse(f.bytes(), EthernetRepr.HEADER_LEN,
                                f.bytes().length - EthernetRepr.HEADER_LEN);
                        macs.putIfAbsent(arp.senderProtocol(), arp.senderHardware());
                    }
                } catch (MalformedPacketException | RuntimeException e) {
                    // not an ARP frame we can read: no MAC from it
                }
            }
        }
        return macs;
    }

    @Override
    public List<Node> nodes() {
        return List.copyOf(nodes);
    }

    @Override
    public List<String> lans() {
        return List.of(lan);
    }

    @Override
    public List<String> columns() {
        return Topology.names(nodes);
    }

    @Override
    public boolean routed() {
        return false;
    }

    @Override
    public String watchedAlone() {
        return "browser";
    }

    @Override
    public String lanLine(Narration n) {
        return n.t("lan.tap", "tap", options.tap(), "lan", lan, "mtu", browser.stack().mtu());
    }

    @Override
    public String role(Narration n, Node node) {
        String host = options.url().getHost();
        int port = TapDemo.port(options.url());
        return switch (node.name()) {
            case "browser" -> n.t("host.browser");
            case "dns" -> n.t("host.dns", "name", host);
            case "www" -> n.t("host.www", "port", port);
            case KERNEL -> n.t("host.kernel", "name", host, "port", port);
            default -> n.t("host.gateway.tap");
        };
    }

    @Override
    public void close() {
        browser.close();
    }
}
