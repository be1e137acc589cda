package io.osiris.connector.mysql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.osiris.api.ExecutionFailedException;
import io.osiris.api.connector.Extraction;
import io.osiris.api.connector.capability.CsvCopy;
import io.osiris.api.data.RowSchema;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The CSV copy's two routes against a real server: where {@link DriverGuard} accepts the driver
 * the rows' packets are read ({@link WireRowCopy}), where it refuses JDBC getters are
 * ({@link JdbcRowCopy}), and both write the same bytes and fail on the same values.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MySqlCsvRoutesIT {
    private static final String T = "hd_my_csv_routes";
    private final MySqlTestDatabase db = new MySqlTestDatabase();
    private MySqlClient client;

    @BeforeAll
    void open() {
        client = new MySqlClient(MySqlSettings.from(db.config("routes")), "routes");
    }

    @AfterAll
    void close() throws SQLException {
        if (client == null) {
            return;
        }
        client.close();
        db.execute("DROP TABLE IF EXISTS " + T);
        db.close();
    }

    private MySqlCsvCopy copy(String sql, DriverGuard guard) {
        RowSchema schema = new MySqlExtractor(client).describe(new Extraction.Query(sql));
        return (MySqlCsvCopy) MySqlCsvCopy.of(client, ReadSession.pooled(client), sql, 0, schema, "routes", guard).orElseThrow();
    }

    /** The CSV of {@code sql} over the route {@code guard} leads to, checking that route was taken. */
    private String csv(String sql, DriverGuard guard, long rows) {
        MySqlCsvCopy copy = copy(sql, guard);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThat(copy.writeTo(out)).isEqualTo(rows);
        assertThat(copy.readPackets()).as("read the rows' packets").isEqualTo(guard == DriverGuard.TESTED);
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void theGuardAcceptsTheDriverItWasTestedWithAndRefusesAnyOther() throws SQLException {
        try (var c = client.connection()) {
            assertThat(DriverGuard.TESTED.accepts(c)).isTrue();
            assertThat(DriverGuard.NONE.accepts(c)).isFalse();
            int major = c.getMetaData().getDriverMajorVersion();
            assertThat(new DriverGuard(java.util.Set.of(major + ".999")).accepts(c)).isFalse();
        }
    }

    @Test
    void bothRoutesWriteTheSameBytesForEveryCopiedType() throws SQLException {
        db.execute("DROP TABLE IF EXISTS " + T);
        db.execute("CREATE TABLE " + T + " (id INT PRIMARY KEY, s VARCHAR(60), latin VARCHAR(10) CHARACTER SET latin1,"
                + " body TEXT, doc JSON, e ENUM('a','b,c'), st SET('x','y'), flag BOOLEAN, t1 TINYINT(1), i8 TINYINT,"
                + " u8 TINYINT UNSIGNED, i16 SMALLINT UNSIGNED, m MEDIUMINT, i INT UNSIGNED, bi BIGINT,"
                + " ubi BIGINT UNSIGNED, amount DECIMAL(12,2), wide DECIMAL(65,30), f FLOAT, g DOUBLE, y YEAR,"
                + " d DATE, dt DATETIME(6), dt0 DATETIME, ts TIMESTAMP(6) NULL DEFAULT NULL, tm TIME(3), tm0 TIME,"
                + " vb VARBINARY(10), bl BLOB) DEFAULT CHARSET=utf8mb4");
        db.executeWithoutSqlMode("INSERT INTO " + T + " VALUES"
                + " (1, 'plain', 'caf\u00e9', 'a \"quoted\", comma\nnew line\r\nCRLF \\\\ back\\\\slash\ttab',"
                + " '{\"k\": [1, \"two\"]}', 'b,c', 'x,y', TRUE, 2, -128, 255, 65535, -8388608, 4294967295,"
                + " 9223372036854775807, 18446744073709551615, -1234567890.12, -1.5, 0.1, 0.1, 2024, '2024-02-29',"
                + " '2024-01-01 12:34:56.123456', '2024-01-01 00:00:00', '2024-06-30 23:59:59.000001', '23:59:59.500',"
                + " '00:00:00', x'00222C0A5C', x'')"
                + ", (2, '', '', '', '[]', 'a', '', FALSE, -1, 0, 0, 0, 0, 0, -9223372036854775808, 0, 0.00, 0,"
                + " -0.0, -2.5e-300, 0, '0000-00-00', '0000-00-00 00:00:00', '0000-00-00 00:00:00',"
                + " '1970-01-01 00:00:01', '00:00:00.001', '12:00:01', '', x'FF')"
                + ", (3, '\u65e5\u672c \ud83c\udfac emoji, \"\"', NULL, NULL, NULL, NULL, NULL, NULL, -2, NULL, NULL,"
                + " NULL, NULL, NULL, NULL, NULL, NULL, NULL, 3.40282e38, 1e300, NULL, NULL, NULL, NULL, NULL, NULL,"
                + " NULL, NULL, NULL)"
                + ", (4, ' padded\t', 'x', 'NULL', 'null', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,"
                + " NULL, NULL, NULL, NULL, 1e-45, 4.9e-324, 1901, '1000-01-01', '9999-12-31 23:59:59.999999',"
                + " '1000-01-01 00:00:00', NULL, NULL, NULL, NULL, NULL)");
        String sql = "SELECT * FROM " + T + " ORDER BY id";
        String wire = csv(sql, DriverGuard.TESTED, 4);
        assertThat(csv(sql, DriverGuard.NONE, 4)).isEqualTo(wire);
        assertThat(wire).startsWith("1,plain,caf\u00e9,\"a \"\"quoted\"\", comma\nnew line\r\nCRLF \\ back\\slash\ttab\",")
                .contains(",2024-02-29,2024-01-01 12:34:56.123456,2024-01-01 00:00:00,2024-06-30 23:59:59.000001+00,")
                .contains("\n4,\" padded\t\",x,NULL,null,").contains(",\\x00222c0a5c,\\x\n");
    }

    @Test
    void bothRoutesKeepAQueryLimitAndReadExpressions() {
        String sql = "SELECT seq, seq * 1.5 AS half, CONCAT('n', seq) AS name, seq % 2 = 0 AS even,"
                + " DATE '2024-01-01' + INTERVAL seq DAY AS day FROM seq_1_to_1000 ORDER BY seq DESC";
        RowSchema schema = new MySqlExtractor(client).describe(new Extraction.Query(sql));
        String[] routes = new String[2];
        DriverGuard[] guards = {DriverGuard.TESTED, DriverGuard.NONE};
        for (int r = 0; r < 2; r++) {
            CsvCopy copy = MySqlCsvCopy.of(client, ReadSession.pooled(client), sql, 2, schema, "routes", guards[r]).orElseThrow();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            assertThat(copy.writeTo(out)).isEqualTo(2);
            routes[r] = out.toString(StandardCharsets.UTF_8);
        }
        assertThat(routes[0]).isEqualTo("1000,1500.0,n1000,1,2026-09-27\n999,1498.5,n999,0,2026-09-26\n");
        assertThat(routes[1]).isEqualTo(routes[0]);
    }

    @Test
    void bothRoutesCopyEveryTimeAsAnElapsedTimeAndFailOnAZeroMonthNamingTheValue() throws SQLException {
        db.execute("DROP TABLE IF EXISTS " + T);
        db.execute("CREATE TABLE " + T + " (id INT, tm TIME, dt DATETIME, d DATE)");
        for (DriverGuard guard : List.of(DriverGuard.TESTED, DriverGuard.NONE)) {
            db.execute("DELETE FROM " + T);
            db.execute("INSERT INTO " + T + " VALUES (1, '12:00:00', NULL, NULL), (2, '25:00:00', NULL, NULL),"
                    + " (3, '-00:00:01', NULL, NULL), (4, '838:59:59', NULL, NULL), (5, '-838:59:59', NULL, NULL)");
            assertThat(csv("SELECT * FROM " + T + " ORDER BY id", guard, 5)).as("%s", guard)
                    .isEqualTo("1,12:00:00,,\n2,25:00:00,,\n3,-00:00:01,,\n4,838:59:59,,\n5,-838:59:59,,\n");
            db.execute("DELETE FROM " + T);
            db.executeWithoutSqlMode("INSERT INTO " + T + " VALUES (1, NULL, '2024-00-15 10:00:00', NULL)");
            assertFails(guard, "column dt holds '2024-00-15 10:00:00', a date with a zero month or day");
            db.execute("DELETE FROM " + T);
            db.executeWithoutSqlMode("INSERT INTO " + T + " VALUES (1, NULL, NULL, '2024-05-00')");
            assertFails(guard, "column d holds '2024-05-00', a date with a zero month or day");
        }
    }

    private void assertFails(DriverGuard guard, String message) {
        MySqlCsvCopy copy = copy("SELECT * FROM " + T + " ORDER BY id", guard);
        assertThatThrownBy(() -> copy.writeTo(OutputStream.nullOutputStream()))
                .as(guard == DriverGuard.TESTED ? "packets" : "getters")
                .isInstanceOf(ExecutionFailedException.class).hasMessageContaining(message);
    }
}
