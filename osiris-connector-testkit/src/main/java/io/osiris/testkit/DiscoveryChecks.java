package io.osiris.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.osiris.api.OsirisException;
import io.osiris.api.connector.ConnectorProvider;
import io.osiris.api.connector.Extraction;
import io.osiris.api.connector.LoadRequest;
import io.osiris.api.connector.TableInfo;
import io.osiris.api.connector.TableKind;
import io.osiris.api.connector.TableSummary;
import io.osiris.api.connector.WriteMode;
import io.osiris.api.data.ColumnInfo;
import io.osiris.api.data.ColumnType;
import io.osiris.api.data.RowSchema;
import io.osiris.api.data.RowStream;
import io.osiris.api.data.TypeKind;
import java.util.List;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

/**
 * The registration and discovery part of the contract: the provider found through
 * {@link java.util.ServiceLoader}, tables and their columns, keys (NOT NULL), samples, and
 * describing without reading rows.
 */
public abstract class DiscoveryChecks extends ConnectorKitBase {
    DiscoveryChecks() {
    }

    // ---------------------------------------------------------------- registration

    @Test
    void providerIsFoundThroughServiceLoaderWithItsConfigKeys() {
        ConnectorProvider provider = provider(connectorConfig().type());
        assertThat(provider.description()).isNotBlank();
        assertThat(provider.configKeys()).isNotEmpty();
        assertThat(connector().type()).isIn(allTypes(provider));
    }

    @Test
    void pingSucceeds() {
        connector().ping();
    }

    // ---------------------------------------------------------------- discovery

    /** Creates {@link #PARENT} (3 rows) and {@link #CHILD} with a foreign key to it. */
    protected void createDiscoveryFixture() {
        dropTable(CHILD);
        dropTable(PARENT);
        execute("CREATE TABLE " + q(PARENT) + " (id INTEGER NOT NULL PRIMARY KEY, name VARCHAR(50) NOT NULL)");
        execute("CREATE TABLE " + q(CHILD) + " (id INTEGER NOT NULL PRIMARY KEY, parent_id INTEGER, "
                + "note VARCHAR(100), FOREIGN KEY (parent_id) REFERENCES " + q(PARENT) + " (id))");
        execute("INSERT INTO " + q(PARENT) + " (id, name) VALUES (1, 'alpha'), (2, 'beta'), (3, 'gamma')");
        execute("INSERT INTO " + q(CHILD) + " (id, parent_id, note) VALUES (10, 1, 'first'), (11, NULL, NULL)");
    }

    @Test
    void discoveryListsTablesWithKinds() {
        createDiscoveryFixture();
        List<TableSummary> tables = connector().discovery().listTables();
        assertThat(tables).extracting(TableSummary::name).contains(PARENT, CHILD);
        assertThat(tables).filteredOn(t -> t.name().equals(PARENT))
                .singleElement().extracting(TableSummary::kind).isEqualTo(TableKind.TABLE);
    }

    @Test
    void discoveryDescribesColumnsKeysAndSamples() {
        createDiscoveryFixture();
        TableInfo parent = connector().discovery().getTableInfo(PARENT);
        assertThat(parent.name()).isEqualTo(PARENT);
        assertThat(parent.columns()).extracting(ColumnInfo::name).containsExactly("id", "name");
        assertThat(parent.columns().get(0).type().kind()).isIn(TypeKind.INTEGER, TypeKind.BIGINT);
        assertThat(parent.columns().get(0).nullable()).isFalse();
        assertThat(parent.columns().get(1).type().kind()).isEqualTo(TypeKind.STRING);
        assertThat(parent.primaryKey()).containsExactly("id");
        assertThat(parent.sampleRows()).hasSize(3);
        assertThat(parent.sampleRows()).extracting(r -> r.get(1)).containsExactlyInAnyOrder("alpha", "beta", "gamma");

        TableInfo child = connector().discovery().getTableInfo(CHILD);
        assertThat(child.columns()).extracting(ColumnInfo::name).containsExactly("id", "parent_id", "note");
        assertThat(child.columns().get(2).nullable()).isTrue();
        if (hasBehavior(Behavior.FOREIGN_KEYS)) {
            assertThat(child.foreignKeys()).singleElement().satisfies(fk -> {
                assertThat(fk.columns()).containsExactly("parent_id");
                assertThat(fk.referencedTable()).endsWith(PARENT);
                assertThat(fk.referencedColumns()).containsExactly("id");
            });
        }
    }

    @Test
    void discoverySamplesAtMostTheLimit() {
        createDiscoveryFixture();
        assertThat(connector().discovery().sampleRows(PARENT, 2)).hasSize(2);
        assertThat(connector().discovery().getTableInfo(PARENT, 0).sampleRows()).isEmpty();
    }

    @Test
    void describingAnUnknownTableNamesIt() {
        assertThatThrownBy(() -> connector().discovery().getTableInfo("osiris_kit_no_such_table"))
                .isInstanceOf(OsirisException.class)
                .hasMessageContaining("osiris_kit_no_such_table");
    }

    // ---------------------------------------------------------------- keys are NOT NULL

