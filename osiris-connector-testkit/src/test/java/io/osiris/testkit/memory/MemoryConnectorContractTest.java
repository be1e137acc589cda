package io.osiris.testkit.memory;

import io.osiris.api.connector.ConnectorConfig;
import io.osiris.api.connector.ForeignKey;
import io.osiris.api.data.ColumnInfo;
import io.osiris.api.data.ColumnType;
import io.osiris.api.data.RowSchema;
import io.osiris.testkit.Behavior;
import io.osiris.testkit.ConnectorContractTest;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** The contract suite run against a trivial in-memory connector: the kit tests itself. */
class MemoryConnectorContractTest extends ConnectorContractTest {
    private static final String CONNECTION = "kit";

    @Override
    protected ConnectorConfig connectorConfig() {
        return new ConnectorConfig("memory", CONNECTION, Map.of());
    }

    @Override
    protected void execute(String sql) {
        throw new UnsupportedOperationException("memory connector runs no SQL: " + sql);
    }

    @Override
    protected boolean hasBehavior(Behavior behavior) {
        return switch (behavior) {
            case QUERY, WHERE_FILTER, CREDENTIALS -> false;
            default -> true;
        };
    }

    @Override
    protected void dropTable(String table) {
        MemoryConnectorProvider.drop(CONNECTION, table);
    }

    @Override
    protected void createDiscoveryFixture() {
        MemoryConnectorProvider.put(CONNECTION, PARENT, new MemoryConnectorProvider.Table(
                RowSchema.of(new ColumnInfo("id", ColumnType.INTEGER, false),
                        new ColumnInfo("name", ColumnType.string(50), false)),
                List.of(List.of(1, "alpha"), List.of(2, "beta"), List.of(3, "gamma")), List.of("id"), List.of()));
        MemoryConnectorProvider.put(CONNECTION, CHILD, new MemoryConnectorProvider.Table(
                RowSchema.of(new ColumnInfo("id", ColumnType.INTEGER, false),
                        new ColumnInfo("parent_id", ColumnType.INTEGER),
                        new ColumnInfo("note", ColumnType.string(100))),
                List.of(List.of(10, 1, "first"), Arrays.asList(11, null, null)), List.of("id"),
                List.of(new ForeignKey("fk_parent", List.of("parent_id"), PARENT, List.of("id")))));
    }

    @Override
    protected String prepareLargeTable(long rows) {
        return "series_" + rows;
    }
}
