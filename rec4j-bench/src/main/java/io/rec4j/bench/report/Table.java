package io.rec4j.bench.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A small results table written as CSV and as a Markdown table. Cells are preformatted strings. */
public final class Table {
    private final List<String> columns;
    private final List<List<String>> rows = new ArrayList<>();

    public Table(String... columns) {
        this.columns = List.of(columns);
    }

    public Table row(Object... cells) {
        if (cells.length != columns.size()) {
            throw new IllegalArgumentException("expected " + columns.size() + " cells, got " + cells.length);
        }
        List<String> r = new ArrayList<>();
        for (Object c : cells) {
            r.add(String.valueOf(c));
        }
        rows.add(r);
        return this;
    }

    public String toCsv() {
        StringBuilder b = new StringBuilder(String.join(",", columns)).append('\n');
        for (List<String> r : rows) {
            List<String> quoted = new ArrayList<>();
            for (String c : r) {
                quoted.add(c.contains(",") || c.contains("\"") ? "\"" + c.replace("\"", "\"\"") + "\"" : c);
            }
            b.append(String.join(",", quoted)).append('\n');
        }
        return b.toString();
    }

    public String toMarkdown() {
        StringBuilder b = new StringBuilder("| ").append(String.join(" | ", columns)).append(" |\n|");
        for (int i = 0; i < columns.size(); i++) {
            b.append("---|");
        }
        b.append('\n');
        for (List<String> r : rows) {
            b.append("| ").append(String.join(" | ", r)).append(" |\n");
        }
        return b.toString();
    }

    /** Writes {@code dir/name.csv}. */
    public void writeCsv(Path dir, String name) throws IOException {
        Files.writeString(dir.resolve(name + ".csv"), toCsv());
    }
}
