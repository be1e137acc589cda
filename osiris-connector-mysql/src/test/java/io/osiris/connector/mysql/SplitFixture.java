package io.osiris.connector.mysql;

import static org.assertj.core.api.Assertions.assertThat;

import io.osiris.api.connector.Extraction;
import io.osiris.api.connector.capability.CsvCopy;
import io.osiris.api.connector.capability.Split;
import io.osiris.api.connector.capability.SplitPlan;
import io.osiris.api.connector.capability.SplitRead;
import io.osiris.api.data.RowStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** The tables the split ITs read (prefix {@code smy_}) and how rows are compared as multisets. */
final class SplitFixture {
    /** Numbers 0..99999 from digits, so the fixtures build on MySQL as on MariaDB (no sequence engine). */
    static final String NUMBERS = "(SELECT a.d + 10 * b.d + 100 * c.d + 1000 * e.d + 10000 * f.d AS n FROM "
            + digits("a") + ", " + digits("b") + ", " + digits("c") + ", " + digits("e") + ", " + digits("f") + ") s";

    private SplitFixture() {
    }

    private static String digits(String alias) {
        return "(SELECT 0 d UNION ALL SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4"
                + " UNION ALL SELECT 5 UNION ALL SELECT 6 UNION ALL SELECT 7 UNION ALL SELECT 8 UNION ALL SELECT 9) "
                + alias;
    }

    /** Creates every fixture table afresh. */
    static void create(MySqlTestDatabase db) {
        // Integer primary key with negative values and every column kind a split must keep.
        table(db, "smy_int", "id INT PRIMARY KEY, name VARCHAR(20) NULL, amount DECIMAL(10,2) NOT NULL,"
                + " score DOUBLE NULL, at DATETIME(6) NULL, flag BOOLEAN NOT NULL, data VARBINARY(8) NULL",
                "SELECT n - 10000, IF(n % 7 = 0, NULL, CONCAT('name ', n)), (n % 10000) / 100, IF(n % 11 = 0, NULL, n / 3),"
                        + " TIMESTAMP '2020-01-01 00:00:00' + INTERVAL n * 1001 MICROSECOND, n % 2 = 0,"
                        + " IF(n % 13 = 0, NULL, UNHEX(LPAD(HEX(n), 6, '0'))) FROM " + NUMBERS + " WHERE n < 20000");
        // No integer primary key: the nullable indexed k, with NULLs, negatives and duplicates.
        table(db, "smy_nullkey", "code CHAR(8) PRIMARY KEY, k INT NULL, v VARCHAR(10) NOT NULL, KEY k_idx (k)",
                "SELECT LPAD(n, 8, '0'), IF(n % 5 = 0, NULL, n % 3000 - 1000), CONCAT('x', n) FROM " + NUMBERS
                        + " WHERE n < 20000");
        // 90% of the rows in under 1% of the key's range.
        table(db, "smy_uneven", "id BIGINT PRIMARY KEY, v INT NOT NULL",
                "SELECT IF(n < 18000, n, 18000 + (n - 18000) * 1000), n FROM " + NUMBERS + " WHERE n < 20000");
        // A DATE key (not unique) and a nullable TIMESTAMP key with fractions.
        table(db, "smy_dates", "code CHAR(8) PRIMARY KEY, day DATE NOT NULL, v INT NOT NULL, KEY day_idx (day)",
                "SELECT LPAD(n, 8, '0'), DATE '2000-01-01' + INTERVAL n % 5000 DAY, n FROM " + NUMBERS
                        + " WHERE n < 20000");
        table(db, "smy_times", "code CHAR(8) PRIMARY KEY, at TIMESTAMP(3) NULL, KEY at_idx (at)",
                "SELECT LPAD(n, 8, '0'), IF(n % 9 = 0, NULL, TIMESTAMP '2001-02-03 04:05:06' + INTERVAL n * 7777000 MICROSECOND)"
                        + " FROM " + NUMBERS + " WHERE n < 20000");
        table(db, "smy_empty", "id INT PRIMARY KEY, v INT", null);
        table(db, "smy_one", "id INT PRIMARY KEY, v VARCHAR(10)", "SELECT 42, 'only'");
    }

    private static void table(MySqlTestDatabase db, String name, String columns, String rows) {
        db.execute("DROP TABLE IF EXISTS " + name);
        db.execute("CREATE TABLE " + name + " (" + columns + ") ENGINE=InnoDB DEFAULT CHARSET=utf8mb4");
        if (rows != null) {
            db.execute("SET time_zone = '+00:00'");
            db.execute("INSERT INTO " + name + " " + rows);
        }
        // Fresh statistics, as a table that has been in use has them.
        db.execute("ANALYZE TABLE " + name);
    }

    /** Every row of every split, read on a thread each (reads must be safe side by side). */
    static List<List<String>> readSplits(SplitRead source, Extraction extraction, SplitPlan plan) {
        List<CompletableFuture<List<String>>> reads = new ArrayList<>();
        for (Split split : plan.splits()) {
            reads.add(CompletableFuture.supplyAsync(() -> rows(source.read(extraction, split))));
        }
        return reads.stream().map(CompletableFuture::join).toList();
    }

    /** Every split's CSV lines, copied on a thread each. */
    static List<List<String>> copySplits(SplitRead source, Extraction extraction, SplitPlan plan) {
        List<CompletableFuture<List<String>>> copies = new ArrayList<>();
        for (Split split : plan.splits()) {
            CsvCopy copy = source.csvCopy(extraction, split).orElseThrow();
            copies.add(CompletableFuture.supplyAsync(() -> lines(copy)));
        }
        return copies.stream().map(CompletableFuture::join).toList();
    }

    /** The rows of a stream as text naming each value's class, so types are compared too. */
    static List<String> rows(RowStream stream) {
        List<String> rows = new ArrayList<>();
        try (stream) {
            int n = stream.schema().size();
            while (stream.next()) {
                StringBuilder row = new StringBuilder();
                for (int i = 0; i < n; i++) {
                    Object v = stream.get(i);
                    row.append(i == 0 ? "" : " | ").append(v == null ? "NULL" : v.getClass().getSimpleName() + ":"
                            + (v instanceof byte[] b ? HexFormat.of().formatHex(b) : v));
                }
                rows.add(row.toString());
            }
        }
        return rows;
    }

    /** The CSV lines a copy writes. */
    static List<String> lines(CsvCopy copy) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        long count = copy.writeTo(out);
        String text = out.toString(StandardCharsets.UTF_8);
        List<String> lines = text.isEmpty() ? List.of() : Arrays.asList(text.split("\n", -1)).subList(0,
                (int) text.chars().filter(c -> c == '\n').count());
        assertThat(lines).hasSize((int) count);
        return lines;
    }

    /** All parts together, sorted: a multiset as a comparable list. */
    static List<String> union(List<List<String>> parts) {
        return parts.stream().flatMap(List::stream).sorted().toList();
    }

    static List<String> sorted(List<String> rows) {
        return rows.stream().sorted().toList();
    }
}
