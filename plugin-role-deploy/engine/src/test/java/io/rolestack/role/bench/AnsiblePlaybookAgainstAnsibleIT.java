package io.rolestack.role.bench;

import io.rolestack.core.remote.ExecResult;
import io.rolestack.core.remote.LocalRemote;
import io.rolestack.role.Platforms;
import io.rolestack.role.catalog.RoleCatalog;
import io.rolestack.role.ops.Capability;
import io.rolestack.role.plan.Planner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.rolestack.core.remote.Shell.quote;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The benchmark's Ansible side: the generated playbook has the same operations
 * and content as rolestack's plan, and Debian's ansible-playbook accepts it
 * (--syntax-check; apt package {@code ansible}).
 */
class AnsiblePlaybookAgainstAnsibleIT {
    @TempDir
    Path dir;

    @Test
    @SuppressWarnings("unchecked")
    void generatedPlaybookMirrorsThePlanAndPassesAnsibleSyntaxCheck() throws IOException {
        Path sshConfig = Files.writeString(dir.resolve("ssh_config"), "Host *\n  User root\n");
        new AnsiblePlaybook(new Planner(RoleCatalog.load(Optional.empty())))
                .write(Platforms.example(), Capability.REAL_VM, sshConfig, dir.resolve("out"));
        Path out = dir.resolve("out");

        List<Map<String, Object>> plays = new Yaml().load(Files.readString(out.resolve("site.yml")));
        assertThat(plays).extracting(p -> p.get("hosts"))
                .containsExactlyInAnyOrder("base", "jump", "frontend", "app", "memcache", "db").first().isEqualTo("base");
        Map<String, Object> frontend = plays.stream().filter(p -> p.get("hosts").equals("frontend")).findFirst().orElseThrow();
        List<Map<String, Object>> tasks = (List<Map<String, Object>>) frontend.get("tasks");
        assertThat(tasks).extracting(t -> t.get("name")).contains("packages",
                "file /etc/nginx/conf.d/rolestack-app-upstream.conf", "service nginx");
        assertThat(tasks).filteredOn(t -> "packages".equals(t.get("name"))).singleElement()
                .satisfies(t -> assertThat((Map<String, Object>) t.get("apt")).containsEntry("name", List.of("nginx")));
        assertThat((List<Map<String, Object>>) frontend.get("handlers")).singleElement()
                .satisfies(h -> assertThat((Map<String, Object>) h.get("service")).containsEntry("state", "reloaded"));
        Map<String, Map<String, String>> vars = new Yaml().load(Files.readString(out.resolve("host_vars/frontend1.yml")));
        assertThat(vars.get("rolestack_files").get("/etc/nginx/conf.d/rolestack-app-upstream.conf"))
                .contains("server 10.20.0.14:9000;");
        assertThat(Files.readString(out.resolve("inventory.ini"))).contains("[db]\nmasterdb1 ansible_user=root\ndb2 ansible_user=root\n");

        ExecResult r = new LocalRemote().exec(io.rolestack.core.remote.Command.of("cd " + quote(out.toString())
                + " && ANSIBLE_CONFIG=ansible.cfg ANSIBLE_LOCAL_TEMP=" + quote(dir.resolve("tmp").toString())
                + " ansible-playbook --syntax-check site.yml"));
        assertThat(r.exitCode()).as(r.stdout() + r.stderr()).isZero();
        assertThat(r.stdout()).contains("playbook: site.yml");
    }
}
