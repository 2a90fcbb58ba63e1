package io.rolestack.platform.watch;

import io.rolestack.app.source.GitSource;
import io.rolestack.app.source.SourceException;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.ResetCommand;
import org.eclipse.jgit.lib.PersonIdent;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The poll decision against a real git repo (JGit, file:// URL): commits move the ref, ls-remote
 * ({@link GitSource#remoteCommit}) says where it is, {@link AppPoll} decides, {@link AppRecord} remembers.
 */
class AppPollTest {
    static final Instant T = Instant.parse("2026-12-07T08:00:00Z");

    @TempDir
    Path tmp;
    Path repo;
    String url;
    Git git;

    @BeforeEach
    void repo() throws Exception {
        repo = tmp.resolve("site");
        git = Git.init().setDirectory(repo.toFile()).setInitialBranch("master").call();
        url = repo.toUri().toString();
    }

    String commit(String content) throws Exception {
        Files.writeString(repo.resolve("index.php"), content);
        git.add().addFilepattern("index.php").call();
        PersonIdent who = new PersonIdent("Test", "test@example.org");
        return git.commit().setMessage(content).setAuthor(who).setCommitter(who).call().name();
    }

    String remote(String ref) {
        return GitSource.remoteCommit("app site: repo", url, ref).name();
    }

    @Test
    void deploysWhatMovedOnceAndAFailedCommitUntilTheRefMovesAgain() throws Exception {
        String a = commit("1");
        assertThat(remote("master")).isEqualTo(a);

        AppPoll.Decision first = AppPoll.decide("master", AppRecord.NONE, remote("master"));
        assertThat(first.action()).as("first poll, no state").isEqualTo(AppPoll.Action.DEPLOY);
        assertThat(first.reason()).isEqualTo("master is at " + a.substring(0, 12)
                + "; no deploy by watch recorded yet: deploying (nothing changes on hosts that run it already)");
        AppRecord known = AppRecord.NONE.deployed(a, "1111111111111111", T);
        assertThat(AppPoll.decide("master", known, remote("master")).action()).as("nothing moved").isEqualTo(AppPoll.Action.UP_TO_DATE);

        String b = commit("2");
        AppPoll.Decision moved = AppPoll.decide("master", known, remote("master"));
        assertThat(moved.deploy()).isTrue();
        assertThat(moved.reason()).isEqualTo("master moved to " + b.substring(0, 12) + " (last deployed " + a.substring(0, 12) + "): deploying");
        known = known.failed(b, T.plusSeconds(60), "release 2222222222222222 marked BAD and rolled back");
        AppPoll.Decision again = AppPoll.decide("master", known, remote("master"));
        assertThat(again.action()).as("the failed commit is not retried").isEqualTo(AppPoll.Action.FAILED_BEFORE);
        assertThat(again.reason()).contains("whose deploy failed: not retried until master moves");

        String c = commit("3");
        AppPoll.Decision fixed = AppPoll.decide("master", known, remote("master"));
        assertThat(fixed.deploy()).isTrue();
        assertThat(fixed.reason()).isEqualTo("master moved to " + c.substring(0, 12) + " (last deployed " + a.substring(0, 12)
                + ", " + b.substring(0, 12) + " failed): deploying");
        known = known.deployed(c, "3333333333333333", T.plusSeconds(120));
        assertThat(AppPoll.decide("master", known, remote("master")).action()).isEqualTo(AppPoll.Action.UP_TO_DATE);

        // A force push back to the old commit is a move like any other.
        git.reset().setMode(ResetCommand.ResetType.HARD).setRef(a).call();
        assertThat(remote("master")).isEqualTo(a);
        assertThat(AppPoll.decide("master", known, remote("master")).deploy()).isTrue();
    }

    @Test
    void tagsAreTheirCommitsAndAFullCommitIdNeverMoves() throws Exception {
        String a = commit("1");
        git.tag().setName("v1").setAnnotated(true).setMessage("v1").call();
        git.tag().setName("light").setAnnotated(false).call();
        commit("2");
        assertThat(remote("v1")).as("an annotated tag peels to its commit").isEqualTo(a);
        assertThat(remote("light")).isEqualTo(a);
        assertThat(remote(a)).isEqualTo(a);
    }

    @Test
    void aMissingRefOrAnUnreachableRepoIsAnErrorNamingTheInput() throws Exception {
        commit("1");
        git.branchCreate().setName("release").call();
        assertThatThrownBy(() -> remote("main")).isInstanceOf(SourceException.class)
                .hasMessage("app site: repo: 'main' is neither a branch nor a tag of " + url + " (it has: master, release)");
        String gone = tmp.resolve("gone").toUri().toString();
        assertThatThrownBy(() -> GitSource.remoteCommit("app site: repo", gone, "master")).isInstanceOf(SourceException.class)
                .hasMessageStartingWith("app site: repo: cannot list the refs of " + gone + ": ");
    }
}
