package io.osiris.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.osiris.api.ValidationException;
import io.osiris.core.config.ConfigLoader;
import io.osiris.core.config.OsirisConfig;
import io.osiris.core.pipeline.Pipelines;
import io.osiris.core.runner.PipelineRunner;
import io.osiris.core.runner.RunReport;
import io.osiris.testkit.TestDatabases;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Tables a pipeline creates keep the source's shape (VARCHAR(40) NOT NULL, DECIMAL(12,2),
 * the primary key) on MariaDB, PostgreSQL and a DuckDB file, loaded straight from the extract or
 * through a transform that names the columns; and an existing target is judged by the load's
 * schema policy: evolve adds a column and replaces into another shape, freeze fails with the
 * difference and leaves the table as it was. Skipped when a server does not answer, failed with
 * {@code -Dosiris.it.required=true}.
 */
class FaithfulTargetTablesIT {
    private static final String SOURCE = "faith_src";
    private static final String TARGET = "faith_target";
    private static final String VIA_TRANSFORM = "faith_target_tr";

    /** Where a load writes. */
    enum Target {
        MYSQL, SUPABASE, DUCKDB
    }

    @TempDir
    Path dir;

    private Connection mysql;
    private Connection postgres;

    @BeforeEach
    void source() throws SQLException {
        mysql = TestDatabases.connect(TestDatabases.mysqlUrl());
        postgres = TestDatabases.connect(TestDatabases.postgresUrl());
        dropAll();
        try (Statement st = mysql.createStatement()) {
            st.execute("CREATE TABLE " + SOURCE + " (id INT NOT NULL, code VARCHAR(40) NOT NULL,"
                    + " price DECIMAL(12,2), note TEXT, PRIMARY KEY (id))");
            st.execute("INSERT INTO " + SOURCE + " VALUES (1, 'A-1', 10.50, 'first'), (2, 'B-2', NULL, NULL)");
        }
    }

    private void dropAll() throws SQLException {
        try (Statement my = mysql.createStatement(); Statement pg = postgres.createStatement()) {
            for (String t : List.of(SOURCE, TARGET, VIA_TRANSFORM)) {
                my.execute("DROP TABLE IF EXISTS " + t);
                pg.execute("DROP TABLE IF EXISTS " + t);
            }
        }
    }

    @AfterEach
    void cleanUp() throws SQLException {
        if (mysql == null) {
            return;
        }
        try {
            dropAll();
        } finally {
            mysql.close();
            postgres.close();
        }
    }

    @ParameterizedTest
    @EnumSource(Target.class)
    void aCreatedTableKeepsLengthsPrecisionNotNullAndTheKeyOfTheSource(Target target) throws Exception {
        run(pipeline(target, "append", "evolve"));

        assertThat(describe(target, TARGET)).containsExactly(
                "id " + integer(target) + " not null", "code " + varchar(target, 40) + " not null",
                "price " + decimal(target) + " null", "note " + text(target) + " null");
        assertThat(primaryKey(target, TARGET)).containsExactly("id");
        assertThat(rows(target, TARGET)).containsExactly("1 A-1 10.50 first", "2 B-2 null");
    }

    @ParameterizedTest
    @EnumSource(Target.class)
    void aTransformNamingTheColumnsCarriesTheirShapeAndTheKey(Target target) throws Exception {
        run(pipeline(target, "append", "evolve").replace("from: src", "from: picked").replace("extract:", """
                transform:
                  - id: picked
                    sql: SELECT s.id, code AS code, price, upper(note) AS note FROM src AS s WHERE id > 0
                extract:"""));

        assertThat(describe(target, TARGET)).containsExactly(
                "id " + integer(target) + " not null", "code " + varchar(target, 40) + " not null",
                "price " + decimal(target) + " null", "note " + text(target) + " null");
        assertThat(primaryKey(target, TARGET)).containsExactly("id");
    }

    @ParameterizedTest
    @EnumSource(Target.class)
    void replaceIntoATableOfAnotherShapeTakesTheRowsShapeAndKeepsTheKey(Target target) throws Exception {
        execute(target, "CREATE TABLE " + TARGET + " (id INTEGER NOT NULL PRIMARY KEY, legacy VARCHAR(5),"
                + " code INTEGER)");
        execute(target, "INSERT INTO " + TARGET + " VALUES (9, 'old', 9)");

        run(pipeline(target, "replace", "evolve").replace("table: " + SOURCE, "query: SELECT id, code, price,"
                + " note FROM " + SOURCE));

        assertThat(describe(target, TARGET)).extracting(c -> c.split(" ")[0]).containsExactly("id", "code", "price",
                "note");
        assertThat(primaryKey(target, TARGET)).containsExactly("id");
        assertThat(rows(target, TARGET)).containsExactly("1 A-1 10.50 first", "2 B-2 null");
    }

