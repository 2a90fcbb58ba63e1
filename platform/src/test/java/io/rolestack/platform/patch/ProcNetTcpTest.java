package io.rolestack.platform.patch;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class ProcNetTcpTest {
    // In the kernel's format: php-fpm listening on 10.20.20.14:9000; two requests from the frontend 10.20.20.12,
    // one connection closing (TIME_WAIT), one from elsewhere, the listener itself, and an IPv4-mapped tcp6 peer.
    static final String TABLE = """
              sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
               0: 0E14140A:2328 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1 1
               1: 0E14140A:2328 0C14140A:C350 01 00000000:00000000 00:00000000 00000000    33        0 2 1
               2: 0E14140A:2328 0C14140A:C351 01 00000000:00000000 00:00000000 00000000    33        0 3 1
               3: 0E14140A:2328 0C14140A:C352 06 00000000:00000000 00:00000000 00000000     0        0 0 3
               4: 0E14140A:2328 0D14140A:C353 01 00000000:00000000 00:00000000 00000000    33        0 4 1
               5: 0E14140A:0016 0C14140A:C354 01 00000000:00000000 00:00000000 00000000     0        0 5 1
              sl  local_address                         remote_address                        st tx_queue rx_queue
               0: 0000000000000000FFFF00000E14140A:2328 0000000000000000FFFF00000C14140A:D000 01 00000000:00000000
            """;

    @Test
    void countsEstablishedConnectionsToThePortsFromThePeersOnly() {
        assertThat(ProcNetTcp.established(TABLE, List.of(9000), Set.of("10.20.20.12"))).isEqualTo(3);
        assertThat(ProcNetTcp.established(TABLE, List.of(9000), Set.of("10.20.20.12", "10.20.20.13"))).isEqualTo(4);
        assertThat(ProcNetTcp.established(TABLE, List.of(22), Set.of("10.20.20.12"))).isEqualTo(1);
        assertThat(ProcNetTcp.established(TABLE, List.of(9000), Set.of("10.20.20.99"))).isZero();
        assertThat(ProcNetTcp.established("", List.of(9000), Set.of("10.20.20.12"))).isZero();
    }

    @Test
    void addressesMatchInEitherByteOrder() {
        assertThat(ProcNetTcp.matches("0C00140A", "10.20.0.12")).isTrue();
        assertThat(ProcNetTcp.matches("0A14000C", "10.20.0.12")).isTrue();
        assertThat(ProcNetTcp.matches("0C14140A", "10.20.0.12")).isFalse();
        assertThat(ProcNetTcp.matches("0000000000000000FFFF00000C00140A", "10.20.0.12")).isTrue();
    }
}
