package io.osiris.connector.mysql;

import io.osiris.api.connector.Extraction;
import io.osiris.api.connector.capability.Split;
import io.osiris.api.connector.capability.SplitPlan;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The key ranges of one table and the snapshot transactions started for them, each waiting in
 * {@link MySqlSplitRead} for its split's read; {@link #close} ends those nobody read.
 */
final class MySqlSplitPlan implements SplitPlan {
    private final MySqlSplitRead source;
    private final List<Split> splits;
    private final String description;
    private final List<MySqlSplitRead.Opened> keys;
    private final List<Connection> connections;
    private boolean closed;

    private MySqlSplitPlan(MySqlSplitRead source, List<Split> splits, String description,
            List<MySqlSplitRead.Opened> keys, List<Connection> connections) {
        this.source = source;
        this.splits = List.copyOf(splits);
        this.description = description;
        this.keys = keys;
        this.connections = connections;
    }

    /**
     * Opens a connection per split, then starts their transactions one right after the other, so
     * the snapshots are as close together as separate connections allow: the slow part
     * (connecting) is over before the first one starts.
     */
    static MySqlSplitPlan start(MySqlSplitRead source, Extraction extraction, List<Split> splits, String description) {
        MySqlClient client = source.client();
        List<Connection> connections = new ArrayList<>(splits.size());
        try {
            for (int i = 0; i < splits.size(); i++) {
                connections.add(client.session());
            }
            for (Connection c : connections) {
                MySqlSplitRead.startSnapshot(c);
            }
        } catch (SQLException e) {
            connections.forEach(client::discard);
            throw client.failure("Starting the snapshots of " + MySqlExtractor.what(extraction) + " failed", e);
        } catch (RuntimeException e) {
            connections.forEach(client::discard);
            throw e;
        }
        List<MySqlSplitRead.Opened> keys = new ArrayList<>(splits.size());
        List<Connection> offered = new ArrayList<>(splits.size());
        for (int i = 0; i < splits.size(); i++) {
            MySqlSplitRead.Opened key = new MySqlSplitRead.Opened(extraction, splits.get(i));
            if (source.offer(key, connections.get(i))) {
                keys.add(key);
                offered.add(connections.get(i));
            } else {
                // The same splits of the same extraction planned twice at once: the read takes
                // the other plan's transaction, which is as good.
                rollback(client, connections.get(i));
            }
        }
        return new MySqlSplitPlan(source, splits, description, keys, offered);
    }

    @Override
    public List<Split> splits() {
        return splits;
    }

    @Override
    public Consistency consistency() {
        return Consistency.PER_SPLIT;
    }

    @Override
    public String description() {
        return description;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (int i = 0; i < keys.size(); i++) {
            if (source.withdraw(keys.get(i), connections.get(i))) {
                rollback(source.client(), connections.get(i));
            }
        }
    }

    private static void rollback(MySqlClient client, Connection c) {
        try {
            MySqlSplitRead.end(c, "ROLLBACK");
        } catch (SQLException | RuntimeException e) {
            client.discard(c);
        }
    }
}