    @ParameterizedTest
    @EnumSource(Target.class)
    void evolveAddsTheRowsNewColumnsAndOldRowsHaveNull(Target target) throws Exception {
        execute(target, "CREATE TABLE " + TARGET + " (id INTEGER NOT NULL, code VARCHAR(60))");
        execute(target, "INSERT INTO " + TARGET + " VALUES (0, 'kept')");

        run(pipeline(target, "append", "evolve"));

        assertThat(describe(target, TARGET)).containsExactly("id " + integer(target) + " not null",
                "code " + varchar(target, 60) + " null", "price " + decimal(target) + " null",
                "note " + text(target) + " null");
        assertThat(rows(target, TARGET)).containsExactly("0 kept null", "1 A-1 10.50 first", "2 B-2 null");
    }

    @ParameterizedTest
    @EnumSource(Target.class)
    void freezeFailsWithTheDifferenceBeforeAnyRowAndLeavesTheTableAsItWas(Target target) throws Exception {
        execute(target, "CREATE TABLE " + TARGET + " (id INTEGER NOT NULL, code INTEGER, legacy INTEGER)");
        execute(target, "INSERT INTO " + TARGET + " VALUES (0, 5, 7)");
        List<String> before = describe(target, TARGET);

        for (String mode : List.of("append", "replace")) {
            assertThatThrownBy(() -> run(pipeline(target, mode, "freeze")))
                    .isInstanceOf(ValidationException.class)
                    .hasMessageContaining("Cannot load into table " + TARGET + " (schema: freeze)")
                    .hasMessageContaining("new column price DECIMAL(12,2); new column note STRING")
                    .hasMessageContaining("column legacy INTEGER is not in the rows")
                    .hasMessageContaining("column code: table INTEGER, rows STRING(40)");
            assertThat(describe(target, TARGET)).isEqualTo(before);
            assertThat(rows(target, TARGET)).containsExactly("0 5 7");
        }
    }

    @ParameterizedTest
    @EnumSource(Target.class)
    void evolveRefusesValuesThatWouldNotFitAndChangesNothing(Target target) throws Exception {
        execute(target, "CREATE TABLE " + TARGET + " (id INTEGER NOT NULL, code INTEGER)");
        List<String> before = describe(target, TARGET);

        assertThatThrownBy(() -> run(pipeline(target, "append", "evolve")))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("column code: table INTEGER, rows STRING(40)");
        assertThat(describe(target, TARGET)).isEqualTo(before);
    }

    @Test
    void aFailedEvolvingAppendOnMySqlDropsTheColumnsItAdded() throws Exception {
        execute(Target.MYSQL, "CREATE TABLE " + TARGET + " (id INTEGER NOT NULL PRIMARY KEY, code VARCHAR(60))");
        execute(Target.MYSQL, "INSERT INTO " + TARGET + " VALUES (1, 'taken')");
        List<String> before = describe(Target.MYSQL, TARGET);

        assertThatThrownBy(() -> run(pipeline(Target.MYSQL, "append", "evolve"))).hasMessageContaining("Duplicate");

        assertThat(describe(Target.MYSQL, TARGET)).isEqualTo(before);
        assertThat(rows(Target.MYSQL, TARGET)).containsExactly("1 taken");
    }

    // ---------------------------------------------------------------- pipeline and run

    private String pipeline(Target target, String mode, String schema) {
        String to = switch (target) {
            case MYSQL -> "to: mysql";
            case SUPABASE -> "to: supabase";
            case DUCKDB -> "to: duckdb\n    path: out/faith.duckdb";
        };
        return """
                # osiris-pipeline-v2
                name: faith_pipeline
                extract:
                  - id: src
                    source: mysql
                    table: %s
                load:
                  - id: save
                    from: src
                    %s
                    table: %s
                    mode: %s
                    schema: %s
                """.formatted(SOURCE, to, TARGET, mode, schema);
    }

    private RunReport run(String yaml) throws Exception {
        Path file = dir.resolve(ConfigLoader.FILE_NAME);
        Files.writeString(file, """
                version: 1
                connections:
                  mysql:
                    default:
                      jdbc_url: "%s"
                  supabase:
                    default:
                      jdbc_url: "%s"
                """.formatted(TestDatabases.mysqlUrl(), TestDatabases.postgresUrl()), StandardCharsets.UTF_8);
        OsirisConfig config = ConfigLoader.load(file, Map.of());
        Files.createDirectories(dir.resolve("out"));
        try (PipelineRunner runner = PipelineRunner.builder().config(config).workingDirectory(dir)
                .tempDirectory(dir.resolve("tmp")).build()) {
            return runner.run(Pipelines.parser().parse(yaml, "faith.yaml"));
        }
    }

