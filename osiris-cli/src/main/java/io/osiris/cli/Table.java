package io.osiris.cli;

import java.io.PrintWriter;
import java.util.List;

/** Prints rows of text as an aligned table: the first row is the header. */
final class Table {
    private Table() {
    }

    static void print(PrintWriter out, List<String[]> rows) {
        if (rows.isEmpty()) {
            return;
        }
        int n = rows.get(0).length;
        int[] width = new int[n];
        for (String[] row : rows) {
            for (int i = 0; i < n; i++) {
                width[i] = Math.max(width[i], row[i].codePointCount(0, row[i].length()));
            }
        }
        for (int r = 0; r < rows.size(); r++) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < n; i++) {
                String v = rows.get(r)[i];
                line.append(i == 0 ? "" : "  ").append(v);
                if (i < n - 1) {
                    line.append(" ".repeat(width[i] - v.codePointCount(0, v.length())));
                }
            }
            out.println(line);
            if (r == 0) {
                StringBuilder rule = new StringBuilder();
                for (int i = 0; i < n; i++) {
                    rule.append(i == 0 ? "" : "  ").append("-".repeat(width[i]));
                }
                out.println(rule);
            }
        }
    }
}
