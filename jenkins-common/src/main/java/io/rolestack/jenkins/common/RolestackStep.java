package io.rolestack.jenkins.common;

import io.rolestack.jenkins.bridge.CallArguments;
import io.rolestack.jenkins.bridge.Operation;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * What every Rolestack step takes: the spec (workspace-relative, required) and
 * the options every platform operation understands. The concrete steps add
 * their own and say which {@link Operation} they run; they bind only, the
 * bridge ({@code io.rolestack.jenkins.bridge}) does the work.
 */
public abstract class RolestackStep extends Step {
    private final String spec;
    private String limit;
    private Integer parallelism;
    private String sshCredentialsId;
    private String openstackCredentialsId;
    private String secretsCredentialsId;
    private String jsonFile;
    private boolean unstableOnFailure;

    protected RolestackStep(String spec) {
        this.spec = spec;
    }

    /** The operation this step's arguments ask for (checked: an unknown action is bad input). */
    public abstract Operation operation();

    /** The options as the bridge takes them; steps with more options add theirs. */
    public CallArguments arguments() {
        return CallArguments.none().withLimit(limit).withParallelism(parallelism).withJsonFile(jsonFile)
                .withUnstableOnFailure(unstableOnFailure);
    }

    public String getSpec() {
        return spec;
    }

    public String getLimit() {
        return limit;
    }

    /** Hosts or roles, comma-separated ({@code app,db2}); empty: every host. */
    @DataBoundSetter
    public void setLimit(String limit) {
        this.limit = limit == null || limit.isBlank() ? null : limit;
    }

    public Integer getParallelism() {
        return parallelism;
    }

    /** Hosts worked on at once (1..256). */
    @DataBoundSetter
    public void setParallelism(Integer parallelism) {
        this.parallelism = parallelism;
    }

    public String getSshCredentialsId() {
        return sshCredentialsId;
    }

    /** An SSH username with private key: the deploy key (the spec's ssh.user logs in with it). */
    @DataBoundSetter
    public void setSshCredentialsId(String id) {
        this.sshCredentialsId = blankToNull(id);
    }

    public String getOpenstackCredentialsId() {
        return openstackCredentialsId;
    }

    /** A secret file holding clouds.yaml, or a username with password (OS_USERNAME / OS_PASSWORD). */
    @DataBoundSetter
    public void setOpenstackCredentialsId(String id) {
        this.openstackCredentialsId = blankToNull(id);
    }

    public String getSecretsCredentialsId() {
        return secretsCredentialsId;
    }

    /** A secret file holding a zip of the platform's secrets directory (CA, passwords): see docs/secrets.md. */
    @DataBoundSetter
    public void setSecretsCredentialsId(String id) {
        this.secretsCredentialsId = blankToNull(id);
    }

    public String getJsonFile() {
        return jsonFile;
    }

    /** Also write the returned value as JSON to this workspace-relative file (for archiveArtifacts). */
    @DataBoundSetter
    public void setJsonFile(String jsonFile) {
        this.jsonFile = blankToNull(jsonFile);
    }

    public boolean isUnstableOnFailure() {
        return unstableOnFailure;
    }

    /** A failure on some host marks the build unstable instead of failing the step (bad input always fails). */
    @DataBoundSetter
    public void setUnstableOnFailure(boolean unstableOnFailure) {
        this.unstableOnFailure = unstableOnFailure;
    }

    protected static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    /**
     * For Boolean options whose default is false: false kept as null, since the form's unchecked
     * checkbox submits false and null keeps {@code option: false} out of the generated snippet
     * (the bridge reads null as false).
     */
    protected static Boolean trueOrNull(Boolean b) {
        return Boolean.TRUE.equals(b) ? Boolean.TRUE : null;
    }
}
