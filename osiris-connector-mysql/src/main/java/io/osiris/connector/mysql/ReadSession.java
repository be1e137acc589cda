package io.osiris.connector.mysql;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Where one read's connection comes from and how it goes back: a pooled connection in a
 * read-only session ({@link #pooled}), or a split's own snapshot transaction
 * ({@link MySqlSplitRead}). A read that ends early never gives its connection back: it is
 * dropped with {@link MySqlClient#discard}, which stops the server's work without draining it.
 */
interface ReadSession {

    /** A connection ready to read, which can never write. */
    Connection open();

    /** Gives back a connection whose reads all ended normally. */
    void release(Connection connection) throws SQLException;

    /**
     * The single stream's session: a pooled connection switched to {@code SET SESSION TRANSACTION
     * READ ONLY}, set back to read-write before it returns to the pool, because writers share it.
     */
    static ReadSession pooled(MySqlClient client) {
        return new ReadSession() {
            @Override
            public Connection open() {
                Connection c = client.connection();
                try {
                    MySqlExtractor.readOnly(c, true);
                } catch (SQLException e) {
                    client.discard(c);
                    throw client.connectionFailure(e);
                }
                return c;
            }

            @Override
            public void release(Connection c) throws SQLException {
                MySqlExtractor.readOnly(c, false);
                c.close();
            }
        };
    }
}