    @Test
    void primaryKeyColumnsAreReportedNotNull() {
        createKeyedFixture();
        TableInfo keyed = connector().discovery().getTableInfo(KEYED, 0);
        assertThat(keyed.primaryKey()).as("primary key of %s", KEYED).containsExactly("id");
        assertNotNull(KEYED + " (id INTEGER PRIMARY KEY) in getTableInfo", keyed.columns(), List.of("id"));
        assertThat(keyed.columns().get(1).nullable()).as("%s.name, which may be NULL", KEYED).isTrue();
        TableInfo composite = connector().discovery().getTableInfo(COMPOSITE, 0);
        assertThat(composite.primaryKey()).as("primary key of %s", COMPOSITE).containsExactly("a", "b");
        assertNotNull(COMPOSITE + " (PRIMARY KEY (a, b)) in getTableInfo", composite.columns(), List.of("a", "b"));
        assertNotNull(KEYED + " in extractor().describe", connector().extractor()
                .describe(new Extraction.Table(KEYED)).columns(), List.of("id"));
        assertNotNull(COMPOSITE + " in extractor().describe", connector().extractor()
                .describe(new Extraction.Table(COMPOSITE)).columns(), List.of("a", "b"));
    }

    @Test
    void aKeyLoadedAsNullableIsReportedNotNull() {
        assumeTrue(hasBehavior(Behavior.WRITE), "connector does not write");
        dropTable(KEYED);
        RowSchema nullableKey = RowSchema.of(new ColumnInfo("id", ColumnType.INTEGER, true),
                new ColumnInfo("name", ColumnType.string(20)));
        loader().load(new LoadRequest(KEYED, WriteMode.UPSERT, List.of("id")),
                RowStream.of(nullableKey, List.of(List.of(1, "one"))));
        TableInfo keyed = connector().discovery().getTableInfo(KEYED, 0);
        assertThat(keyed.primaryKey()).as("primary key of %s, created by an upsert on id", KEYED)
                .containsExactly("id");
        assertNotNull(KEYED + " created by an upsert on id", keyed.columns(), List.of("id"));
    }

    private static void assertNotNull(String where, List<ColumnInfo> columns, List<String> keys) {
        for (String key : keys) {
            ColumnInfo column = columns.stream().filter(c -> c.name().equals(key)).findFirst()
                    .orElseThrow(() -> new AssertionError(where + ": no column " + key + " in " + columns));
            if (column.nullable()) {
                fail("%s: key column %s is reported nullable. A primary-key column can never be NULL: report it"
                        + " NOT NULL (ColumnInfo.nullable() false) even when the DDL did not say NOT NULL"
                        + " (SQLite's INTEGER PRIMARY KEY, a composite key).", where, key);
            }
        }
    }

    // ---------------------------------------------------------------- describing reads no rows

    /**
     * Describing a table or a query, listing tables and describing columns without samples must
     * not read rows: shown on a table whose rows fail when read, or by the connector's read count.
     */
    @Test
    void describingAndDiscoveryReadNoRows() {
        boolean unreadable = createUnreadableTable();
        String table = unreadable ? UNREADABLE : PARENT;
        if (!unreadable) {
            createDiscoveryFixture();
        }
        try {
            assumeTrue(unreadable || readCount() >= 0,
                    "connector has no unreadable table (createUnreadableTable) and no read count (readCount)");
            assertDescribingReadsNoRows(table, unreadable);
        } finally {
            if (unreadable) {
                dropUnreadableTable();
            }
        }
    }

    private void assertDescribingReadsNoRows(String table, boolean unreadable) {
        if (unreadable) {
            Throwable read = catchThrowable(() -> Values.readAll(connector().extractor()
                    .extract(new Extraction.Table(tableRef(table)))));
            assertThat(read).as("reading the rows of %s, which createUnreadableTable() must make fail", table)
                    .isNotNull();
        }
        long before = readCount();
        String failing = "%s, whose rows fail when read: %s must not read rows";
        RowSchema described = describeQuietly(() -> connector().extractor().describe(
                new Extraction.Table(tableRef(table))), failing, table, "extractor().describe(Table)");
        assertThat(described.names()).as("describe of %s", table).containsExactly("id", "name");
        if (hasBehavior(Behavior.QUERY)) {
            RowSchema query = describeQuietly(() -> connector().extractor().describe(
                    new Extraction.Query("SELECT id, name FROM " + q(table))), failing, table,
                    "extractor().describe(Query)");
            assertThat(query.names()).as("describe of a query on %s", table).containsExactly("id", "name");
        }
        TableInfo info = describeQuietly(() -> connector().discovery().getTableInfo(tableRef(table), 0), failing,
                table, "discovery().getTableInfo(table, 0)");
        assertThat(info.columns()).extracting(ColumnInfo::name).as("columns of %s", table)
                .containsExactly("id", "name");
        List<TableSummary> tables = describeQuietly(() -> connector().discovery().listTables(), failing, table,
                "discovery().listTables()");
        assertThat(tables).extracting(TableSummary::name).as("tables listed").contains(table);
        if (before >= 0) {
            assertThat(readCount()).as("the connector's read count after describing %s and listing tables:"
                    + " describing must not read rows", table).isEqualTo(before);
        }
    }

    private static <T> T describeQuietly(java.util.function.Supplier<T> describe, String message, String table,
            String call) {
        try {
            return describe.get();
        } catch (RuntimeException e) {
            throw new AssertionError(String.format(message, table, call) + " (it failed: " + e.getMessage() + ")",
                    e);
        }
    }
}
