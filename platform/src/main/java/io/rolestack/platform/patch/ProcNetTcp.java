package io.rolestack.platform.patch;

import java.util.Collection;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Set;

/**
 * Reads the kernel's socket table ({@code /proc/net/tcp}, {@code /proc/net/tcp6}):
 * present on every Linux host, where {@code ss} may not be installed. Addresses
 * there are hex, IPv4 in the kernel's byte order (little-endian on the machines
 * we run on: 10.0.0.5 is {@code 0500000A}); both orders are accepted, and
 * IPv4-mapped IPv6 peers count as their IPv4 address.
 */
final class ProcNetTcp {
    private static final String ESTABLISHED = "01";

    private ProcNetTcp() {
    }

    /** Established connections to one of {@code ports} (local side) from one of {@code peers} (IPv4). */
    static int established(String table, Collection<Integer> ports, Set<String> peers) {
        int n = 0;
        for (String line : table.lines().toList()) {
            String[] f = line.trim().split("\\s+");
            if (f.length < 4 || !f[3].equals(ESTABLISHED) || !f[1].contains(":")) continue;
            int local = Integer.parseInt(f[1].substring(f[1].indexOf(':') + 1), 16);
            if (!ports.contains(local)) continue;
            String remote = f[2].substring(0, f[2].indexOf(':'));
            if (peers.stream().anyMatch(p -> matches(remote, p))) n++;
        }
        return n;
    }

    static boolean matches(String hexAddress, String ipv4) {
        byte[] b = bytes(ipv4);
        String big = HexFormat.of().withUpperCase().formatHex(b);
        String little = HexFormat.of().withUpperCase().formatHex(new byte[]{b[3], b[2], b[1], b[0]});
        String a = hexAddress.toUpperCase(Locale.ROOT);
        if (a.length() == 8) return a.equals(little) || a.equals(big);
        // ::ffff:a.b.c.d as four 32-bit words in kernel order: 0, 0, 0xffff, the address.
        return a.length() == 32 && a.startsWith("0000000000000000") && a.substring(16, 24).matches("FFFF0000|0000FFFF")
                && (a.substring(24).equals(little) || a.substring(24).equals(big));
    }

    private static byte[] bytes(String ipv4) {
        String[] p = ipv4.split("\\.");
        if (p.length != 4) throw new IllegalArgumentException("not an IPv4 address: " + ipv4);
        byte[] b = new byte[4];
        for (int i = 0; i < 4; i++) b[i] = (byte) Integer.parseInt(p[i]);
        return b;
    }
}
