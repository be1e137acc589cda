package io.osiris.connector.memory;

import io.osiris.api.ExecutionFailedException;
import io.osiris.api.ValidationException;
import io.osiris.api.connector.Connector;
import io.osiris.api.connector.Extraction;
import io.osiris.api.connector.IDiscovery;
import io.osiris.api.connector.IExtractor;
import io.osiris.api.connector.ILoader;
import io.osiris.api.connector.SqlDialect;
import io.osiris.api.connector.TableInfo;
import io.osiris.api.connector.TableKind;
import io.osiris.api.connector.TableSummary;
import io.osiris.api.connector.capability.ConnectorCapability;
import io.osiris.api.data.ColumnInfo;
import io.osiris.api.data.RowSchema;
import io.osiris.api.data.RowStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A connection to one {@link MemoryDatabase}: discovery, extraction, loads and the switched-on capabilities. */
final class MemoryConnector implements Connector, IDiscovery, IExtractor {
    private static final Pattern SELECT_ALL = Pattern.compile(
            "\\s*select\\s+\\*\\s+from\\s+([A-Za-z_][A-Za-z0-9_]*)\\s*;?\\s*", Pattern.CASE_INSENSITIVE);

    private final MemoryDatabase db;
    private final MemoryLoader loader;
    private final List<ConnectorCapability> capabilities = new ArrayList<>();
    private volatile boolean closed;

    MemoryConnector(MemoryDatabase db) {
        this.db = db;
        this.loader = new MemoryLoader(db);
        if (db.offersCsvExport()) {
            capabilities.add(new MemoryCsvExport(this));
        }
        if (db.offersCsvImport()) {
            capabilities.add(loader);
        }
        if (db.offersSplitRead()) {
            capabilities.add(new MemorySplitRead(this, db));
        }
    }

    @Override
    public String type() {
        return MemoryConnectorProvider.TYPE;
    }

    @Override
    public SqlDialect dialect() {
        return SqlDialect.ANSI;
    }

    @Override
    public void ping() {
        requireOpen();
    }

    @Override
    public IDiscovery discovery() {
        return this;
    }

    @Override
    public IExtractor extractor() {
        return this;
    }

    @Override
    public Optional<ILoader> loader() {
        requireOpen();
        return Optional.of(loader);
    }

    @Override
    public <T extends ConnectorCapability> Optional<T> capability(Class<T> type) {
        return ConnectorCapability.find(type, capabilities.toArray());
    }

    /** Idempotent; the tables stay in their {@link MemoryDatabase}, but this connection refuses work. */
    @Override
    public void close() {
        closed = true;
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("memory: the connection to database '" + db.name() + "' is closed");
        }
    }

    // ---------------------------------------------------------------- discovery

    @Override
    public List<TableSummary> listTables() {
        requireOpen();
        return db.tableNames().stream()
                .map(t -> new TableSummary(t, TableKind.TABLE, db.table(t).map(x -> x.rows().size()).orElse(0)))
                .toList();
    }

    @Override
    public TableInfo getTableInfo(String table, int sampleRows) {
        MemoryTable t = table(table);
        return new TableInfo(table, TableKind.TABLE, t.schema().columns(), t.primaryKey(), List.of(),
                t.rows().size(), "", sampleRows(table, sampleRows));
    }

    @Override
    public List<List<Object>> sampleRows(String table, int limit) {
        List<List<Object>> rows = table(table).rows();
        return rows.subList(0, Math.min(limit, rows.size()));
    }

    private MemoryTable table(String name) {
        requireOpen();
        return db.table(name).orElseThrow(() -> new ExecutionFailedException(
                "memory: table '" + name + "' does not exist in database '" + db.name() + "'"));
    }

    // ---------------------------------------------------------------- extraction

    @Override
    public RowStream extract(Extraction extraction) {
        Selection s = select(extraction);
        db.countRead();
        return RowStream.of(s.schema(), s.rows());
    }

    @Override
    public RowSchema describe(Extraction extraction) {
        return select(extraction).schema();
    }

    /**
     * What an extraction reads: a table's chosen columns up to its limit. A {@code where} and
     * any query but {@code SELECT * FROM table} are refused, since this connector runs no SQL.
     */
    Selection select(Extraction extraction) {
        Extraction.Table spec;
        if (extraction instanceof Extraction.Query q) {
            Matcher m = SELECT_ALL.matcher(q.sql());
            if (!m.matches()) {
                throw new ExecutionFailedException("memory: runs no SQL; the only query it takes is"
                        + " SELECT * FROM table (got: " + q.sql().strip() + "). Extract a table, and filter in a"
                        + " transform.");
            }
            spec = new Extraction.Table(m.group(1), List.of(), "", q.limit());
        } else {
            spec = (Extraction.Table) extraction;
        }
        if (!spec.where().isBlank()) {
            throw new ValidationException("memory: cannot filter with where (" + spec.where()
                    + "); extract the whole table and filter in a transform.");
        }
        MemoryTable t = table(spec.table());
        List<String> names = spec.columns().isEmpty() ? t.schema().names() : spec.columns();
        int[] index = new int[names.size()];
        List<ColumnInfo> columns = new ArrayList<>();
        for (int i = 0; i < index.length; i++) {
            index[i] = t.schema().indexOf(names.get(i));
            if (index[i] < 0) {
                throw new ExecutionFailedException("memory: no column '" + names.get(i) + "' in table '"
                        + spec.table() + "'");
            }
            columns.add(t.schema().column(index[i]));
        }
        return new Selection(new RowSchema(columns), t.rows(), index, spec.limit());
    }

    void countRead() {
        db.countRead();
    }

    /** The rows an extraction reads, projected as they are iterated. */
    record Selection(RowSchema schema, List<List<Object>> table, int[] index, long limit) {
        Iterator<List<Object>> rows() {
            return rows(0, table.size());
        }

        /** The rows at positions {@code [from, to)}, up to the limit. */
        Iterator<List<Object>> rows(int from, int to) {
            Iterator<List<Object>> source = table.subList(from, to).iterator();
            long max = limit == 0 ? Long.MAX_VALUE : limit;
            return new Iterator<>() {
                long served;

                @Override
                public boolean hasNext() {
                    return served < max && source.hasNext();
                }

                @Override
                public List<Object> next() {
                    served++;
                    List<Object> row = source.next();
                    List<Object> out = new ArrayList<>(index.length);
                    for (int i : index) {
                        out.add(row.get(i));
                    }
                    return out;
                }
            };
        }
    }

    @Override
    public String toString() {
        return "memory:" + db.name();
    }
}
