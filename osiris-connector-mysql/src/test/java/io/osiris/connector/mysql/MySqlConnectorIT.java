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

    /** UUIDs are stored as CHAR(36), so they read back as their text. */
    @Override
    protected ColumnType roundTripType(ColumnType written) {
        return written.kind() == TypeKind.UUID ? ColumnType.STRING : written;
    }

    @AfterAll
    void closeDatabase() throws SQLException {
        database.close();
    }
}
