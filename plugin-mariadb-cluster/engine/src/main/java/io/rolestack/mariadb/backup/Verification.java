package io.rolestack.mariadb.backup;

import java.time.Duration;
import java.time.Instant;

/**
 * The last restore test of a backup.
 *
 * @param at         when it ended
 * @param host       the db host whose scratch directory held the throwaway server; empty when the checksum failed first
 * @param ok         sha256 matched, prepare and start worked, every CHECK TABLE said OK and every row count matched
 * @param checksumOk the stored file's sha256 was recomputed and matched the one recorded while streaming
 * @param tables     tables checked
 * @param took       how long it took
 * @param message    what passed, or the first thing that failed
 */
public record Verification(Instant at, String host, boolean ok, boolean checksumOk, int tables, Duration took, String message) {
}
