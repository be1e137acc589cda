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
        assertThat(JdbcRowCopy.fields("2024-02-29", 0, f, 0)).isTrue();
        assertThat(f).containsExactly(2024, 2, 29, 0, 0, 0, 0);
        assertThat(JdbcRowCopy.fields("2024-01-01 12:34:56.1234567", 0, f, 0)).isTrue();
        assertThat(f).containsExactly(2024, 1, 1, 12, 34, 56, 123456);
        assertThat(JdbcRowCopy.fields("2024-00-15 10:00:00", 0, f, 0)).isTrue();
        assertThat(f).containsExactly(2024, 0, 15, 10, 0, 0, 0);
        assertThat(JdbcRowCopy.fields("838:59:59.5", 0, f, 3)).isTrue();
        assertThat(f).containsExactly(0, 0, 0, 838, 59, 59, 500000);
        assertThat(JdbcRowCopy.fields("-00:00:01", 1, f, 3)).isTrue();
        assertThat(f).containsExactly(0, 0, 0, 0, 0, 1, 0);
        for (String bad : new String[] {"", "2024-02", "2024/02/29", "12:34", "12:34:56.", "12:34:56x", "1e3-01-01"}) {
            assertThat(JdbcRowCopy.fields(bad, 0, f, bad.contains("-") || bad.isEmpty() ? 0 : 3)).as(bad).isFalse();
        }
    }
}
