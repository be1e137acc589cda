package io.osiris.core.runner;

import static org.assertj.core.api.Assertions.assertThat;

import io.osiris.api.data.ColumnInfo;
import io.osiris.api.data.ColumnType;
import io.osiris.api.data.RowSchema;
import io.osiris.connector.memory.MemoryDatabase;
import io.osiris.connector.memory.MemoryTable;
import io.osiris.core.pipeline.Pipelines;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A load's rows keep the shape their source gave them (string lengths, NOT NULL, the key)
 * through the engine, which loses it, when they come unchanged from an extract: loaded from it,
 * or named plainly in a transform's SELECT. Computed columns keep the engine's type.
 */
class SourceShapesTest {
    private static final RowSchema ITEMS = RowSchema.of(new ColumnInfo("id", ColumnType.INTEGER, false),
            new ColumnInfo("code", ColumnType.string(40), false, "varchar(40)", ""),
            new ColumnInfo("price", ColumnType.decimal(12, 2)));
    private static final RowSchema KINDS = RowSchema.of(new ColumnInfo("kind_id", ColumnType.INTEGER, false),
            new ColumnInfo("label", ColumnType.string(20), false));

    @TempDir
    Path dir;

    private String source() {
        String name = MemoryRuns.unique();
        MemoryDatabase.builder(name)
                .table("items", ITEMS, List.of(List.of(1, "A-1", new BigDecimal("10.50")), Arrays.asList(2, "B-2",
                        null)), List.of("id"))
                .table("kinds", KINDS, List.of(List.of(1, "one")), List.of("kind_id"))
                .register();
        return name;
    }

    private MemoryTable run(String source, boolean csvImport, String transform, String from) {
        String target = MemoryRuns.unique();
        MemoryDatabase db = MemoryDatabase.builder(target).csvImport(csvImport).register();
        MemoryRuns.runner(dir, source, target).build().run(Pipelines.parse("""
                # osiris-pipeline-v2
                name: shapes
                extract:
                  - id: items
                    source: memory
                    connection: %1$s
                    table: items
                  - id: kinds
                    source: memory
                    connection: %1$s
                    table: kinds
                %2$s
                load:
                  - id: save
                    from: %3$s
                    to: memory
                    connection: %4$s
                    table: copy
                """.formatted(source, transform, from, target)));
        return db.table("copy").orElseThrow();
    }

    private static String transform(String sql) {
        return "transform:\n  - id: t\n    sql: " + sql;
    }

    @ParameterizedTest(name = "csv import {0}")
    @ValueSource(booleans = {false, true})
    void aTableLoadedAsExtractedKeepsItsColumnsAndKey(boolean csvImport) {
        MemoryTable copy = run(source(), csvImport, "", "items");

        assertThat(copy.schema().columns()).extracting(ColumnInfo::name, c -> c.type().toString(), ColumnInfo::nullable)
                .containsExactly(Tuple.tuple("id", "INTEGER", false),
                        Tuple.tuple("code", "STRING(40)", false),
                        Tuple.tuple("price", "DECIMAL(12,2)", true));
        assertThat(copy.primaryKey()).containsExactly("id");
    }

    @Test
    void aTransformNamingColumnsCarriesThemRenamedAndComputedOnesKeepTheEngineType() {
        MemoryTable copy = run(source(), false, transform("SELECT i.id AS item, code, upper(code) AS loud, price"
                + " FROM items AS i WHERE price IS NOT NULL"), "t");

        assertThat(copy.schema().columns()).extracting(ColumnInfo::name, c -> c.type().toString(), ColumnInfo::nullable)
                .containsExactly(Tuple.tuple("item", "INTEGER", false),
                        Tuple.tuple("code", "STRING(40)", false),
                        Tuple.tuple("loud", "STRING", true),
                        Tuple.tuple("price", "DECIMAL(12,2)", true));
        assertThat(copy.primaryKey()).containsExactly("item");
    }

    @Test
    void theOuterSideOfAJoinIsNullableAndAJoinCarriesNoKey() {
        MemoryTable copy = run(source(), false, transform("SELECT items.id, items.code, k.label FROM items"
                + " LEFT JOIN kinds AS k ON k.kind_id = items.id"), "t");

        assertThat(copy.schema().columns()).extracting(ColumnInfo::name, c -> c.type().toString(), ColumnInfo::nullable)
                .containsExactly(Tuple.tuple("id", "INTEGER", false),
                        Tuple.tuple("code", "STRING(40)", false),
                        Tuple.tuple("label", "STRING(20)", true));
        assertThat(copy.primaryKey()).isEmpty();
    }

    @Test
    void aGroupedTransformKeepsColumnShapesButNotTheKey() {
        MemoryTable copy = run(source(), false, transform("SELECT code, count(*) AS n FROM items GROUP BY code"),
                "t");

        assertThat(copy.schema().column(0).type()).isEqualTo(ColumnType.string(40));
        assertThat(copy.schema().column(0).nullable()).isFalse();
        assertThat(copy.primaryKey()).isEmpty();
    }

    @Test
    void aDuckDbFileTableIsCreatedWithNotNullDecimalsAndTheKey() throws Exception {
        String source = source();
        MemoryRuns.runner(dir, source).build().run(Pipelines.parse("""
                # osiris-pipeline-v2
                name: shapes
                extract:
                  - id: items
                    source: memory
                    connection: %s
                    table: items
                load:
                  - id: save
                    from: items
                    to: duckdb
                    path: out/shapes.duckdb
                    table: copy
                """.formatted(source)));

        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + dir.resolve("out/shapes.duckdb"));
                Statement st = c.createStatement()) {
            List<String> columns = new ArrayList<>();
            try (ResultSet rs = st.executeQuery("SELECT column_name, data_type, is_nullable FROM duckdb_columns()"
                    + " WHERE table_name = 'copy' ORDER BY column_index")) {
                while (rs.next()) {
                    columns.add(rs.getString(1) + " " + rs.getString(2) + " " + rs.getBoolean(3));
                }
            }
            assertThat(columns).containsExactly("id INTEGER false", "code VARCHAR false", "price DECIMAL(12,2) true");
            try (ResultSet rs = st.executeQuery("SELECT constraint_column_names FROM duckdb_constraints()"
                    + " WHERE table_name = 'copy' AND constraint_type = 'PRIMARY KEY'")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("[id]");
            }
        }
    }
}
