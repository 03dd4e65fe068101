package io.netstack4j.socket.dns;

import io.netstack4j.wire.DnsName;
import io.netstack4j.wire.Ipv4Address;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Static name → address mappings, consulted before DNS (the role of {@code /etc/hosts}, whose
 * format {@link #parse} reads: an address, then the canonical name and any aliases, {@code #}
 * starting a comment). Names compare case-insensitively ({@link DnsName}); a name given on several
 * lines keeps every address, in file order, without duplicates.
 *
 * <p>Immutable, so one table may be shared across threads; {@link #with} returns a new table.
 * Bounded by {@link #MAX_NAMES}.
 */
public final class HostsTable {
    /** The most names a table holds. */
    public static final int MAX_NAMES = 65_536;
    /** The table with no entry. */
    public static final HostsTable EMPTY = new HostsTable(Map.of());

    private final Map<DnsName, List<Ipv4Address>> entries;

    private HostsTable(Map<DnsName, List<Ipv4Address>> entries) {
        this.entries = entries;
    }

    /**
     * Reads hosts-file text. Lines whose address is not IPv4 (IPv6, {@code ::1}) are skipped, as a
     * resolver asking only for A records would ignore them.
     *
     * @throws IllegalArgumentException for a malformed IPv4 address, a line without a name, an invalid
     *                                  name, or more than {@link #MAX_NAMES} names; the message gives the line
     */
    public static HostsTable parse(String text) {
        Map<DnsName, List<Ipv4Address>> map = new LinkedHashMap<>();
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            int hash = line.indexOf('#');
            if (hash >= 0) {
                line = line.substring(0, hash);
            }
            String[] fields = line.trim().split("\\s+");
            if (fields.length == 0 || fields[0].isEmpty() || fields[0].indexOf(':') >= 0) {
                continue;
            }
            try {
                if (fields.length < 2) {
                    throw new IllegalArgumentException("an address without a name");
                }
                Ipv4Address address = Ipv4Address.parse(fields[0]);
                for (int k = 1; k < fields.length; k++) {
                    add(map, DnsName.of(fields[k]), List.of(address));
                }
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("hosts line " + (i + 1) + ": " + e.getMessage(), e);
            }
        }
        return new HostsTable(freeze(map));
    }

    /** A table with these entries (name text → addresses). */
    public static HostsTable of(Map<String, List<Ipv4Address>> entries) {
        Map<DnsName, List<Ipv4Address>> map = new LinkedHashMap<>();
        entries.forEach((name, addresses) -> add(map, DnsName.of(name), addresses));
        return new HostsTable(freeze(map));
    }

    /** This table plus {@code addresses} for {@code name} (appended to any it already has). */
    public HostsTable with(String name, Ipv4Address... addresses) {
        if (addresses.length == 0) {
            throw new IllegalArgumentException("no address for " + name);
        }
        Map<DnsName, List<Ipv4Address>> map = new LinkedHashMap<>();
        entries.forEach((n, a) -> map.put(n, new ArrayList<>(a)));
        add(map, DnsName.of(name), List.of(addresses));
        return new HostsTable(freeze(map));
    }

    /** The addresses of {@code name}, or an empty list. */
    public List<Ipv4Address> lookup(DnsName name) {
        return entries.getOrDefault(Objects.requireNonNull(name, "name"), List.of());
    }

    /** The addresses of {@code name} (text), or an empty list; an invalid name has none. */
    public List<Ipv4Address> lookup(String name) {
        try {
            return lookup(DnsName.of(name));
        } catch (IllegalArgumentException e) {
            return List.of();
        }
    }

    /** Every entry, in the order first seen; unmodifiable. */
    public Map<DnsName, List<Ipv4Address>> entries() {
        return entries;
    }

    /** The number of names. */
    public int size() {
        return entries.size();
    }

    private static void add(Map<DnsName, List<Ipv4Address>> map, DnsName name, List<Ipv4Address> addresses) {
        if (name.isRoot()) {
            throw new IllegalArgumentException("the root name cannot have an address");
        }
        List<Ipv4Address> list = map.get(name);
        if (list == null) {
            if (map.size() >= MAX_NAMES) {
                throw new IllegalArgumentException("more than " + MAX_NAMES + " names");
            }
            list = new ArrayList<>();
            map.put(name, list);
        }
        for (Ipv4Address a : addresses) {
            if (!list.contains(Objects.requireNonNull(a, "address"))) {
                list.add(a);
            }
        }
    }

    private static Map<DnsName, List<Ipv4Address>> freeze(Map<DnsName, List<Ipv4Address>> map) {
        Map<DnsName, List<Ipv4Address>> out = new LinkedHashMap<>();
        map.forEach((n, a) -> out.put(n, List.copyOf(a)));
        return Collections.unmodifiableMap(out);
    }

    @Override
    public String toString() {
        return "HostsTable" + entries;
    }
}
