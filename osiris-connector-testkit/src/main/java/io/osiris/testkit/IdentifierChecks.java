package io.osiris.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.osiris.api.connector.Extraction;
import io.osiris.api.connector.LoadRequest;
import io.osiris.api.connector.TableSummary;
import io.osiris.api.connector.WriteMode;
import io.osiris.api.data.ColumnInfo;
import io.osiris.api.data.ColumnType;
import io.osiris.api.data.RowSchema;
import io.osiris.api.data.RowStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The identifier part of the contract: table and column names with quotes, backticks, spaces,
 * dots, mixed case, Unicode and reserved words load, list, describe and extract as written.
 */
public abstract class IdentifierChecks extends DeleteInsertChecks {
    IdentifierChecks() {
    }

    /** Every odd column name loads, is described and reads back, by name, in one table. */
    @Test
    void oddColumnNamesRoundTrip() {
        assumeTrue(hasBehavior(Behavior.WRITE), "connector does not write");
        List<String> names = oddColumnNames();
        assumeTrue(!names.isEmpty(), "connector declares no odd column names");
        String table = PREFIX + "odd_columns";
        List<ColumnInfo> columns = new ArrayList<>();
        columns.add(new ColumnInfo("id", ColumnType.INTEGER, false));
        names.forEach(n -> columns.add(new ColumnInfo(n, ColumnType.string(40))));
        RowSchema schema = new RowSchema(columns);
        List<List<Object>> rows = List.of(row(1, names, "a"), row(2, names, "b"));
        dropTable(table);
        loadNamed("columns " + names, table, WriteMode.APPEND, schema, rows);
        assertThat(connector().discovery().getTableInfo(table, 0).columns()).extracting(ColumnInfo::name)
                .as("columns of %s in discovery, as written", table).containsExactlyElementsOf(schema.names());
        try (RowStream stream = connector().extractor().extract(new Extraction.Table(table))) {
            assertThat(stream.schema().names()).as("columns of %s as extracted", table)
                    .containsExactlyElementsOf(schema.names());
            assertThat(Values.sortedByFirstColumn(Values.readAll(stream))).as("rows of %s", table).isEqualTo(rows);
        }
        List<String> reversed = new ArrayList<>(names);
        java.util.Collections.reverse(reversed);
        try (RowStream stream = connector().extractor().extract(new Extraction.Table(table, reversed, "", 0))) {
            assertThat(stream.schema().names()).as("chosen columns of %s", table).containsExactlyElementsOf(reversed);
            assertThat(Values.readAll(stream)).as("rows of the chosen columns of %s", table).hasSize(2);
        }
        if (hasBehavior(Behavior.QUERY)) {
            String select = "SELECT " + String.join(", ", names.stream().map(this::q).toList()) + " FROM " + q(table);
            assertThat(connector().extractor().describe(new Extraction.Query(select)).names())
                    .as("columns of %s", select).containsExactlyElementsOf(names);
        }
        if (hasBehavior(Behavior.UPSERT)) {
            loadNamed("columns " + names, table, WriteMode.UPSERT, schema, List.of(row(2, names, "B")));
            try (RowStream stream = connector().extractor().extract(new Extraction.Table(table))) {
                assertThat(Values.sortedByFirstColumn(Values.readAll(stream))).as("rows of %s after an upsert", table)
                        .isEqualTo(List.of(row(1, names, "a"), row(2, names, "B")));
            }
        }
        dropTable(table);
    }

    /** Every odd table name is created by a load, listed, described, extracted and replaced. */
    @Test
    void oddTableNamesRoundTrip() {
        assumeTrue(hasBehavior(Behavior.WRITE), "connector does not write");
        List<String> tables = oddTableNames();
        assumeTrue(!tables.isEmpty(), "connector declares no odd table names");
        for (String table : tables) {
            String ref = tableRef(table);
            dropTable(table);
            try {
                loadNamed("table " + table, ref, WriteMode.APPEND, WRITE_SCHEMA, rows(1, "one", 2, "two"));
                assertThat(connector().discovery().listTables()).extracting(TableSummary::name)
                        .as("tables listed after loading %s", table).contains(table);
                assertThat(connector().discovery().getTableInfo(ref, 0).columns()).extracting(ColumnInfo::name)
                        .as("columns of %s (named %s)", table, ref).containsExactly("id", "name");
                assertThat(Values.sortedByFirstColumn(Values.readAll(connector().extractor()
                        .extract(new Extraction.Table(ref))))).as("rows of %s (named %s)", table, ref)
                        .isEqualTo(rows(1, "one", 2, "two"));
                if (hasBehavior(Behavior.QUERY)) {
                    assertThat(Values.readAll(connector().extractor().extract(
                            new Extraction.Query("SELECT id, name FROM " + q(table))))).as("rows of %s", q(table))
                            .hasSize(2);
                }
                loadNamed("table " + table, ref, WriteMode.REPLACE, WRITE_SCHEMA, rows(3, "three"));
                assertThat(Values.readAll(connector().extractor().extract(new Extraction.Table(ref))))
                        .as("rows of %s after a replace", table).isEqualTo(rows(3, "three"));
            } finally {
                dropTable(table);
            }
        }
    }

    private void loadNamed(String what, String table, WriteMode mode, RowSchema schema, List<List<Object>> rows) {
        try {
            loader().load(new LoadRequest(table, mode, List.of("id")), RowStream.of(schema, rows));
        } catch (RuntimeException e) {
            throw new AssertionError("a " + mode + " load into " + table + " with " + what + " failed: quote every"
                    + " identifier in the SQL you generate (doubling the quote character inside), and never split"
                    + " a quoted name at a dot: " + e.getMessage(), e);
        }
    }

    private static List<Object> row(int id, List<String> names, String suffix) {
        List<Object> row = new ArrayList<>();
        row.add(id);
        for (int i = 0; i < names.size(); i++) {
            row.add(suffix + i);
        }
        return row;
    }
}
