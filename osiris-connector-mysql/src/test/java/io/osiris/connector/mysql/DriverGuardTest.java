package io.osiris.connector.mysql;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

/** The guard in front of the CSV copy's fast route, without a database. */
class DriverGuardTest {
    @Test
    void theTestedGuardAcceptsTheConnectorJOnTheClassPath() throws java.sql.SQLException {
        // When this fails after a driver upgrade: run MySqlCsvRoutesIT and MySqlCsvCopyBenchmark on
        // the new driver, then add its release to DriverGuard.TESTED (or leave the copy on JDBC).
        java.sql.Driver driver = new com.mysql.cj.jdbc.Driver();
        assertThat(DriverGuard.TESTED.accepts(driver.getMajorVersion(), driver.getMinorVersion())).isTrue();
    }

    @Test
    void aReleaseNotTestedIsRefusedWhateverItsPatchOrNeighbours() {
        DriverGuard guard = new DriverGuard(Set.of("9.5"));
        assertThat(guard.accepts(9, 5)).isTrue();
        assertThat(guard.accepts(9, 6)).isFalse();
        assertThat(guard.accepts(8, 5)).isFalse();
        assertThat(guard.accepts(95, 0)).isFalse();
        assertThat(DriverGuard.NONE.accepts(9, 5)).isFalse();
    }

    @Test
    void theDriversTextOfDatesAndTimesParsesToTheirFields() {
        long[] f = new long[7];
        assertThat(JdbcRowCopy.fields("2024-02-29", f)).isTrue();
        assertThat(f).containsExactly(2024, 2, 29, 0, 0, 0, 0);
        assertThat(JdbcRowCopy.fields("2024-01-01 12:34:56.1234567", f)).isTrue();
        assertThat(f).containsExactly(2024, 1, 1, 12, 34, 56, 123456);
        assertThat(JdbcRowCopy.fields("2024-00-15 10:00:00", f)).isTrue();
        assertThat(f).containsExactly(2024, 0, 15, 10, 0, 0, 0);
        // A TIME is read from the server's bytes, which the text protocol sends as its text.
        assertThat(ElapsedTime.read("838:59:59.5".getBytes(java.nio.charset.StandardCharsets.US_ASCII)))
                .isEqualTo(java.time.Duration.parse("PT838H59M59.5S"));
        assertThat(ElapsedTime.read("-00:00:01".getBytes(java.nio.charset.StandardCharsets.US_ASCII)))
                .isEqualTo(java.time.Duration.ofSeconds(-1));
        assertThat(ElapsedTime.read(new byte[] {1, 34, 0, 0, 0, 22, 59, 59}))
                .isEqualTo(java.time.Duration.parse("PT-838H-59M-59S"));
        for (String bad : new String[] {"", "2024-02", "2024/02/29", "12:34", "12:34:56.", "12:34:56x", "1e3-01-01"}) {
            assertThat(JdbcRowCopy.fields(bad, f)).as(bad).isFalse();
        }
    }
}
