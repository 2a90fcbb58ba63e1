package io.rolestack.jenkins.common;

import com.cloudbees.jenkins.plugins.sshcredentials.SSHUserPrivateKey;
import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.common.StandardListBoxModel;
import com.cloudbees.plugins.credentials.common.StandardUsernamePasswordCredentials;
import hudson.model.Item;
import hudson.model.Queue;
import hudson.model.queue.Tasks;
import hudson.security.ACL;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import io.rolestack.jenkins.bridge.Operation;
import io.rolestack.jenkins.bridge.Requests;
import jenkins.model.Jenkins;
import org.jenkinsci.plugins.plaincredentials.FileCredentials;
import org.jenkinsci.plugins.workflow.steps.StepDescriptor;
import org.kohsuke.stapler.AncestorInPath;
import org.kohsuke.stapler.QueryParameter;
import org.springframework.security.core.Authentication;

import java.util.Set;

/**
 * What every Rolestack step's descriptor shares: the context the steps need, and
 * the drop-down lists of the views (RolestackStep/config-options.jelly and the steps'
 * config.jelly) for the snippet generator: the actions of the step, and the
 * credentials each id may name, of the types {@link StepCredentials} accepts.
 * The credentials lists follow the credentials plugin's consumer guide: only
 * users who may configure the item (or use its credentials) see the list, the
 * lookup runs as the item's build would, and the current value is kept even
 * when it is gone, so saving the form does not silently change it.
 */
public abstract class RolestackStepDescriptor extends StepDescriptor {
    @Override
    public Set<? extends Class<?>> getRequiredContext() {
        return StepRun.REQUIRED_CONTEXT;
    }

    /**
     * The {@code spec} field's check in the form: required, relative, not leaving the workspace; the step's own
     * words ({@link Requests#specProblem}). Lexical only (the workspace is on an agent): the step checks it again.
     * Reads nothing and changes nothing, so it needs no permission.
     */
    public FormValidation doCheckSpec(@QueryParameter String value) {
        return Requests.specProblem(value).map(why -> FormValidation.error("spec " + why)).orElse(FormValidation.ok());
    }

    /** The step's actions ({@code create}, {@code list} ... for rolestackVm), for its {@code action} field. */
    public ListBoxModel doFillActionItems() {
        ListBoxModel m = new ListBoxModel();
        for (Operation o : Operation.values()) {
            if (o.step().equals(getFunctionName())) m.add(o.action());
        }
        return m;
    }

    public ListBoxModel doFillSshCredentialsIdItems(@AncestorInPath Item item, @QueryParameter String sshCredentialsId) {
        StandardListBoxModel m = new StandardListBoxModel();
        if (!mayList(item)) return m.includeCurrentValue(nullToEmpty(sshCredentialsId));
        m.includeEmptyValue().includeAs(buildAuthentication(item), item, SSHUserPrivateKey.class);
        return m.includeCurrentValue(nullToEmpty(sshCredentialsId));
    }

    /** Secret files (clouds.yaml) and usernames with password: the two kinds StepCredentials reads. */
    public ListBoxModel doFillOpenstackCredentialsIdItems(@AncestorInPath Item item,
                                                          @QueryParameter String openstackCredentialsId) {
        StandardListBoxModel m = new StandardListBoxModel();
        if (!mayList(item)) return m.includeCurrentValue(nullToEmpty(openstackCredentialsId));
        Authentication a = buildAuthentication(item);
        m.includeEmptyValue().includeAs(a, item, FileCredentials.class)
                .includeAs(a, item, StandardUsernamePasswordCredentials.class);
        return m.includeCurrentValue(nullToEmpty(openstackCredentialsId));
    }

    public ListBoxModel doFillSecretsCredentialsIdItems(@AncestorInPath Item item, @QueryParameter String secretsCredentialsId) {
        StandardListBoxModel m = new StandardListBoxModel();
        if (!mayList(item)) return m.includeCurrentValue(nullToEmpty(secretsCredentialsId));
        m.includeEmptyValue().includeAs(buildAuthentication(item), item, FileCredentials.class);
        return m.includeCurrentValue(nullToEmpty(secretsCredentialsId));
    }

    /** Outside an item (the global snippet generator) only administrators; in one, who may configure it or use its credentials. */
    private static boolean mayList(Item item) {
        if (item == null) return Jenkins.get().hasPermission(Jenkins.ADMINISTER);
        return item.hasPermission(Item.EXTENDED_READ) || item.hasPermission(CredentialsProvider.USE_ITEM);
    }

    /** The credentials a build of the item would see (StepCredentials looks them up in the run), not the user's. */
    private static Authentication buildAuthentication(Item item) {
        return item instanceof Queue.Task task ? Tasks.getAuthenticationOf2(task) : ACL.SYSTEM2;
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
