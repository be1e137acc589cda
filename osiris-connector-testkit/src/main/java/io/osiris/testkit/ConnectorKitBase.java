package io.osiris.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.osiris.api.OsirisException;
import io.osiris.api.connector.SqlDialect;
import io.osiris.api.connector.Connector;
import io.osiris.api.connector.ConnectorConfig;
import io.osiris.api.connector.ConnectorProvider;
import io.osiris.api.connector.Extraction;
import io.osiris.api.connector.ILoader;
import io.osiris.api.connector.LoadRequest;
import io.osiris.api.connector.LoadResult;
import io.osiris.api.connector.WriteMode;
import io.osiris.api.data.ColumnInfo;
import io.osiris.api.data.ColumnType;
import io.osiris.api.data.RowSchema;
import io.osiris.api.data.RowStream;
import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.ServiceLoader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInstance;
import org.opentest4j.TestAbortedException;

/**
 * What every part of the contract shares: the hooks a connector's test overrides, the
 * connector opened once for the class, and the kit's helpers. Authors extend
 * {@link ConnectorContractTest}, never this class.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class ConnectorKitBase {
    /**
     * The prefix of every table the kit creates: {@code osiris_kit_}, or the system property
     * {@code osiris.kit.prefix}, so runs sharing one database can keep apart.
     */
    protected static final String PREFIX = System.getProperty("osiris.kit.prefix", "osiris_kit_");
    /** The discovery fixture's parent table (3 rows), which {@link #CHILD} references. */
    protected static final String PARENT = PREFIX + "parent";
    /** The discovery fixture's child table, with a foreign key to {@link #PARENT}. */
    protected static final String CHILD = PREFIX + "child";
    /** The table of every portable type. */
    protected static final String TYPES = PREFIX + "types";
    /** The small {@code id, name} table of the write checks. */
    protected static final String WRITES = PREFIX + "writes";
    /** The tables of {@link #createKeyedFixture()}: a one-column and a two-column primary key. */
    protected static final String KEYED = PREFIX + "keyed";
    /** See {@link #KEYED}. */
    protected static final String COMPOSITE = PREFIX + "composite";
    /** The table (or view) of {@link #createUnreadableTable()}, and the table it reads, if any. */
    protected static final String UNREADABLE = PREFIX + "unreadable";
    /** See {@link #UNREADABLE}. */
    protected static final String GUARDED = PREFIX + "guarded";

    ConnectorKitBase() {
    }

    private Connector connector;
    private String unavailable;

    /**
     * How to reach the test database. Skip (or fail, when required) with
     * {@link TestDatabases#abortOrFail(String)} when it does not answer.
     */
    protected abstract ConnectorConfig connectorConfig();

    /** Runs one DDL or DML statement on the test database, outside the connector under test. */
    protected abstract void execute(String sql);

    /** Whether the connector has a capability; all by default. */
    protected boolean hasBehavior(Behavior behavior) {
        return true;
    }

    /**
     * The configuration with a wrong password, for {@link Behavior#CREDENTIALS}. The default
     * replaces {@code password} with a recognisable wrong one.
     */
    protected ConnectorConfig wrongCredentialsConfig() {
        ConnectorConfig config = connectorConfig();
        Map<String, String> props = new java.util.HashMap<>(config.properties());
        props.put("password", WRONG_PASSWORD);
        return new ConnectorConfig(config.type(), config.name(), props);
    }

    /** The wrong password {@link #wrongCredentialsConfig()} uses; it must never appear in a message. */
    protected static final String WRONG_PASSWORD = "Wr0ng-Kit-Passw0rd";

    /** The type a column of {@code written} type reads back as; the same by default. */
    protected ColumnType roundTripType(ColumnType written) {
        return written;
    }

    /** Rows for the streaming test; at least a million by default. */
    protected long streamingRows() {
        return 1_000_000;
    }

    /** The heap the streaming child process gets. */
    protected String streamingHeap() {
        return "64m";
    }

    /** The connector under test, opened once for the class. */
    protected final Connector connector() {
        return connector;
    }

    @BeforeAll
    void openConnector() {
        try {
            ConnectorConfig config = connectorConfig();
            connector = provider(config.type()).open(config);
        } catch (TestAbortedException e) {
            // No database here: skip each test with the reason, so reports count them as skipped.
            unavailable = e.getMessage();
        }
    }

    @BeforeEach
    void skipWithoutDatabase() {
        if (unavailable != null) {
            Assumptions.abort(unavailable);
        }
    }

    @AfterAll
    void closeConnector() {
        if (connector != null) {
            connector.close();
        }
    }

    // ---------------------------------------------------------------- hooks of the newer checks

    /**
     * Creates {@link #KEYED} ({@code id INTEGER PRIMARY KEY, name}), with no explicit
     * {@code NOT NULL} on the key, and {@link #COMPOSITE} ({@code a, b, v} with
     * {@code PRIMARY KEY (a, b)}). The default runs DDL through {@link #execute(String)}; a
     * connector without SQL writes them its own way, declaring the key columns nullable where it
     * can, since the point is that discovery reports key columns NOT NULL whatever was written.
     */
    protected void createKeyedFixture() {
        dropTable(KEYED);
        dropTable(COMPOSITE);
        execute("CREATE TABLE " + q(KEYED) + " (id INTEGER PRIMARY KEY, name VARCHAR(20))");
        execute("CREATE TABLE " + q(COMPOSITE) + " (a INTEGER, b VARCHAR(10), v INTEGER, PRIMARY KEY (a, b))");
    }

    /**
     * Creates {@link #UNREADABLE} with columns {@code id} and {@code name}, whose rows cannot be
     * read without failing, and answers true; or answers false when the connector cannot have
     * such a table (then {@link #readCount()} must prove describing reads nothing). The default
     * makes a view whose filter raises at run time ("more than one row returned by a subquery")
     * over {@link #GUARDED}, a table with two rows, so only preparing it succeeds.
     */
    protected boolean createUnreadableTable() {
        execute("DROP VIEW IF EXISTS " + q(UNREADABLE));
        dropTable(GUARDED);
        execute("CREATE TABLE " + q(GUARDED) + " (id INTEGER, name VARCHAR(20))");
        execute("INSERT INTO " + q(GUARDED) + " (id, name) VALUES (1, 'one'), (2, 'two')");
        execute("CREATE VIEW " + q(UNREADABLE) + " AS SELECT id, name FROM " + q(GUARDED)
                + " WHERE id > (SELECT 0 UNION ALL SELECT 1)");
        return true;
    }

    /**
     * Drops what {@link #createUnreadableTable()} made, so no other test listing and sampling the
     * database's tables trips over it. The default drops the view and {@link #GUARDED}.
     */
    protected void dropUnreadableTable() {
        execute("DROP VIEW IF EXISTS " + q(UNREADABLE));
        dropTable(GUARDED);
    }

    /**
     * How many times the connector has read rows so far, for connectors that count them (a
     * statement log, a read counter), or -1 when it does not say. Describing must not move it.
     */
    protected long readCount() {
        return -1;
    }

    /**
     * Queries that try to write to {@code table} (quoted), which an extraction must refuse or
     * run read-only. The defaults: {@code INSERT}, {@code UPDATE}, {@code DELETE}; on PostgreSQL a
     * data-modifying {@code WITH}; on PostgreSQL and MySQL a call of a function ({@link #SMUGGLER},
     * created here through {@link #execute(String)}) that inserts a row. Add your dialect's own.
     */
    protected List<String> writingQueries(String table) {
        List<String> queries = new ArrayList<>(List.of(
                "INSERT INTO " + table + " (id, name) VALUES (99, 'smuggled')",
                "UPDATE " + table + " SET name = 'smuggled'",
                "DELETE FROM " + table));
        String function = q(SMUGGLER);
        SqlDialect base = connector().dialect().base();
        if (base == SqlDialect.POSTGRES) {
            queries.add("WITH w AS (INSERT INTO " + table + " (id, name) VALUES (99, 'smuggled') RETURNING id)"
                    + " SELECT id FROM w");
            execute("CREATE OR REPLACE FUNCTION " + function + "() RETURNS integer LANGUAGE sql AS $$ INSERT INTO "
                    + table + " (id, name) VALUES (98, 'by a function'); SELECT 1 $$");
            queries.add("SELECT " + function + "()");
        } else if (base == SqlDialect.MYSQL) {
            execute("DROP FUNCTION IF EXISTS " + function);
            execute("CREATE FUNCTION " + function + "() RETURNS INT MODIFIES SQL DATA BEGIN INSERT INTO " + table
                    + " (id, name) VALUES (98, 'by a function'); RETURN 1; END");
            queries.add("SELECT " + function + "()");
        }
        // Other dialects: no function with side effects the kit knows how to write.
        return queries;
    }

    /** The function with side effects {@link #writingQueries(String)} creates on PostgreSQL and MySQL. */
    protected static final String SMUGGLER = PREFIX + "smuggler";

    /**
     * An extraction that would run far longer than the cancel check waits, for
     * {@link Behavior#CANCEL}. The default: with {@link Behavior#QUERY}, a cross join of ten
     * digits nine times (10^9 rows, produced as read); else the table of
     * {@link #prepareLargeTable(long)} with {@link #streamingRows()} rows.
     */
    protected Extraction longExtraction() {
        if (hasBehavior(Behavior.QUERY)) {
            String digits = "(SELECT 0 AS d UNION ALL SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL"
                    + " SELECT 4 UNION ALL SELECT 5 UNION ALL SELECT 6 UNION ALL SELECT 7 UNION ALL SELECT 8"
                    + " UNION ALL SELECT 9)";
            StringBuilder sql = new StringBuilder("SELECT d1.d AS n FROM ");
            for (int i = 1; i <= 9; i++) {
                sql.append(i == 1 ? "" : " CROSS JOIN ").append(digits).append(" d").append(i);
            }
            return new Extraction.Query(sql.toString());
        }
        return new Extraction.Table(prepareLargeTable(streamingRows()));
    }

    /**
     * How the kit names {@code table} to the connector (in extractions, loads and discovery). A
     * dot in a name means {@code schema.table}, so the default quotes a name with a dot in it in
     * the connector's dialect ({@code "a.b"}), which a connector with schemas must accept; a
     * connector without schemas, for which a dot is just a character, returns the name as is.
     */
    protected String tableRef(String table) {
        return table.indexOf('.') >= 0 ? q(table) : table;
    }

    /**
     * Table names for the odd-identifier matrix: quotes, backticks, spaces, a dot, mixed case,
     * Unicode and a reserved word. Narrow it for names your source cannot hold (say which, and
     * why, in a comment); an empty list skips the check.
     */
    protected List<String> oddTableNames() {
        return List.of(PREFIX + "dq\"uote", PREFIX + "back`tick", PREFIX + "with space", PREFIX + "dot.ted",
                PREFIX + "MixedCase", PREFIX + "ünïcødé_日本", "select");
    }

    /** Column names for the odd-identifier matrix; the same kinds as {@link #oddTableNames()}. */
    protected List<String> oddColumnNames() {
        return List.of("dq\"uote", "back`tick", "with space", "dot.ted", "MixedCase", "ünïcødé_日本", "select",
                "from", "order");
    }

    /**
     * Makes a table of {@code rows} rows whose first column is a number, and returns its name.
     * The default loads generated rows through the connector's loader, once: a table that
     * already has the rows is reused.
     */
    protected String prepareLargeTable(long rows) {
        String table = PREFIX + "stream_" + rows;
        if (hasBehavior(Behavior.QUERY)) {
            try {
                List<List<Object>> count = Values.readAll(connector().extractor()
                        .extract(new Extraction.Query("SELECT COUNT(*) FROM " + q(table))));
                if (((Number) count.get(0).get(0)).longValue() == rows) {
                    return table;
                }
            } catch (OsirisException e) {
                // not there yet: create it below
            }
        }
        dropTable(table);
        RowSchema schema = RowSchema.of(
                new ColumnInfo("id", ColumnType.BIGINT, false),
                new ColumnInfo("name", ColumnType.string(40)),
                new ColumnInfo("amount", ColumnType.decimal(12, 2)),
                new ColumnInfo("created_at", ColumnType.TIMESTAMP));
        LocalDateTime base = LocalDateTime.of(2020, 1, 1, 0, 0);
        Iterator<List<Object>> generated = new Iterator<>() {
            long next = 1;

            @Override
            public boolean hasNext() {
                return next <= rows;
            }

            @Override
            public List<Object> next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                long id = next++;
                return List.of(id, "row number " + id, BigDecimal.valueOf(id % 100_000, 2),
                        base.plusSeconds(id));
            }
        };
        loader().load(new LoadRequest(table, WriteMode.APPEND, List.of("id")), RowStream.of(schema, generated));
        return table;
    }

    // ---------------------------------------------------------------- the kit's small write table

    static final RowSchema WRITE_SCHEMA = RowSchema.of(
            new ColumnInfo("id", ColumnType.INTEGER, false),
            new ColumnInfo("name", ColumnType.string(50)));

    static RowStream writeRows(Object... idNamePairs) {
        List<List<Object>> rows = new ArrayList<>();
        for (int i = 0; i < idNamePairs.length; i += 2) {
            rows.add(Arrays.asList(idNamePairs[i], idNamePairs[i + 1]));
        }
        return RowStream.of(WRITE_SCHEMA, rows);
    }

    final List<List<Object>> readWrites() {
        return Values.sortedByFirstColumn(Values.readAll(connector.extractor()
                .extract(new Extraction.Table(WRITES, List.of("id", "name"), "", 0))));
    }

    static List<List<Object>> rows(Object... idNamePairs) {
        List<List<Object>> rows = new ArrayList<>();
        for (int i = 0; i < idNamePairs.length; i += 2) {
            rows.add(Arrays.asList(idNamePairs[i], idNamePairs[i + 1]));
        }
        return rows;
    }

    final void seedWrites() {
        dropTable(WRITES);
        LoadResult created = loader().load(new LoadRequest(WRITES, WriteMode.APPEND, List.of("id")),
                writeRows(1, "one", 2, "two", 3, "three"));
        assertThat(created).isEqualTo(new LoadResult(3, true));
    }

    /** The connector's loader; fails when it has none but claims {@link Behavior#WRITE}. */
    protected final ILoader loader() {
        Optional<ILoader> loader = connector.loader();
        assertThat(loader).as("loader of a connector with Behavior.WRITE").isPresent();
        return loader.get();
    }

    /** Drops a table if it exists. */
    protected void dropTable(String table) {
        execute("DROP TABLE IF EXISTS " + q(table));
    }

    /** Quotes an identifier in the connector's dialect. */
    protected final String q(String identifier) {
        return connector.dialect().quote(identifier);
    }

    static ConnectorProvider provider(String type) {
        List<ConnectorProvider> found = new ArrayList<>();
        for (ConnectorProvider p : ServiceLoader.load(ConnectorProvider.class)) {
            if (allTypes(p).contains(type)) {
                return p;
            }
            found.add(p);
        }
        throw new AssertionError("no ConnectorProvider of type '" + type + "' through ServiceLoader; found "
                + found.stream().map(ConnectorProvider::type).toList()
                + ". Is it listed in META-INF/services/io.osiris.api.connector.ConnectorProvider?");
    }

    static List<String> allTypes(ConnectorProvider p) {
        List<String> types = new ArrayList<>(p.aliases());
        types.add(p.type());
        return types;
    }
}
