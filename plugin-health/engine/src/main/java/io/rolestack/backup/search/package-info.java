/**
 * Elasticsearch/OpenSearch snapshots: a filesystem repository registered and verified, dated snapshots waited
 * for until SUCCESS, restore tests into renamed indices comparing document counts, and retention over valid
 * snapshots only. Plain HTTP (JDK client + Jackson); the same endpoints on Elasticsearch 7/8 and OpenSearch 1/2.
 * {@link io.rolestack.backup.search.SearchSnapshots} is the facade. See docs/backups.md.
 */
package io.rolestack.backup.search;
