package io.osiris.connector.supabase;

import io.osiris.api.ExecutionFailedException;
import java.sql.Connection;
import java.sql.SQLException;
import org.postgresql.core.BaseConnection;

/**
 * The connection a COPY runs on, so that another thread can cancel it: the statement running
 * is cancelled on the server, and the worker checks the flag between chunks and before commit
 * (a cancel that lands between two statements is otherwise lost). Synchronized so a cancel
 * never reaches a connection already handed back to the pool.
 */
final class RunningConnection {
    private Connection connection; // guarded by this
    private volatile boolean cancelled;

    /** Marks {@code c} as running {@code what}; fails at once when cancelled already. */
    synchronized void start(Connection c, String what) {
        connection = c;
        check(what);
    }

    synchronized void stop() {
        connection = null;
    }

    boolean cancelled() {
        return cancelled;
    }

    /** @throws ExecutionFailedException when {@link #cancel} was called */
    void check(String what) {
        if (cancelled) {
            throw new ExecutionFailedException(what + " was cancelled");
        }
    }

    synchronized void cancel() {
        cancelled = true;
        if (connection != null) {
            try {
                connection.unwrap(BaseConnection.class).cancelQuery();
            } catch (SQLException e) {
                // Nothing running any more, or the server is gone: the worker reports what happened.
            }
        }
    }
}
