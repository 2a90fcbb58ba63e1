package io.rolestack.platform.backup;

import io.rolestack.backup.search.SnapshotRetention;
import io.rolestack.backup.search.StoredSnapshot;

import java.util.List;
import java.util.Optional;

/**
 * What a search snapshot operation did.
 *
 * @param operation  {@code snapshot}, {@code verify}, {@code list} or {@code prune}
 * @param ok         snapshot: taken (and, when verified, valid); verify: valid; list: read; prune: done
 * @param message    one line: what happened or the first failure
 * @param node       the node as the jump host reaches it ({@code elastic1:9200}, {@code 10.0.0.9:9200})
 * @param repository the snapshot repository
 * @param snapshots  snapshot/verify: the snapshot concerned (empty when none was taken); list and prune: every
 *                   snapshot of the repository, oldest first
 * @param decisions  prune: each snapshot's fate and why; empty otherwise
 * @param dryRun     prune: nothing was deleted
 */
public record SearchBackupReport(String operation, boolean ok, String message, String node, String repository,
                                 List<StoredSnapshot> snapshots, Optional<List<SnapshotRetention.Decision>> decisions,
                                 boolean dryRun) {
    public SearchBackupReport {
        snapshots = List.copyOf(snapshots);
        decisions = decisions.map(List::copyOf);
    }

    static SearchBackupReport failed(String operation, String message, String node, String repository) {
        return new SearchBackupReport(operation, false, message, node, repository, List.of(), Optional.empty(), false);
    }

    public int exitCode() {
        return ok ? 0 : 1;
    }
}
