package io.rolestack.vm.jenkins;

import org.jenkinsci.plugins.workflow.cps.SnippetizerTester;
import org.jenkinsci.plugins.workflow.steps.StepConfigTester;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

import java.util.List;

/**
 * rolestackVm's view in a real Jenkins: through its config.jelly and back (StepConfigTester), the action from
 * the descriptor's drop-down, the hosts list through one text box (split again by DescriptorImpl.newInstance),
 * and the snippet generated from the result (SnippetizerTester).
 */
@WithJenkins
class RolestackVmStepViewsTest {
    private static final String SPEC = "examples/platform-openstack.yaml";

    @Test
    void actionHostsAndOptionsSurviveTheForm(JenkinsRule j) throws Exception {
        RolestackVmStep vm = new RolestackVmStep(SPEC, "reboot");
        vm.setHosts(List.of("app1", "app2"));
        vm.setParallelism(2);
        vm.setUnstableOnFailure(true);
        RolestackVmStep after = new StepConfigTester(j).configRoundTrip(vm);
        j.assertEqualDataBoundBeans(vm, after);
        new SnippetizerTester(j).assertRoundTrip(after, "rolestackVm action: 'reboot', hosts: ['app1', 'app2'], "
                + "parallelism: 2, spec: '" + SPEC + "', unstableOnFailure: true");
    }

    @Test
    void noHostsStaysAnEmptyListAndOutOfTheSnippet(JenkinsRule j) throws Exception {
        RolestackVmStep vm = new RolestackVmStep(SPEC, "list");
        RolestackVmStep after = new StepConfigTester(j).configRoundTrip(vm);
        j.assertEqualDataBoundBeans(vm, after);
        new SnippetizerTester(j).assertRoundTrip(after, "rolestackVm action: 'list', spec: '" + SPEC + "'");
    }

    /** The snippet generator's own request: hosts typed with commas and spaces become a list. */
    @Test
    void theSnippetGeneratorSplitsTheHostsTextBox(JenkinsRule j) throws Exception {
        new SnippetizerTester(j).assertGenerateSnippet("{'stapler-class': '" + RolestackVmStep.class.getName() + "', "
                + "'spec': '" + SPEC + "', 'action': 'delete', 'hosts': ' app1, app2  app3', 'limit': '', 'parallelism': '', "
                + "'jsonFile': '', 'unstableOnFailure': false}",
                "rolestackVm action: 'delete', hosts: ['app1', 'app2', 'app3'], spec: '" + SPEC + "'", null);
    }
}
