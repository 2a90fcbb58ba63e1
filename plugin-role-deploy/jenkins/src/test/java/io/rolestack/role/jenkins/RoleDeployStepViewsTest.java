package io.rolestack.role.jenkins;

import com.cloudbees.jenkins.plugins.sshcredentials.impl.BasicSSHUserPrivateKey;
import com.cloudbees.plugins.credentials.Credentials;
import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.CredentialsScope;
import com.cloudbees.plugins.credentials.SecretBytes;
import com.cloudbees.plugins.credentials.domains.Domain;
import org.jenkinsci.plugins.plaincredentials.impl.FileCredentialsImpl;
import org.jenkinsci.plugins.workflow.cps.SnippetizerTester;
import org.jenkinsci.plugins.workflow.steps.StepConfigTester;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

import java.nio.charset.StandardCharsets;

/**
 * The views of rolestackPlan, rolestackApply and rolestackExec in a real Jenkins: each step goes through its
 * config.jelly (StepConfigTester: shown in a form, submitted, bound again) and comes back equal, and the
 * snippet generated from what the form gave back is the expected one (SnippetizerTester, which also parses
 * the snippet back into an equal step). RolestackStep/config-options.jelly (jenkins-common), which every step
 * includes, is checked field by field here, the credentials drop-downs with real credentials of each kind.
 */
@WithJenkins
class RoleDeployStepViewsTest {
    private static final String SPEC = "examples/platform-openstack.yaml";

    @Test
    void everySharedOptionSurvivesTheForm(JenkinsRule j) throws Exception {
        credentials(j);
        RolestackPlanStep plan = new RolestackPlanStep(SPEC);
        plan.setLimit("app,db2");
        plan.setParallelism(8);
        plan.setSshCredentialsId("deploy-key");
        plan.setOpenstackCredentialsId("clouds-yaml");
        plan.setSecretsCredentialsId("production-secrets");
        plan.setJsonFile("plan.json");
        plan.setUnstableOnFailure(true);
        RolestackPlanStep after = new StepConfigTester(j).configRoundTrip(plan);
        j.assertEqualDataBoundBeans(plan, after);
        new SnippetizerTester(j).assertRoundTrip(after, "rolestackPlan jsonFile: 'plan.json', limit: 'app,db2', "
                + "openstackCredentialsId: 'clouds-yaml', parallelism: 8, secretsCredentialsId: 'production-secrets', "
                + "spec: '" + SPEC + "', sshCredentialsId: 'deploy-key', unstableOnFailure: true");
    }

    /** Empty text boxes, an unchecked box and the empty credential choice add nothing to the snippet. */
    @Test
    void anUntouchedFormGivesJustTheSpec(JenkinsRule j) throws Exception {
        RolestackApplyStep apply = new RolestackApplyStep(SPEC);
        RolestackApplyStep after = new StepConfigTester(j).configRoundTrip(apply);
        j.assertEqualDataBoundBeans(apply, after);
        new SnippetizerTester(j).assertRoundTrip(after, "rolestackApply '" + SPEC + "'");
    }

    @Test
    void execKeepsCommandTimeoutAndSudo(JenkinsRule j) throws Exception {
        RolestackExecStep exec = new RolestackExecStep(SPEC, "systemctl is-active php8.2-fpm");
        exec.setTimeoutSeconds(30);
        exec.setSudo(true);
        exec.setLimit("app");
        RolestackExecStep after = new StepConfigTester(j).configRoundTrip(exec);
        j.assertEqualDataBoundBeans(exec, after);
        new SnippetizerTester(j).assertRoundTrip(after, "rolestackExec command: 'systemctl is-active php8.2-fpm', "
                + "limit: 'app', spec: '" + SPEC + "', sudo: true, timeoutSeconds: 30");
    }

    /** One credential of each kind the drop-downs offer (and StepCredentials reads), in the global store. */
    static void credentials(JenkinsRule j) throws Exception {
        add(j, new BasicSSHUserPrivateKey(CredentialsScope.GLOBAL, "deploy-key", "deploy",
                new BasicSSHUserPrivateKey.DirectEntryPrivateKeySource("not a real key"), null, "deploy key"));
        add(j, new FileCredentialsImpl(CredentialsScope.GLOBAL, "clouds-yaml", "clouds.yaml", "clouds.yaml",
                SecretBytes.fromBytes("clouds: {}\n".getBytes(StandardCharsets.UTF_8))));
        add(j, new FileCredentialsImpl(CredentialsScope.GLOBAL, "production-secrets", "secrets zip", "production.zip",
                SecretBytes.fromBytes(new byte[] {'P', 'K', 5, 6})));
    }

    private static void add(JenkinsRule j, Credentials c) throws Exception {
        CredentialsProvider.lookupStores(j.jenkins).iterator().next().addCredentials(Domain.global(), c);
    }
}