    // ---------------------------------------------------------------- the targets' catalogs

    private Connection connection(Target target) throws SQLException {
        return switch (target) {
            case MYSQL -> mysql;
            case SUPABASE -> postgres;
            case DUCKDB -> DriverManager.getConnection("jdbc:duckdb:" + dir.resolve("out/faith.duckdb"));
        };
    }

    private void execute(Target target, String sql) throws Exception {
        Files.createDirectories(dir.resolve("out"));
        Connection c = connection(target);
        try (Statement st = c.createStatement()) {
            st.execute(sql);
        } finally {
            if (target == Target.DUCKDB) {
                c.close();
            }
        }
    }

    /** {@code name type not null|null} per column, in order, types as the catalog spells them. */
    private List<String> describe(Target target, String table) throws SQLException {
        String sql = switch (target) {
            case MYSQL -> "SELECT COLUMN_NAME, COLUMN_TYPE, IS_NULLABLE FROM information_schema.COLUMNS"
                    + " WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ? ORDER BY ORDINAL_POSITION";
            case SUPABASE -> "SELECT a.attname, format_type(a.atttypid, a.atttypmod), CASE WHEN a.attnotnull"
                    + " THEN 'NO' ELSE 'YES' END FROM pg_attribute a WHERE a.attrelid = to_regclass(?)"
                    + " AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum";
            case DUCKDB -> "SELECT column_name, data_type, CASE WHEN is_nullable THEN 'YES' ELSE 'NO' END"
                    + " FROM duckdb_columns() WHERE table_name = ? ORDER BY column_index";
        };
        Connection c = connection(target);
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, table);
            List<String> columns = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    columns.add(rs.getString(1) + " " + rs.getString(2).toLowerCase(java.util.Locale.ROOT)
                            + ("NO".equals(rs.getString(3)) ? " not null" : " null"));
                }
            }
            return columns;
        } finally {
            if (target == Target.DUCKDB) {
                c.close();
            }
        }
    }

    private List<String> primaryKey(Target target, String table) throws SQLException {
        String sql = switch (target) {
            case MYSQL -> "SELECT COLUMN_NAME FROM information_schema.KEY_COLUMN_USAGE WHERE TABLE_SCHEMA = DATABASE()"
                    + " AND TABLE_NAME = ? AND CONSTRAINT_NAME = 'PRIMARY' ORDER BY ORDINAL_POSITION";
            case SUPABASE -> "SELECT a.attname FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid"
                    + " AND a.attnum = ANY (i.indkey) WHERE i.indrelid = to_regclass(?) AND i.indisprimary";
            case DUCKDB -> "SELECT unnest(constraint_column_names) FROM duckdb_constraints() WHERE table_name = ?"
                    + " AND constraint_type = 'PRIMARY KEY'";
        };
        Connection c = connection(target);
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, table);
            List<String> key = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    key.add(rs.getString(1));
                }
            }
            return key;
        } finally {
            if (target == Target.DUCKDB) {
                c.close();
            }
        }
    }

    /** Every row as its values joined by spaces, ordered by the first column. */
    private List<String> rows(Target target, String table) throws SQLException {
        Connection c = connection(target);
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT * FROM " + table + " ORDER BY 1")) {
            List<String> rows = new ArrayList<>();
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<String> values = new ArrayList<>();
                for (int i = 1; i <= n; i++) {
                    // The columns a test compares: a trailing NULL note is left out.
                    if (i == 4 && rs.getObject(i) == null) {
                        continue;
                    }
                    values.add(String.valueOf(rs.getObject(i)));
                }
                rows.add(String.join(" ", values));
            }
            return rows;
        } finally {
            if (target == Target.DUCKDB) {
                c.close();
            }
        }
    }

    private static String integer(Target target) {
        return switch (target) {
            case MYSQL -> "int(11)";
            case SUPABASE -> "integer";
            case DUCKDB -> "integer";
        };
    }

    private static String varchar(Target target, int n) {
        return switch (target) {
            case MYSQL -> "varchar(" + n + ")";
            case SUPABASE -> "character varying(" + n + ")";
            // DuckDB keeps no length on VARCHAR.
            case DUCKDB -> "varchar";
        };
    }

    private static String decimal(Target target) {
        return target == Target.SUPABASE ? "numeric(12,2)" : "decimal(12,2)";
    }

    private static String text(Target target) {
        return switch (target) {
            case MYSQL -> "longtext";
            case SUPABASE -> "text";
            case DUCKDB -> "varchar";
        };
    }
}
