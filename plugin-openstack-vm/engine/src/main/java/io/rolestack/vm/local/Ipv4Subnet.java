package io.rolestack.vm.local;

/**
 * An IPv4 network in CIDR form ({@code 10.213.0.0/24}).
 *
 * @param network the network address as an unsigned 32-bit value
 * @param prefix  prefix length, 0..32
 */
public record Ipv4Subnet(long network, int prefix) {
    public Ipv4Subnet {
        if (prefix < 0 || prefix > 32) throw new IllegalArgumentException("prefix /" + prefix + " outside 0..32");
        long mask = mask(prefix);
        if ((network & ~mask & 0xffffffffL) != 0) {
            throw new IllegalArgumentException(format(network) + "/" + prefix + " has host bits set");
        }
    }

    /** Parses {@code a.b.c.d/n}; the message names the input when it is not one. */
    public static Ipv4Subnet parse(String cidr) {
        String[] parts = cidr == null ? new String[0] : cidr.strip().split("/", -1);
        if (parts.length != 2) throw new IllegalArgumentException("subnet '" + cidr + "' is not in a.b.c.d/n form");
        int prefix;
        try {
            prefix = Integer.parseInt(parts[1]);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("subnet '" + cidr + "' has no numeric prefix length");
        }
        try {
            return new Ipv4Subnet(parseAddress(parts[0]), prefix);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("subnet '" + cidr + "': " + e.getMessage());
        }
    }

    static long parseAddress(String dotted) {
        String[] o = dotted.split("\\.", -1);
        if (o.length != 4) throw new IllegalArgumentException("'" + dotted + "' is not a dotted IPv4 address");
        long v = 0;
        for (String s : o) {
            int b;
            try {
                b = Integer.parseInt(s);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + dotted + "' is not a dotted IPv4 address");
            }
            if (b < 0 || b > 255 || s.isEmpty()) throw new IllegalArgumentException("'" + dotted + "' has an octet outside 0..255");
            v = (v << 8) | b;
        }
        return v;
    }

    static String format(long a) {
        return ((a >> 24) & 255) + "." + ((a >> 16) & 255) + "." + ((a >> 8) & 255) + "." + (a & 255);
    }

    private static long mask(int prefix) {
        return prefix == 0 ? 0 : (0xffffffffL << (32 - prefix)) & 0xffffffffL;
    }

    /** Number of addresses, network and broadcast included. */
    public long size() {
        return 1L << (32 - prefix);
    }

    /** The address at {@code offset} from the network address; offsets 0 and size-1 are network and broadcast. */
    public String address(long offset) {
        if (offset < 0 || offset >= size()) throw new IllegalArgumentException("offset " + offset + " outside " + this);
        return format(network + offset);
    }

    public boolean contains(String address) {
        return (parseAddress(address) & mask(prefix)) == network;
    }

    public boolean overlaps(Ipv4Subnet other) {
        int p = Math.min(prefix, other.prefix);
        return (network & mask(p)) == (other.network & mask(p));
    }

    /** The {@code index}-th subnet of {@code newPrefix} inside this one. */
    public Ipv4Subnet subnet(int newPrefix, long index) {
        if (newPrefix < prefix) throw new IllegalArgumentException("/" + newPrefix + " does not fit in " + this);
        long count = 1L << (newPrefix - prefix);
        if (index < 0 || index >= count) throw new IllegalArgumentException("subnet #" + index + " of /" + newPrefix + " outside " + this);
        return new Ipv4Subnet(network + index * (1L << (32 - newPrefix)), newPrefix);
    }

    @Override
    public String toString() {
        return format(network) + "/" + prefix;
    }
}
