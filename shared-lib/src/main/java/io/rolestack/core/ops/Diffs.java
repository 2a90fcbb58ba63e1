package io.rolestack.core.ops;

import com.github.difflib.DiffUtils;
import com.github.difflib.UnifiedDiffUtils;
import com.github.difflib.patch.Patch;

import java.util.Arrays;
import java.util.List;

/** Unified diffs of file contents, as {@code diff -u} prints them. */
public final class Diffs {
    private Diffs() {
    }

    public static String unified(String path, String before, String after) {
        List<String> a = lines(before);
        List<String> b = lines(after);
        Patch<String> patch = DiffUtils.diff(a, b);
        if (patch.getDeltas().isEmpty()) return "";
        List<String> out = UnifiedDiffUtils.generateUnifiedDiff(before.isEmpty() ? "/dev/null" : "a" + path,
                "b" + path, a, patch, 3);
        return String.join("\n", out) + "\n";
    }

    private static List<String> lines(String s) {
        if (s.isEmpty()) return List.of();
        String[] parts = s.split("\n", -1);
        return Arrays.asList(parts).subList(0, s.endsWith("\n") ? parts.length - 1 : parts.length);
    }
}
