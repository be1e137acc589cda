package io.osiris.connector.supabase;

import io.osiris.api.connector.capability.CsvExport;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.osiris.api.ConnectionException;
import io.osiris.api.ExecutionFailedException;
import io.osiris.api.connector.Connector;
import io.osiris.api.connector.ConnectorConfig;
import io.osiris.api.connector.Extraction;
import io.osiris.api.connector.LoadRequest;
import io.osiris.api.connector.LoadResult;
import io.osiris.api.connector.TableInfo;
import io.osiris.api.connector.TableKind;
import io.osiris.api.connector.TableSummary;
import io.osiris.api.connector.WriteMode;
import io.osiris.api.data.ColumnInfo;
import io.osiris.api.data.ColumnType;
import io.osiris.api.data.RowSchema;
import io.osiris.api.data.RowStream;
import io.osiris.api.data.TypeKind;
import io.osiris.testkit.TestDatabases;
import io.osiris.testkit.Values;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TimeZone;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.opentest4j.TestAbortedException;

/** What the contract suite does not cover: PostgreSQL's own types, schemas, and the write strategies. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PostgresSpecificIT {
    private Connector connector;
    private String unavailable;

    @BeforeAll
    void open() {
        try {
            PostgresTestDatabase.execute("SELECT 1");
        } catch (TestAbortedException e) {
            // No database here: each test is skipped with the reason (see skipWithoutDatabase).
            unavailable = e.getMessage();
            return;
        }
        PostgresTestDatabase.execute(
                "DROP SCHEMA IF EXISTS osiris_it CASCADE",
                "CREATE SCHEMA osiris_it",
                "CREATE TYPE osiris_it.mood AS ENUM ('sad', 'ok', 'happy')",
                """
                CREATE TABLE osiris_it.pg_types (
                  id int4 PRIMARY KEY, doc jsonb, raw json, ident uuid, tags text[], grid int4[][], feeling osiris_it.mood,
                  at timestamptz, price numeric(10,4), free numeric, big numeric(50,2), span interval, code char(2),
                  short int2, flag boolean)""",
                "COMMENT ON TABLE osiris_it.pg_types IS 'every odd type'",
                "COMMENT ON COLUMN osiris_it.pg_types.doc IS 'a document'",
                """
                INSERT INTO osiris_it.pg_types VALUES (1, '{"b": [1, 2], "a": null}', '{"x":  1}',
                  'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', ARRAY['red', 'green', NULL, 'with "quote"'],
                  ARRAY[[1, 2], [3, 4]], 'happy', '2024-06-01 12:00:00+02', 12.3400, 1.000000000000000000001,
                  123456789012345678901234567890123456789012345678.90, '1 day 02:00:00', 'NL', -7, true),
                  (2, NULL, NULL, NULL, '{}', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL)""",
                "CREATE VIEW osiris_it.pg_types_view AS SELECT id, feeling FROM osiris_it.pg_types",
                "CREATE MATERIALIZED VIEW osiris_it.pg_types_mat AS SELECT id FROM osiris_it.pg_types");
        connector = new SupabaseConnectorProvider().open(PostgresTestDatabase.config("supabase",
                Map.of("schema", "osiris_it,public")));
    }

    @BeforeEach
    void skipWithoutDatabase() {
        if (unavailable != null) {
            Assumptions.abort(unavailable);
        }
    }

    @AfterAll
    void close() {
        if (unavailable != null) {
            return;
        }
        if (connector != null) {
            connector.close();
        }
        PostgresTestDatabase.execute("DROP SCHEMA IF EXISTS osiris_it CASCADE");
    }

    // ---------------------------------------------------------------- discovery

    @Test
    void discoveryListsTablesViewsAndMaterializedViewsOfTheConfiguredSchemas() {
        List<TableSummary> tables = connector.discovery().listTables();
        assertThat(tables).extracting(TableSummary::name).contains("pg_types", "pg_types_view", "pg_types_mat");
        assertThat(tables).filteredOn(t -> t.name().equals("pg_types_view")).singleElement()
                .extracting(TableSummary::kind).isEqualTo(TableKind.VIEW);
        assertThat(tables).filteredOn(t -> t.name().equals("pg_types_mat")).singleElement()
                .extracting(TableSummary::kind).isEqualTo(TableKind.VIEW);
    }

    @Test
    void discoveryMapsPostgresTypesAndComments() {
        TableInfo info = connector.discovery().getTableInfo("pg_types", 5);
        Map<String, ColumnInfo> c = new HashMap<>();
        info.columns().forEach(col -> c.put(col.name(), col));
        assertThat(info.comment()).isEqualTo("every odd type");
        assertThat(info.primaryKey()).containsExactly("id");
        assertThat(c.get("doc").type()).isEqualTo(ColumnType.JSON);
        assertThat(c.get("doc").comment()).isEqualTo("a document");
        assertThat(c.get("raw").type()).isEqualTo(ColumnType.JSON);
        assertThat(c.get("ident").type()).isEqualTo(ColumnType.UUID);
        assertThat(c.get("tags").type()).isEqualTo(ColumnType.JSON);
        assertThat(c.get("tags").nativeType()).isEqualTo("text[]");
        assertThat(c.get("feeling").type()).isEqualTo(ColumnType.STRING);
        assertThat(c.get("feeling").nativeType()).isEqualTo("osiris_it.mood");
        assertThat(c.get("at").type()).isEqualTo(ColumnType.TIMESTAMP_TZ);
        assertThat(c.get("price").type()).isEqualTo(ColumnType.decimal(10, 4));
        assertThat(c.get("free").type()).isEqualTo(ColumnType.decimal(38, 18));
        assertThat(c.get("big").type()).isEqualTo(ColumnType.STRING);
        assertThat(c.get("span").type()).isEqualTo(ColumnType.STRING);
        assertThat(c.get("code").type()).isEqualTo(ColumnType.string(2));
        assertThat(c.get("short").type()).isEqualTo(ColumnType.SMALLINT);
        assertThat(info.sampleRows()).hasSize(2);
    }

    @Test
    void namesOutsideTheDefaultSchemaAreQualified() {
        PostgresTestDatabase.execute("DROP TABLE IF EXISTS public.osiris_it_public",
                "CREATE TABLE public.osiris_it_public (id int PRIMARY KEY)");
        try {
            assertThat(connector.discovery().listTables()).extracting(TableSummary::name)
                    .contains("public.osiris_it_public").doesNotContain("osiris_it_public");
            assertThat(connector.discovery().getTableInfo("public.osiris_it_public", 0).name())
                    .isEqualTo("public.osiris_it_public");
        } finally {
            PostgresTestDatabase.execute("DROP TABLE public.osiris_it_public");
        }
    }

    @Test
    void anUnknownTableIsNamed() {
        assertThatThrownBy(() -> connector.discovery().getTableInfo("no_such_table"))
                .isInstanceOf(ExecutionFailedException.class).hasMessageContaining("no_such_table");
    }

    // ---------------------------------------------------------------- extraction

    @Test
    void extractionReadsPostgresTypesFaithfully() {
        List<List<Object>> rows = Values.sortedByFirstColumn(Values.readAll(connector.extractor()
                .extract(new Extraction.Table("pg_types"))));
        List<Object> r = rows.get(0);
        assertThat(r.get(1)).isEqualTo("{\"a\": null, \"b\": [1, 2]}");
        assertThat(r.get(2)).isEqualTo("{\"x\":  1}");
        assertThat(r.get(3)).isEqualTo(UUID.fromString("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"));
        assertThat(r.get(4)).isEqualTo("[\"red\", \"green\", null, \"with \\\"quote\\\"\"]");
        assertThat(r.get(5)).isEqualTo("[[1, 2], [3, 4]]");
        assertThat(r.get(6)).isEqualTo("happy");
        assertThat(r.get(7)).isEqualTo(OffsetDateTime.of(2024, 6, 1, 10, 0, 0, 0, ZoneOffset.UTC));
        assertThat(r.get(8)).isEqualTo(new BigDecimal("12.3400"));
        assertThat(r.get(9)).isEqualTo(new BigDecimal("1.000000000000000000001"));
        assertThat(r.get(10)).isEqualTo("123456789012345678901234567890123456789012345678.90");
        assertThat(r.get(11)).isEqualTo("1 day 02:00:00");
        assertThat(r.get(12)).isEqualTo("NL");
        assertThat(r.get(13)).isEqualTo((short) -7);
        assertThat(rows.get(1).get(4)).isEqualTo("[]");
        assertThat(rows.get(1).subList(5, 15)).containsOnlyNulls();
    }

    @Test
    void timestamptzIsUtcWhateverTheSessionZone() {
        TimeZone saved = TimeZone.getDefault();
        // pgjdbc sets the session TimeZone from the JVM's default zone.
        TimeZone.setDefault(TimeZone.getTimeZone("Asia/Kolkata"));
        try (Connector c = new SupabaseConnectorProvider().open(PostgresTestDatabase.config("postgres",
                Map.of("schema", "osiris_it")))) {
            List<List<Object>> rows = Values.readAll(c.extractor().extract(new Extraction.Query(
                    "SELECT current_setting('TimeZone'), at FROM osiris_it.pg_types WHERE id = 1")));
            assertThat(rows.get(0).get(0)).isEqualTo("Asia/Kolkata");
            OffsetDateTime at = (OffsetDateTime) rows.get(0).get(1);
            assertThat(at.getOffset()).isEqualTo(ZoneOffset.UTC);
            assertThat(at).isEqualTo(OffsetDateTime.of(2024, 6, 1, 10, 0, 0, 0, ZoneOffset.UTC));
        } finally {
            TimeZone.setDefault(saved);
        }
    }

    @Test
    void describeTypesAQueryWithoutRunningIt() {
        RowSchema schema = connector.extractor().describe(new Extraction.Query(
                "SELECT id, doc, tags, feeling, at, price, sum(price) OVER () AS total, ident FROM osiris_it.pg_types"));
        assertThat(schema.columns()).extracting(col -> col.type().kind()).containsExactly(TypeKind.INTEGER,
                TypeKind.JSON, TypeKind.JSON, TypeKind.STRING, TypeKind.TIMESTAMP_TZ, TypeKind.DECIMAL,
                TypeKind.DECIMAL, TypeKind.UUID);
        assertThat(schema.column(5).type()).isEqualTo(ColumnType.decimal(10, 4));
        assertThat(schema.column(6).type()).isEqualTo(ColumnType.decimal(38, 18));
    }

    @Test
    void extractionRunsReadOnly() {
        assertThatThrownBy(() -> Values.readAll(connector.extractor().extract(new Extraction.Query(
                "WITH gone AS (DELETE FROM osiris_it.pg_types RETURNING id) SELECT * FROM gone"))))
                .isInstanceOf(ExecutionFailedException.class).hasMessageContaining("read-only");
    }

    @Test
    void aClosedPortFailsAsUnreachable() {
        ConnectorConfig config = new ConnectorConfig("postgres", "closed",
                Map.of("host", "127.0.0.1", "port", "1", "password", "not-shown-123", "connect_timeout", "2"));
        try (Connector c = new SupabaseConnectorProvider().open(config)) {
            assertThatThrownBy(c::ping).isInstanceOf(ConnectionException.class)
                    .hasMessageContaining("cannot reach").hasMessageNotContaining("not-shown-123");
        }
    }

    // ---------------------------------------------------------------- writes

    private static final RowSchema ROWS = RowSchema.of(new ColumnInfo("id", ColumnType.BIGINT, false),
            new ColumnInfo("name", ColumnType.STRING), new ColumnInfo("amount", ColumnType.decimal(12, 2)));

    private static RowStream rows(Object... triples) {
        List<List<Object>> list = new java.util.ArrayList<>();
        for (int i = 0; i < triples.length; i += 3) {
            list.add(Arrays.asList(triples[i], triples[i + 1], triples[i + 2]));
        }
        return RowStream.of(ROWS, list);
    }

    private List<List<Object>> read(String table) {
        return Values.sortedByFirstColumn(Values.readAll(connector.extractor().extract(new Extraction.Table(table))));
    }

    @Test
    void appendEscapesStringsFaithfully() {
        PostgresTestDatabase.execute("DROP TABLE IF EXISTS osiris_it.w_escape");
        String tricky = "tab\there\nnew line\\backslash \\N \\. \r 'quote' \"dq\" ünïcödé 🎬";
        LoadResult result = connector.loader().orElseThrow().load(new LoadRequest("w_escape", WriteMode.APPEND,
                List.of("id")), rows(1L, tricky, new BigDecimal("1.50"), 2L, "", null, 3L, null, new BigDecimal("-0.01")));
        assertThat(result).isEqualTo(new LoadResult(3, true));
        assertThat(read("w_escape")).containsExactly(Arrays.asList(1L, tricky, new BigDecimal("1.50")),
                Arrays.asList(2L, "", null), Arrays.asList(3L, null, new BigDecimal("-0.01")));
    }

    @Test
    void replaceSwapsInTheNewRowsKeepingIndexesKeysAndGrants() {
        PostgresTestDatabase.execute("DROP TABLE IF EXISTS osiris_it.w_replace",
                "CREATE TABLE osiris_it.w_replace (id bigint PRIMARY KEY, name text, amount numeric(12,2))",
                "CREATE INDEX w_replace_name_idx ON osiris_it.w_replace (name)",
                "GRANT SELECT ON osiris_it.w_replace TO PUBLIC",
                "INSERT INTO osiris_it.w_replace VALUES (1, 'old', 1), (2, 'old', 2)");
        LoadResult result = connector.loader().orElseThrow().load(new LoadRequest("w_replace", WriteMode.REPLACE),
                rows(5L, "new", new BigDecimal("5.00")));
        assertThat(result).isEqualTo(new LoadResult(1, false));
        assertThat(read("w_replace")).containsExactly(Arrays.asList(5L, "new", new BigDecimal("5.00")));
        assertThat(Values.readAll(connector.extractor().extract(new Extraction.Query("""
                SELECT string_agg(indexname, ',' ORDER BY indexname) FROM pg_indexes
                WHERE schemaname = 'osiris_it' AND tablename = 'w_replace'""")))).containsExactly(
                List.of("w_replace_name_idx,w_replace_pkey"));
        assertThat(Values.readAll(connector.extractor().extract(new Extraction.Query(
                "SELECT has_table_privilege('public', 'osiris_it.w_replace', 'SELECT')")))).containsExactly(List.of(true));
        assertThat(connector.discovery().getTableInfo("w_replace", 0).primaryKey()).containsExactly("id");
    }

    @Test
    void replaceOfATableWithAViewOnItKeepsTheView() {
        PostgresTestDatabase.execute("DROP TABLE IF EXISTS osiris_it.w_viewed CASCADE",
                "CREATE TABLE osiris_it.w_viewed (id bigint PRIMARY KEY, name text, amount numeric(12,2))",
                "INSERT INTO osiris_it.w_viewed VALUES (1, 'old', 1)",
                "CREATE VIEW osiris_it.w_viewed_names AS SELECT name FROM osiris_it.w_viewed");
        connector.loader().orElseThrow().load(new LoadRequest("w_viewed", WriteMode.REPLACE),
                rows(2L, "new", null, 3L, "newer", null));
        assertThat(Values.readAll(connector.extractor().extract(new Extraction.Table("w_viewed_names"))))
                .extracting(r -> r.get(0)).containsExactlyInAnyOrder("new", "newer");
    }

    @Test
    void aReplaceThatFailsMidLoadLeavesTheOldRows() {
        PostgresTestDatabase.execute("DROP TABLE IF EXISTS osiris_it.w_fail",
                "CREATE TABLE osiris_it.w_fail (id bigint PRIMARY KEY, name text, amount numeric(12,2))",
                "INSERT INTO osiris_it.w_fail VALUES (1, 'kept', 1)");
        Iterator<List<Object>> dying = new Iterator<>() {
            long n;

            @Override
            public boolean hasNext() {
                return true;
            }

            @Override
            public List<Object> next() {
                if (++n > 100_000) {
                    throw new IllegalStateException("network gone");
                }
                return Arrays.asList(n + 10, "x", null);
            }
        };
        assertThatThrownBy(() -> connector.loader().orElseThrow().load(new LoadRequest("w_fail", WriteMode.REPLACE),
                RowStream.of(ROWS, dying))).isInstanceOf(ExecutionFailedException.class)
                .hasMessageContaining("w_fail").hasMessageContaining("network gone");
        assertThat(read("w_fail")).containsExactly(Arrays.asList(1L, "kept", new BigDecimal("1.00")));
        assertThat(connector.discovery().listTables()).extracting(TableSummary::name)
                .noneMatch(n -> n.contains("osiris_new") || n.contains("osiris_old"));
    }

    @Test
    void upsertIntoATableWithoutAUniqueKeyFailsNamingTableAndColumns() {
        PostgresTestDatabase.execute("DROP TABLE IF EXISTS osiris_it.w_nokey",
                "CREATE TABLE osiris_it.w_nokey (id bigint, name text, amount numeric(12,2))",
                "INSERT INTO osiris_it.w_nokey VALUES (1, 'one', 1)");
        assertThatThrownBy(() -> connector.loader().orElseThrow().load(new LoadRequest("w_nokey", WriteMode.UPSERT,
                List.of("id")), rows(1L, "uno", null))).isInstanceOf(ExecutionFailedException.class)
                .hasMessageContaining("w_nokey").hasMessageContaining("[id]").hasMessageContaining("unique index");
        assertThat(read("w_nokey")).hasSize(1);
    }

    @Test
    void upsertAddsTheKeyIndexToATableOsirisCreated() {
        PostgresTestDatabase.execute("DROP TABLE IF EXISTS osiris_it.w_ours");
        var loader = connector.loader().orElseThrow();
        loader.load(new LoadRequest("w_ours", WriteMode.APPEND), rows(1L, "one", null, 2L, "two", null));
        LoadResult result = loader.load(new LoadRequest("w_ours", WriteMode.UPSERT, List.of("id")),
                rows(2L, "TWO", new BigDecimal("2.50"), 3L, "three", null));
        assertThat(result.rowsWritten()).isEqualTo(2);
        assertThat(read("w_ours")).containsExactly(Arrays.asList(1L, "one", null),
                Arrays.asList(2L, "TWO", new BigDecimal("2.50")), Arrays.asList(3L, "three", null));
    }

    @Test
    void upsertWithAKeyRepeatedInOneLoadKeepsTheLastRowForIt() {
        PostgresTestDatabase.execute("DROP TABLE IF EXISTS osiris_it.w_repeat",
                "CREATE TABLE osiris_it.w_repeat (id bigint PRIMARY KEY, name text, amount numeric(12,2))",
                "INSERT INTO osiris_it.w_repeat VALUES (1, 'one', 1), (2, 'two', 2), (5, 'five', 5)");
        LoadResult result = connector.loader().orElseThrow().load(new LoadRequest("w_repeat", WriteMode.UPSERT,
                List.of("id")), rows(2L, "first", new BigDecimal("2.10"), 3L, "a", null, 2L, "second", null,
                4L, "x", new BigDecimal("4.00"), 3L, "b", new BigDecimal("3.00")));
        // One row inserted or updated per distinct key: 2 updated, 3 and 4 inserted.
        assertThat(result).isEqualTo(new LoadResult(3, false));
        assertThat(read("w_repeat")).containsExactly(Arrays.asList(1L, "one", new BigDecimal("1.00")),
                Arrays.asList(2L, "second", null), Arrays.asList(3L, "b", new BigDecimal("3.00")),
                Arrays.asList(4L, "x", new BigDecimal("4.00")), Arrays.asList(5L, "five", new BigDecimal("5.00")));
        assertThat(stagingTables()).isZero();
    }

    @Test
    void upsertWithAKeyRepeatedThreeTimesKeepsTheThird() {
        PostgresTestDatabase.execute("DROP TABLE IF EXISTS osiris_it.w_thrice",
                "CREATE TABLE osiris_it.w_thrice (id bigint PRIMARY KEY, name text, amount numeric(12,2))",
                "INSERT INTO osiris_it.w_thrice VALUES (7, 'old', 7), (8, 'kept', 8)");
        LoadResult result = connector.loader().orElseThrow().load(new LoadRequest("w_thrice", WriteMode.UPSERT,
                List.of("id")), rows(7L, "a", new BigDecimal("1.00"), 7L, "b", new BigDecimal("2.00"), 7L, "c", null));
        assertThat(result).isEqualTo(new LoadResult(1, false));
        assertThat(read("w_thrice")).containsExactly(Arrays.asList(7L, "c", null),
                Arrays.asList(8L, "kept", new BigDecimal("8.00")));
    }

    @Test
    void upsertKeepsTheLastRowPerKeyInArrivalOrderAcrossManyRows() {
        PostgresTestDatabase.execute("DROP TABLE IF EXISTS osiris_it.w_many",
                "CREATE TABLE osiris_it.w_many (id bigint PRIMARY KEY, name text, amount numeric(12,2))",
                "INSERT INTO osiris_it.w_many VALUES (1000, 'kept', 1)");
        List<List<Object>> batch = new ArrayList<>();
        // Far more than one COPY buffer; key i % 100 comes 500 times, last with i = 49_900 + key.
        for (int i = 0; i < 50_000; i++) {
            batch.add(Arrays.asList((long) (i % 100), "row " + i, null));
        }
        LoadResult result = connector.loader().orElseThrow().load(new LoadRequest("w_many", WriteMode.UPSERT,
                List.of("id")), RowStream.of(ROWS, batch));
        assertThat(result).isEqualTo(new LoadResult(100, false));
        List<List<Object>> stored = read("w_many");
        assertThat(stored).hasSize(101);
        for (int key = 0; key < 100; key++) {
            assertThat(stored.get(key)).containsExactly((long) key, "row " + (49_900 + key), null);
        }
        assertThat(stored.get(100)).containsExactly(1000L, "kept", new BigDecimal("1.00"));
    }

    @Test
    void upsertIntoAMissingTableWithARepeatedKeyCreatesItWithTheLastRows() {
        PostgresTestDatabase.execute("DROP TABLE IF EXISTS osiris_it.w_fresh");
        LoadResult result = connector.loader().orElseThrow().load(new LoadRequest("w_fresh", WriteMode.UPSERT,
                List.of("id")), rows(1L, "a", null, 2L, "b", null, 1L, "A", new BigDecimal("1.00")));
        assertThat(result).isEqualTo(new LoadResult(2, true));
        assertThat(read("w_fresh")).containsExactly(Arrays.asList(1L, "A", new BigDecimal("1.00")),
                Arrays.asList(2L, "b", null));
        assertThat(connector.discovery().getTableInfo("w_fresh", 0).primaryKey()).containsExactly("id");
    }

    @Test
    void upsertStagesAroundAColumnNamedLikeItsSequence() {
        RowSchema schema = RowSchema.of(new ColumnInfo("id", ColumnType.BIGINT, false),
                new ColumnInfo("osiris_seq", ColumnType.BIGINT));
        PostgresTestDatabase.execute("DROP TABLE IF EXISTS osiris_it.w_seq",
                "CREATE TABLE osiris_it.w_seq (id bigint PRIMARY KEY, osiris_seq bigint)",
                "INSERT INTO osiris_it.w_seq VALUES (1, 100)");
        LoadResult result = connector.loader().orElseThrow().load(new LoadRequest("w_seq", WriteMode.UPSERT,
                List.of("id")), RowStream.of(schema, List.of(List.of(1L, 3L), List.of(1L, 2L), List.of(2L, 1L))));
        assertThat(result).isEqualTo(new LoadResult(2, false));
        assertThat(read("w_seq")).containsExactly(List.of(1L, 2L), List.of(2L, 1L));
    }

    /** Staging tables of any session: an upsert's must be gone with its transaction. */
    private static long stagingTables() {
        try (Connection c = TestDatabases.connect(TestDatabases.postgresUrl()); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_class WHERE relname = 'osiris_upsert_stage'")) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aConstraintViolationCarriesTheDatabaseMessage() {
        PostgresTestDatabase.execute("DROP TABLE IF EXISTS osiris_it.w_check",
                "CREATE TABLE osiris_it.w_check (id bigint PRIMARY KEY, name text NOT NULL, amount numeric(12,2))");
        assertThatThrownBy(() -> connector.loader().orElseThrow().load(new LoadRequest("w_check", WriteMode.APPEND),
                rows(1L, null, null))).isInstanceOf(ExecutionFailedException.class)
                .hasMessageContaining("w_check").hasMessageContaining("not-null");
    }

    // ---------------------------------------------------------------- CSV copy

    @Test
    void aCsvCopyWritesTheContractsTextForms() {
        var copy = connector.capability(CsvExport.class).orElseThrow().csvCopy(new Extraction.Query(
                "SELECT id, at, price, ident, doc, code, short, flag, '\\x00ff'::bytea AS bin, 1.5::float8 AS f,"
                        + " 'a,\"b\"'::text AS s, ''::text AS e, NULL::text AS n FROM osiris_it.pg_types WHERE id = 1"))
                .orElseThrow();
        assertThat(copy.schema().names()).containsExactly("id", "at", "price", "ident", "doc", "code", "short", "flag",
                "bin", "f", "s", "e", "n");
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        assertThat(copy.writeTo(out)).isEqualTo(1);
        assertThat(out.toString(java.nio.charset.StandardCharsets.UTF_8)).isEqualTo(
                "1,2024-06-01 10:00:00+00,12.3400,a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11,\"{\"\"a\"\": null, \"\"b\"\": [1, 2]}\","
                        + "NL,-7,t,\\x00ff,1.5,\"a,\"\"b\"\"\",\"\",\n");
    }

    @Test
    void aCsvCopyIsOfferedOnlyWhereItsTextIsExact() {
        // Arrays read as JSON, enums and intervals as their text, unconstrained numerics with a scale.
        for (String column : List.of("tags", "feeling", "span", "free", "big")) {
            assertThat(connector.capability(CsvExport.class).orElseThrow().csvCopy(new Extraction.Query("SELECT id, " + column
                    + " FROM osiris_it.pg_types"))).as(column).isEmpty();
        }
        // A limit would need a subquery, whose order PostgreSQL does not promise.
        assertThat(connector.capability(CsvExport.class).orElseThrow().csvCopy(new Extraction.Query("SELECT id FROM osiris_it.pg_types ORDER BY id",
                1))).isEmpty();
        assertThat(connector.capability(CsvExport.class).orElseThrow().csvCopy(new Extraction.Table("osiris_it.pg_types", List.of("id", "code"),
                "id > 0", 0))).isPresent();
    }
}
