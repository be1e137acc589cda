package io.osiris.spark;

import io.osiris.api.ConfigurationException;
import io.osiris.api.connector.Connector;
import io.osiris.api.connector.ConnectorConfig;
import io.osiris.api.connector.ConnectorProvider;
import io.osiris.api.connector.Extraction;
import io.osiris.api.connector.capability.Split;
import io.osiris.api.connector.capability.SplitRead;
import io.osiris.api.data.ColumnType;
import io.osiris.api.data.RowStream;
import io.osiris.api.data.TypeKind;
import io.osiris.core.engine.SplitExtract.SplitSource;
import java.io.Serializable;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.ServiceLoader;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;

/**
 * What a Spark task runs for its split: reads it with {@link SplitRead#read} and hands Spark its
 * rows one at a time. A task in the driver's JVM (local mode) reads through the run's own reader
 * ({@link LocalReaders}), which holds the plan's waiting snapshots and whatever a host handed the
 * connection; a task elsewhere finds the connector type with {@link ServiceLoader} and opens it
 * from the connection's settings. The settings hold secrets; they travel inside the task and are
 * never printed ({@link #toString}).
 */
final class SplitTask implements FlatMapFunction<Iterator<Split>, InternalRow>, Serializable {
    private static final long serialVersionUID = 1L;

    private final String type;
    private final String connection;
    /** The run's reader in {@link LocalReaders}, found only in the driver's JVM. */
    private final String local;
    private final HashMap<String, String> properties;
    private final String query;
    private final String table;
    private final String[] columns;
    private final String where;
    private final long limit;
    private final TypeKind[] kinds;
    private final int[] precisions;
    private final int[] scales;

    SplitTask(SplitSource source, String local, List<ColumnType> types) {
        this.type = source.type();
        this.local = local;
        this.connection = source.connection();
        this.properties = new HashMap<>(source.properties());
        Extraction e = source.extraction();
        if (e instanceof Extraction.Query q) {
            this.query = q.sql();
            this.table = null;
            this.columns = new String[0];
            this.where = "";
        } else {
            Extraction.Table t = (Extraction.Table) e;
            this.query = null;
            this.table = t.table();
            this.columns = t.columns().toArray(String[]::new);
            this.where = t.where();
        }
        this.limit = e.limit();
        this.kinds = types.stream().map(ColumnType::kind).toArray(TypeKind[]::new);
        this.precisions = types.stream().mapToInt(ColumnType::precision).toArray();
        this.scales = types.stream().mapToInt(ColumnType::scale).toArray();
    }

    @Override
    public Iterator<InternalRow> call(Iterator<Split> splits) {
        if (!splits.hasNext()) {
            return java.util.Collections.emptyIterator();
        }
        Split split = splits.next();
        SplitRead here = LocalReaders.get(local);
        Connector connector = here == null ? open() : null;
        RowStream rows;
        try {
            SplitRead read = here != null ? here : connector.capability(SplitRead.class).orElseThrow(() ->
                    new ConfigurationException("Connector '" + type + "' cannot read splits on a Spark executor"));
            rows = read.read(extraction(), split);
        } catch (RuntimeException e) {
            if (connector != null) {
                connector.close();
            }
            throw e;
        }
        Resources resources = new Resources(rows, connector);
        TaskContext task = TaskContext.get();
        if (task != null) {
            // A failed or cancelled task closes the stream and the connection too.
            task.addTaskCompletionListener((org.apache.spark.util.TaskCompletionListener) context -> resources.close());
        }
        return new Rows(rows, resources, split);
    }

    private Connector open() {
        ConnectorConfig config = new ConnectorConfig(type, connection, properties);
        for (ClassLoader loader : new ClassLoader[] {Thread.currentThread().getContextClassLoader(),
                SplitTask.class.getClassLoader()}) {
            if (loader == null) {
                continue;
            }
            for (ConnectorProvider provider : ServiceLoader.load(ConnectorProvider.class, loader)) {
                if (provider.type().equals(type) || provider.aliases().contains(type)) {
                    return provider.open(config.requireKnownKeys(provider.configKeys()));
                }
            }
        }
        throw new ConfigurationException("No connector of type '" + type + "' on the Spark executor's class path:"
                + " ship its jar with the application (spark-submit --jars, or inside the application jar)");
    }

    private Extraction extraction() {
        return query != null ? new Extraction.Query(query, limit)
                : new Extraction.Table(table, List.of(columns), where, limit);
    }

    @Override
    public String toString() {
        return "SplitTask[" + type + "." + connection + "]";
    }

    /** The split's stream and the connector the task opened (none in the driver's JVM), closed once. */
    private static final class Resources {
        private final RowStream rows;
        private final Connector connector;
        private boolean closed;

        Resources(RowStream rows, Connector connector) {
            this.rows = rows;
            this.connector = connector;
        }

        synchronized void close() {
            if (!closed) {
                closed = true;
                try {
                    rows.close();
                } finally {
                    if (connector != null) {
                        connector.close();
                    }
                }
            }
        }
    }

    /** The split's rows as Spark's internal rows ({@link SplitsRelation}), read as Spark asks for them. */
    private final class Rows implements Iterator<InternalRow> {
        private final RowStream rows;
        private final Resources resources;
        private final Split split;
        private final ColumnType[] types = new ColumnType[kinds.length];
        private Boolean ahead;

        Rows(RowStream rows, Resources resources, Split split) {
            this.rows = rows;
            this.resources = resources;
            this.split = split;
            for (int i = 0; i < types.length; i++) {
                types[i] = new ColumnType(kinds[i], precisions[i], scales[i]);
            }
        }

        @Override
        public boolean hasNext() {
            if (ahead == null) {
                try {
                    ahead = rows.next();
                } catch (RuntimeException e) {
                    resources.close();
                    throw new IllegalStateException("Reading split " + split.index() + " (" + split.label() + ") of "
                            + type + "." + connection + " failed: " + e.getMessage(), e);
                }
                if (!ahead) {
                    resources.close();
                }
            }
            return ahead;
        }

        @Override
        public InternalRow next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            ahead = null;
            Object[] values = new Object[types.length];
            for (int i = 0; i < values.length; i++) {
                values[i] = SparkValues.toInternal(rows.get(i), types[i]);
            }
            return new GenericInternalRow(values);
        }
    }
}
