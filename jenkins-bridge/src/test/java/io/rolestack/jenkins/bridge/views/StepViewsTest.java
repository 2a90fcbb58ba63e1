package io.rolestack.jenkins.bridge.views;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Pipeline steps' views (config.jelly, help files) against the steps' Java sources, in the default
 * build: the Jenkins plugins are built only with -Pjenkins, so nothing else would notice a property renamed
 * without its view, or a field without help, until someone opens the snippet generator. Read textually,
 * files only; the JenkinsRule round trips (StepViewsRoundTripTest in each plugin) check the binding itself.
 */
class StepViewsTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final String BASE = "RolestackStep";
    /** How a step's config.jelly includes the shared options: resolved against the step's superclass. */
    private static final String OPTIONS_PAGE = "config-options.jelly";
    private static final String OPTIONS_CLASS = "${descriptor.clazz.superclass}";
    private static final Set<String> KNOWN_STEPS = Set.of("RolestackVmStep", "RolestackPlanStep", "RolestackApplyStep",
            "RolestackExecStep", "RolestackDbStep", "RolestackHealthStep", "RolestackHealStep", "RolestackPatchStep",
            "RolestackBackupStep", "RolestackAppDeployStep");

    static List<Path> sourceRoots() throws IOException {
        List<Path> roots = new ArrayList<>(List.of(ROOT.resolve("jenkins-common/src/main/java")));
        try (Stream<Path> dirs = Files.list(ROOT)) {
            dirs.filter(d -> d.getFileName().toString().startsWith("plugin-"))
                    .map(d -> d.resolve("jenkins/src/main/java")).filter(Files::isDirectory).sorted().forEach(roots::add);
        }
        return roots;
    }

    static StepSource base() {
        Path root = ROOT.resolve("jenkins-common/src/main/java");
        return StepSource.read(root, root.resolve("io/rolestack/jenkins/common/RolestackStep.java"));
    }

    static List<StepSource> steps() throws IOException {
        return StepSource.extending(BASE, sourceRoots());
    }

    @Test
    void everyStepIsFoundInTheSources() throws IOException {
        assertThat(steps()).extracting(StepSource::name).containsAll(KNOWN_STEPS);
        assertThat(base().properties()).as("RolestackStep's options, read from its source")
                .containsKeys("limit", "parallelism", "sshCredentialsId", "unstableOnFailure");
    }

    @Test
    void everyPropertyHasItsFieldAndEveryFieldItsProperty() throws IOException {
        List<String> problems = new ArrayList<>();
        for (StepSource step : steps()) {
            Set<String> properties = new TreeSet<>(properties(step).keySet());
            Set<String> fields = new TreeSet<>(fields(step, problems).keySet());
            for (String p : properties) {
                if (!fields.contains(p)) problems.add(step.name() + ": property '" + p + "' has no field in its config.jelly");
            }
            for (String f : fields) {
                if (!properties.contains(f)) problems.add(step.name() + ": field '" + f + "' is no property of the step");
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void eachFieldHasTheControlOfItsType() throws IOException {
        List<String> problems = new ArrayList<>();
        for (StepSource step : steps()) {
            Map<String, String> types = properties(step);
            fields(step, problems).forEach((field, control) -> {
                String type = types.get(field);
                if (type == null) return; // reported by the test above
                Set<String> allowed = allowedControls(field, type);
                if (!allowed.contains(control)) {
                    problems.add(step.name() + ": field '" + field + "' (" + type + ") is a " + control + ", expected one of " + allowed);
                }
            });
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void everyStepAndEveryFieldHasHelpAndNoHelpIsLeftOver() throws IOException {
        List<String> problems = new ArrayList<>();
        for (StepSource step : steps()) {
            if (!nonBlank(step.resources().resolve("help.html"))) problems.add(step.name() + ": no help.html");
            for (String field : fields(step, problems).keySet()) {
                // Descriptor.getHelpFile looks in the class's folder, then in its superclasses'.
                if (!nonBlank(step.resources().resolve("help-" + field + ".html"))
                        && !nonBlank(base().resources().resolve("help-" + field + ".html"))) {
                    problems.add(step.name() + ": field '" + field + "' has no help-" + field + ".html");
                }
            }
        }
        // RolestackStep's folder holds the help of its own options and of fields every step has (spec).
        Set<String> shared = null;
        for (StepSource step : steps()) {
            Set<String> own = fields(step, problems).keySet();
            if (shared == null) shared = new TreeSet<>(own);
            else shared.retainAll(own);
            for (String help : helpFiles(step.resources())) {
                if (!own.contains(help)) problems.add(step.name() + ": help-" + help + ".html names no field of its view");
            }
        }
        for (String help : helpFiles(base().resources())) {
            if (!base().properties().containsKey(help) && (shared == null || !shared.contains(help))) {
                problems.add(BASE + ": help-" + help + ".html names neither an option of it nor a field of every step");
            }
        }
        assertThat(problems).isEmpty();
    }

    /** The step's own properties and those of RolestackStep, as the form binds them. */
    private static Map<String, String> properties(StepSource step) {
        Map<String, String> all = new LinkedHashMap<>(step.properties());
        base().properties().forEach(all::putIfAbsent);
        return all;
    }

    /** The fields of the step's config.jelly and of the shared options page it must include. */
    private static Map<String, String> fields(StepSource step, List<String> problems) {
        Path config = step.resources().resolve("config.jelly");
        if (!Files.isRegularFile(config)) {
            problems.add(step.name() + ": no " + ROOT.relativize(config));
            return Map.of();
        }
        JellyView view = JellyView.read(config);
        Map<String, String> fields = new LinkedHashMap<>(view.fields());
        if (!OPTIONS_CLASS.equals(view.includes().get(OPTIONS_PAGE))) {
            problems.add(step.name() + ": config.jelly does not include " + OPTIONS_PAGE + " with class=\"" + OPTIONS_CLASS + "\"");
        } else {
            JellyView options = JellyView.read(base().resources().resolve(OPTIONS_PAGE));
            options.fields().forEach((f, control) -> {
                if (fields.put(f, control) != null) problems.add(step.name() + ": field '" + f + "' is also in " + OPTIONS_PAGE);
            });
        }
        return fields;
    }

    private static Set<String> allowedControls(String field, String type) {
        String f = JellyView.FORM + ":";
        if (field.endsWith("CredentialsId")) return Set.of(JellyView.CREDENTIALS + ":select");
        return switch (type) {
            case "boolean", "Boolean" -> Set.of(f + "checkbox");
            case "int", "Integer" -> Set.of(f + "number", f + "textbox");
            case "List<String>" -> Set.of(f + "textbox");
            case "String" -> Set.of(f + "textbox", f + "textarea", f + "select");
            default -> Set.of("(no control known for " + type + ")");
        };
    }

    private static Set<String> helpFiles(Path dir) throws IOException {
        Set<String> r = new TreeSet<>();
        if (!Files.isDirectory(dir)) return r;
        try (Stream<Path> files = Files.list(dir)) {
            files.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("help-") && n.endsWith(".html"))
                    .forEach(n -> r.add(n.substring("help-".length(), n.length() - ".html".length())));
        }
        return r;
    }

    private static boolean nonBlank(Path f) throws IOException {
        return Files.isRegularFile(f) && !Files.readString(f).isBlank();
    }
}
