package io.netstack4j.app.cli;

import io.netstack4j.wire.Ipv4Address;
import io.netstack4j.wire.Ipv4Cidr;
import io.netstack4j.wire.MacAddress;
import picocli.CommandLine.ITypeConverter;

/** picocli converters for the address types; their messages become the one-line error. */
final class Converters {
    private Converters() {
    }

    static final class Address implements ITypeConverter<Ipv4Address> {
        @Override
        public Ipv4Address convert(String value) {
            return Ipv4Address.parse(value);
        }
    }

    static final class Cidr implements ITypeConverter<Ipv4Cidr> {
        @Override
        public Ipv4Cidr convert(String value) {
            if (!value.contains("/")) {
                throw new IllegalArgumentException("expected A.B.C.D/PREFIX, got " + value);
            }
            return Ipv4Cidr.parse(value);
        }
    }

    static final class Mac implements ITypeConverter<MacAddress> {
        @Override
        public MacAddress convert(String value) {
            return MacAddress.parse(value);
        }
    }
}
