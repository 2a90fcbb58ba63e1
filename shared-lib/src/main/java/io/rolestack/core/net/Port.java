package io.rolestack.core.net;

import java.util.Locale;

/** A port a role listens on; security groups and health checks are built from these. */
public record Port(int number, Protocol protocol) {
    public enum Protocol { TCP, UDP }

    public Port {
        if (number < 1 || number > 65535) throw new IllegalArgumentException("port out of range 1-65535: " + number);
    }

    public static Port tcp(int n) {
        return new Port(n, Protocol.TCP);
    }

    public static Port udp(int n) {
        return new Port(n, Protocol.UDP);
    }

    /** Parses {@code 80}, {@code 80/tcp}, {@code 8420/udp}. */
    public static Port parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        int slash = t.indexOf('/');
        try {
            if (slash < 0) return tcp(Integer.parseInt(t));
            Protocol p = Protocol.valueOf(t.substring(slash + 1).toUpperCase(Locale.ROOT));
            return new Port(Integer.parseInt(t.substring(0, slash)), p);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not a port (want 80, 80/tcp or 8420/udp): '" + text + "'", e);
        }
    }

    @Override
    public String toString() {
        return number + "/" + protocol.name().toLowerCase(Locale.ROOT);
    }
}
