package io.rolestack.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/** A plain text table, columns as wide as their widest cell. */
final class Table {
    private final List<String> header;
    private final List<List<String>> rows = new ArrayList<>();

    Table(String... header) {
        this.header = List.of(header);
    }

    Table row(Object... cells) {
        List<String> r = new ArrayList<>();
        for (Object c : cells) r.add(c == null ? "-" : String.valueOf(c));
        rows.add(r);
        return this;
    }

    void print(PrintWriter w) {
        int[] width = new int[header.size()];
        for (int i = 0; i < width.length; i++) width[i] = header.get(i).length();
        for (List<String> r : rows) for (int i = 0; i < width.length; i++) width[i] = Math.max(width[i], r.get(i).length());
        line(w, header, width);
        for (List<String> r : rows) line(w, r, width);
        w.flush();
    }

    private static void line(PrintWriter w, List<String> cells, int[] width) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < width.length; i++) {
            String c = cells.get(i);
            b.append(c).append(" ".repeat(i == width.length - 1 ? 0 : width[i] - c.length() + 2));
        }
        w.println(b.toString().stripTrailing());
    }
}
