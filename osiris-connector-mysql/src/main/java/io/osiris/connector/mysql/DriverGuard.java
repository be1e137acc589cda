package io.osiris.connector.mysql;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.util.Set;

/**
 * Whether the Connector/J a connection runs on is one {@link WireRowCopy} was written and tested
 * against. That route reads the driver's internal classes, which a release may change without
 * notice: an untested release, or one missing a class or method the route calls, gets
 * {@link JdbcRowCopy}, which writes the same bytes through public JDBC.
 *
 * <p>Releases are matched by major and minor version. A new one is added to {@link #TESTED} once
 * {@code MySqlCsvRoutesIT} passes on it (both routes write the same bytes) and
 * {@code MySqlCsvCopyBenchmark} shows the fast route still pays.
 *
 * @param releases the accepted releases, as {@code "major.minor"}
 */
record DriverGuard(Set<String> releases) {
    /** The releases the fast route was checked against. */
    static final DriverGuard TESTED = new DriverGuard(Set.of("9.5", "26.10"));
    /** Accepts no driver: every copy takes the public route. */
    static final DriverGuard NONE = new DriverGuard(Set.of());

    /** The internal classes and methods {@link WireRowCopy} calls, which every accepted driver must have. */
    private static final String[][] NEEDED = {
        {"com.mysql.cj.jdbc.ServerPreparedStatement"},
        {"com.mysql.cj.jdbc.result.ResultSetImpl", "getRows", "getSession"},
        {"com.mysql.cj.jdbc.result.ResultSetMetaData", "getFields", "getColumnCharacterEncoding"},
        {"com.mysql.cj.NativeSession", "getProtocol"},
        {"com.mysql.cj.protocol.a.NativeProtocol", "getReusablePacket"},
        {"com.mysql.cj.protocol.a.NativePacketPayload", "getByteBuffer", "getPayloadLength"},
        {"com.mysql.cj.protocol.ResultsetRows", "next"},
        {"com.mysql.cj.result.Field", "getMysqlTypeId", "isUnsigned"},
        {"com.mysql.cj.jdbc.exceptions.SQLExceptionsMapping", "translateException"},
    };
    /** Whether the driver on the class path has {@link #NEEDED}; the class path does not change. */
    private static final boolean LINKS = links();

    DriverGuard {
        releases = Set.copyOf(releases);
    }

    /** Whether the fast route may read rows from {@code c}'s driver. */
    boolean accepts(Connection c) throws SQLException {
        DatabaseMetaData md = c.getMetaData();
        return accepts(md.getDriverMajorVersion(), md.getDriverMinorVersion());
    }

    /** Whether the fast route may read rows from a driver of this version on this class path. */
    boolean accepts(int major, int minor) {
        return releases.contains(major + "." + minor) && LINKS;
    }

    private static boolean links() {
        try {
            for (String[] needed : NEEDED) {
                Class<?> type = Class.forName(needed[0], false, DriverGuard.class.getClassLoader());
                for (int i = 1; i < needed.length; i++) {
                    if (!declares(type, needed[i])) {
                        return false;
                    }
                }
            }
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    private static boolean declares(Class<?> type, String method) {
        for (java.lang.reflect.Method m : type.getMethods()) {
            if (m.getName().equals(method)) {
                return true;
            }
        }
        return false;
    }
}
