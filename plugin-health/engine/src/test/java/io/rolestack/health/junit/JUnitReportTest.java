package io.rolestack.health.junit;

import io.rolestack.health.CheckResult;
import io.rolestack.health.HealthReport;
import io.rolestack.health.HostHealth;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class JUnitReportTest {
    @TempDir
    Path tmp;

    final HealthReport report = new HealthReport(List.of(
            new HostHealth("memcache1.production.wpdn", List.of(
                    CheckResult.ok("tcp 11211", "port 11211 open", "open"),
                    CheckResult.failed("process memcached", "running", "not running <&\"'> \u0001bell"),
                    CheckResult.info("reboot required", "no"))),
            HostHealth.unreachable("app1.production.wpdn", "connection refused by 10.0.0.9:22")));

    static Document parse(String xml) throws Exception {
        return DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void oneTestcasePerHostAndCheckWithCountsAndFailureMessages() throws Exception {
        Document d = parse(JUnitReport.xml(report));
        Element suite = d.getDocumentElement();
        assertThat(suite.getAttribute("tests")).isEqualTo("4");
        assertThat(suite.getAttribute("failures")).isEqualTo("2");
        NodeList cases = suite.getElementsByTagName("testcase");
        assertThat(cases.getLength()).isEqualTo(4);
        Element failed = (Element) cases.item(1);
        assertThat(failed.getAttribute("classname")).isEqualTo("rolestack.health.memcache1");
        assertThat(failed.getAttribute("name")).isEqualTo("process memcached");
        Element failure = (Element) failed.getElementsByTagName("failure").item(0);
        assertThat(failure.getAttribute("message")).isEqualTo("expected running, saw not running <&\"'> ?bell");
        Element ssh = (Element) cases.item(3);
        assertThat(ssh.getAttribute("classname")).isEqualTo("rolestack.health.app1");
        assertThat(ssh.getAttribute("name")).isEqualTo("ssh");
        assertThat(((Element) ssh.getElementsByTagName("failure").item(0)).getAttribute("message"))
                .contains("connection refused by 10.0.0.9:22");
        assertThat(((Element) cases.item(0)).getElementsByTagName("failure").getLength()).isZero();
    }

    @Test
    void writtenAtomicallyAndReadable() throws Exception {
        Path file = tmp.resolve("reports/health.xml");
        JUnitReport.write(report, file);
        assertThat(parse(Files.readString(file)).getDocumentElement().getAttribute("name")).isEqualTo("rolestack.health");
        try (var files = Files.list(file.getParent())) {
            assertThat(files).containsExactly(file);
        }
    }
}
