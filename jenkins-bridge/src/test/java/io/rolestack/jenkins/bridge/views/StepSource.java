package io.rolestack.jenkins.bridge.views;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A Pipeline step class read from its Java source, textually (the Jenkins classes are not on the default
 * build's classpath): its {@code @DataBoundConstructor} parameters and {@code @DataBoundSetter} properties
 * with their Java types, as Stapler and structs name them (setX -> x).
 *
 * @param name       the simple class name ({@code RolestackVmStep})
 * @param source     the .java file
 * @param resources  the folder its views live in (src/main/resources/PACKAGE/CLASS)
 * @param superclass the simple name of the class it extends
 * @param properties property name -> Java type, constructor parameters first
 */
record StepSource(String name, Path source, Path resources, String superclass, Map<String, String> properties) {
    private static final Pattern PACKAGE = Pattern.compile("^package ([\\w.]+);", Pattern.MULTILINE);
    private static final Pattern CLASS = Pattern.compile("\\bclass (\\w+)(?:<[^>]*>)? extends (\\w+)");
    private static final Pattern CONSTRUCTOR = Pattern.compile("@DataBoundConstructor\\s+(?:public\\s+)?(\\w+)\\s*\\(([^)]*)\\)");
    private static final Pattern SETTER = Pattern.compile(
            "@DataBoundSetter\\s+(?:public\\s+)?(?:final\\s+)?void\\s+set(\\w+)\\s*\\(\\s*(?:final\\s+)?([\\w.<>?, ]+?)\\s+\\w+\\s*\\)");

    /** {@code source} under the source root {@code root} (src/main/java, whose sibling resources holds the views). */
    static StepSource read(Path root, Path source) {
        String java = text(source);
        Matcher p = PACKAGE.matcher(java);
        Matcher c = CLASS.matcher(java);
        if (!p.find() || !c.find()) throw new IllegalArgumentException(source + ": no package or no class ... extends ...");
        Path resources = root.resolveSibling("resources").resolve(p.group(1).replace('.', '/')).resolve(c.group(1));
        Map<String, String> props = new LinkedHashMap<>();
        Matcher k = CONSTRUCTOR.matcher(java);
        while (k.find()) {
            if (!k.group(2).isBlank()) {
                for (String param : k.group(2).split(",")) {
                    String[] typeAndName = param.trim().split("\\s+");
                    props.put(typeAndName[typeAndName.length - 1], typeAndName[typeAndName.length - 2]);
                }
            }
        }
        Matcher s = SETTER.matcher(java);
        while (s.find()) {
            props.put(Character.toLowerCase(s.group(1).charAt(0)) + s.group(1).substring(1), s.group(2).trim());
        }
        return new StepSource(c.group(1), source, resources, c.group(2), props);
    }

    /** Every class under the source roots that extends {@code base} directly. */
    static List<StepSource> extending(String base, List<Path> sourceRoots) {
        Pattern extendsBase = Pattern.compile("\\bclass \\w+(?:<[^>]*>)? extends " + base + "\\b");
        return sourceRoots.stream().flatMap(root -> javaFiles(root).filter(f -> extendsBase.matcher(text(f)).find())
                .map(f -> read(root, f))).toList();
    }

    private static Stream<Path> javaFiles(Path root) {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(f -> f.toString().endsWith(".java")).toList().stream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String text(Path f) {
        try {
            return Files.readString(f);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
