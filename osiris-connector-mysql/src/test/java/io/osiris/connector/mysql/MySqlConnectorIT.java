package io.osiris.connector.mysql;

import io.osiris.api.connector.ConnectorConfig;
import io.osiris.api.data.ColumnType;
import io.osiris.api.data.TypeKind;
import io.osiris.testkit.ConnectorContractTest;
import java.sql.SQLException;
import org.junit.jupiter.api.AfterAll;

/** The connector contract suite against the real MariaDB/MySQL. */
class MySqlConnectorIT extends ConnectorContractTest {
    private final MySqlTestDatabase database = new MySqlTestDatabase();

    @Override
    protected ConnectorConfig connectorConfig() {
        return database.config("kit");
    }

    @Override
    protected void execute(String sql) {
        database.execute(sql);
    }

    /**
     * UUIDs are stored as CHAR(36), so they read back as their text; a time of day goes into
     * MySQL's TIME, which is an elapsed time, and reads back as one.
     */
    @Override
    protected ColumnType roundTripType(ColumnType written) {
        return switch (written.kind()) {
            case UUID -> ColumnType.STRING;
            case TIME -> ColumnType.INTERVAL;
            default -> written;
        };
    }

    @AfterAll
    void closeDatabase() throws SQLException {
        database.close();
    }
}
