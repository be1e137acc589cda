package io.osiris.connector.memory;

import io.osiris.api.connector.ConnectorConfig;
import io.osiris.api.data.ColumnInfo;
import io.osiris.api.data.ColumnType;
import io.osiris.api.data.RowSchema;
import io.osiris.testkit.Behavior;
import io.osiris.testkit.ConnectorContractTest;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** The connector contract suite, run against the memory connector with its CSV capabilities off. */
class MemoryConnectorContractTest extends ConnectorContractTest {

    /** The connection (and database) name this suite uses. */
    protected String connection() {
        return "contract_plain";
    }

    @Override
    protected ConnectorConfig connectorConfig() {
        return new ConnectorConfig(MemoryConnectorProvider.TYPE, connection(), Map.of());
    }

    @Override
    protected void execute(String sql) {
        throw new UnsupportedOperationException("the memory connector runs no SQL: " + sql);
    }

    @Override
    protected boolean hasBehavior(Behavior behavior) {
        return switch (behavior) {
            case QUERY, WHERE_FILTER, FOREIGN_KEYS, CREDENTIALS -> false;
            default -> true;
        };
    }

    @Override
    protected void dropTable(String table) {
        MemoryDatabase.named(connection()).drop(table);
    }

    @Override
    protected void createDiscoveryFixture() {
        MemoryDatabase db = MemoryDatabase.named(connection());
        db.put(PARENT, new MemoryTable(RowSchema.of(new ColumnInfo("id", ColumnType.INTEGER, false),
                new ColumnInfo("name", ColumnType.string(50), false)),
                List.of(List.of(1, "alpha"), List.of(2, "beta"), List.of(3, "gamma")), List.of("id")));
        db.put(CHILD, new MemoryTable(RowSchema.of(new ColumnInfo("id", ColumnType.INTEGER, false),
                new ColumnInfo("parent_id", ColumnType.INTEGER), new ColumnInfo("note", ColumnType.string(100))),
                List.of(List.of(10, 1, "first"), Arrays.asList(11, null, null)), List.of("id")));
    }

    /** Key columns declared nullable, as a host might: the connector still reports them NOT NULL. */
    @Override
    protected void createKeyedFixture() {
        MemoryDatabase db = MemoryDatabase.named(connection());
        db.put(KEYED, new MemoryTable(RowSchema.of(new ColumnInfo("id", ColumnType.INTEGER),
                new ColumnInfo("name", ColumnType.string(20))), List.of(List.of(1, "one")), List.of("id")));
        db.put(COMPOSITE, new MemoryTable(RowSchema.of(new ColumnInfo("a", ColumnType.INTEGER),
                new ColumnInfo("b", ColumnType.string(10)), new ColumnInfo("v", ColumnType.INTEGER)),
                List.of(List.of(1, "x", 2)), List.of("a", "b")));
    }

    /** Every table's rows are readable; the database's read count shows describing reads none. */
    @Override
    protected boolean createUnreadableTable() {
        return false;
    }

    @Override
    protected void createSplitTable(String table, boolean keyed, List<List<Object>> rows) {
        MemoryDatabase.named(connection()).put(table, new MemoryTable(RowSchema.of(
                new ColumnInfo("id", ColumnType.BIGINT), new ColumnInfo("k", ColumnType.BIGINT),
                new ColumnInfo("name", ColumnType.string(40)), new ColumnInfo("amount", ColumnType.INTEGER)),
                rows, keyed ? List.of("id") : List.of()));
    }

    @Override
    protected long readCount() {
        return MemoryDatabase.named(connection()).reads();
    }

    /** No schemas: a dot is part of a name. */
    @Override
    protected String tableRef(String table) {
        return table;
    }

    @Override
    protected String prepareLargeTable(long rows) {
        // Generated as read, in the probe's own JVM too (the registry is per process).
        return "series_" + rows;
    }
}
