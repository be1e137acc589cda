package io.osiris.core.duckdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.osiris.api.ValidationException;
import io.osiris.api.connector.Connector;
import io.osiris.api.connector.ConnectorConfig;
import io.osiris.api.connector.LoadRequest;
import io.osiris.api.connector.SchemaPolicy;
import io.osiris.api.connector.WriteMode;
import io.osiris.api.data.ColumnInfo;
import io.osiris.api.data.ColumnType;
import io.osiris.api.data.RowSchema;
import io.osiris.api.data.RowStream;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A DuckDB file's existing table, loaded under each schema policy. */
class DuckDbSchemaPolicyTest {
    private static final RowSchema ROWS = RowSchema.of(new ColumnInfo("code", ColumnType.string(40), false),
            new ColumnInfo("id", ColumnType.INTEGER, false), new ColumnInfo("price", ColumnType.decimal(12, 2)));

    @TempDir
    Path dir;

    private Connector duckdb;

    @BeforeEach
    void open() throws SQLException {
        duckdb = new DuckDbConnectorProvider().open(new ConnectorConfig("duckdb", "default",
                Map.of("path", dir.resolve("t.duckdb").toString())));
        execute("CREATE TABLE t (id INTEGER PRIMARY KEY, code VARCHAR, legacy INTEGER DEFAULT 7)");
        execute("INSERT INTO t VALUES (0, 'kept', 1)");
    }

    @AfterEach
    void close() {
        duckdb.close();
    }

    private void execute(String sql) throws SQLException {
        try (Connection c = ((DuckDbConnector) duckdb).connect(true); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private List<String> query(String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = ((DuckDbConnector) duckdb).connect(true); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                List<String> row = new ArrayList<>();
                for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                    row.add(String.valueOf(rs.getObject(i)));
                }
                out.add(String.join(" ", row));
            }
        }
        return out;
    }

    private void load(WriteMode mode, SchemaPolicy policy) {
        duckdb.loader().orElseThrow().load(new LoadRequest("t", mode, List.of(), policy), RowStream.of(ROWS,
                List.of(List.of("A-1", 1, new java.math.BigDecimal("10.50")), Arrays.asList("B-2", 2, null))));
    }

    private List<String> columns() throws SQLException {
        return query("SELECT column_name || ' ' || data_type FROM duckdb_columns() WHERE table_name = 't'"
                + " ORDER BY column_index");
    }

    @Test
    void evolveAddsTheNewColumnAndFillsColumnsTheRowsLackByName() throws SQLException {
        load(WriteMode.APPEND, SchemaPolicy.EVOLVE);

        assertThat(columns()).containsExactly("id INTEGER", "code VARCHAR", "legacy INTEGER", "price DECIMAL(12,2)");
        assertThat(query("SELECT * FROM t ORDER BY id")).containsExactly("0 kept 1 null", "1 A-1 7 10.50",
                "2 B-2 7 null");
    }

    @Test
    void freezeFailsWithTheDifferenceAndLeavesTheTableAsItWas() throws SQLException {
        for (WriteMode mode : List.of(WriteMode.APPEND, WriteMode.REPLACE)) {
            assertThatThrownBy(() -> load(mode, SchemaPolicy.FREEZE))
                    .isInstanceOf(ValidationException.class)
                    .hasMessageContaining("Cannot load into table t (schema: freeze)")
                    .hasMessageContaining("new column price DECIMAL(12,2); column legacy INTEGER is not in the rows");
            assertThat(columns()).containsExactly("id INTEGER", "code VARCHAR", "legacy INTEGER");
            assertThat(query("SELECT * FROM t")).containsExactly("0 kept 1");
        }
    }

    @Test
    void replaceIntoAnotherShapeTakesTheRowsShapeAndKeepsTheKey() throws SQLException {
        load(WriteMode.REPLACE, SchemaPolicy.EVOLVE);

        assertThat(columns()).containsExactly("code VARCHAR", "id INTEGER", "price DECIMAL(12,2)");
        assertThat(query("SELECT unnest(constraint_column_names) FROM duckdb_constraints() WHERE table_name = 't'"
                + " AND constraint_type = 'PRIMARY KEY'")).containsExactly("id");
        assertThat(query("SELECT * FROM t ORDER BY id")).containsExactly("A-1 1 10.50", "B-2 2 null");
    }

    @Test
    void aFailedEvolvingLoadTakesTheAddedColumnBack() throws SQLException {
        execute("INSERT INTO t VALUES (1, 'taken', 1)");

        assertThatThrownBy(() -> load(WriteMode.APPEND, SchemaPolicy.EVOLVE)).hasMessageContaining("the table is unchanged");

        assertThat(columns()).containsExactly("id INTEGER", "code VARCHAR", "legacy INTEGER");
        assertThat(query("SELECT count(*) FROM t")).containsExactly("2");
    }
}
