package io.rolestack.mariadb.backup;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class BackupTakerTest {
    @Test
    void theUncompressedSizeIsWhatZstdSaysItRead() {
        // zstd 1.5.4 -vv, as Debian 12 writes it (with its banner and timing lines around)
        String log = """
                *** Zstandard CLI (64-bit) v1.5.4, by Yann Collet ***
                Decompression will require 2097152 B of memory
                /*stdin*\\            : 39.70%   (1271934976 B => 537983891 B, /*stdout*\\)\s
                /*stdin*\\            : Completed in 8.02 sec  (cpu load : 171%)
                """;
        assertThat(BackupTaker.streamBytes(log)).isEqualTo(1271934976L);
        assertThat(BackupTaker.streamBytes("/*stdin*\\ : 39.70%   (  1.18 GiB =>  513 MiB, /*stdout*\\)")).isEqualTo(-1);
        assertThat(BackupTaker.streamBytes("")).isEqualTo(-1);
    }
}
