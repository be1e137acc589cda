package io.osiris.testkit.memory;

import io.osiris.api.ExecutionFailedException;
import io.osiris.api.ValidationException;
import io.osiris.api.connector.ConfigKey;
import io.osiris.api.connector.Connector;
import io.osiris.api.connector.ConnectorConfig;
import io.osiris.api.connector.ConnectorProvider;
import io.osiris.api.connector.Extraction;
import io.osiris.api.connector.ForeignKey;
import io.osiris.api.connector.IDiscovery;
import io.osiris.api.connector.IExtractor;
import io.osiris.api.connector.ILoader;
import io.osiris.api.connector.LoadRequest;
import io.osiris.api.connector.LoadResult;
import io.osiris.api.connector.SqlDialect;
import io.osiris.api.connector.TableInfo;
import io.osiris.api.connector.TableKind;
import io.osiris.api.connector.TableSummary;
import io.osiris.api.connector.WriteMode;
import io.osiris.api.data.ColumnInfo;
import io.osiris.api.data.ColumnType;
import io.osiris.api.data.RowSchema;
import io.osiris.api.data.RowStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.LongStream;

/**
 * A trivial connector that keeps tables in memory, to exercise the contract suite without a
 * database. Tables named {@code series_N} exist implicitly and generate N rows lazily.
 */
public final class MemoryConnectorProvider implements ConnectorProvider {
    /** Tables per connection name, shared by every connector opened in this JVM. */
    static final Map<String, Map<String, Table>> DATABASES = new ConcurrentHashMap<>();

    record Table(RowSchema schema, List<List<Object>> rows, List<String> primaryKey, List<ForeignKey> foreignKeys) {
    }

    @Override
    public String type() {
        return "memory";
    }

    @Override
    public String description() {
        return "In-memory tables, for tests";
    }

    @Override
    public List<ConfigKey> configKeys() {
        return List.of(ConfigKey.optional("label", "a label, unused"));
    }

    @Override
    public Connector open(ConnectorConfig config) {
        return new MemoryConnector(DATABASES.computeIfAbsent(config.name(), n -> new ConcurrentHashMap<>()));
    }

    static void put(String connection, String name, Table table) {
        DATABASES.computeIfAbsent(connection, n -> new ConcurrentHashMap<>()).put(name, table);
    }

    static void drop(String connection, String name) {
        DATABASES.computeIfAbsent(connection, n -> new ConcurrentHashMap<>()).remove(name);
    }

    private static final class MemoryConnector implements Connector, IDiscovery, IExtractor, ILoader {
        private final Map<String, Table> tables;

        MemoryConnector(Map<String, Table> tables) {
            this.tables = tables;
        }

        @Override
        public String type() {
            return "memory";
        }

        @Override
        public SqlDialect dialect() {
            return SqlDialect.ANSI;
        }

        @Override
        public void ping() {
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
            return Optional.of(this);
        }

        @Override
        public void close() {
        }

        private Table table(String name) {
            if (name.startsWith("series_")) {
                long n = Long.parseLong(name.substring("series_".length()));
                return new Table(RowSchema.of(new ColumnInfo("n", ColumnType.BIGINT, false)), new SeriesList(n),
                        List.of("n"), List.of());
            }
            Table t = tables.get(name);
            if (t == null) {
                throw new ExecutionFailedException("memory: table '" + name + "' does not exist");
            }
            return t;
        }

        @Override
        public List<TableSummary> listTables() {
            return tables.entrySet().stream()
                    .map(e -> new TableSummary(e.getKey(), TableKind.TABLE, e.getValue().rows().size()))
                    .sorted(java.util.Comparator.comparing(TableSummary::name))
                    .toList();
        }

        @Override
        public TableInfo getTableInfo(String name, int sampleRows) {
            Table t = table(name);
            return new TableInfo(name, TableKind.TABLE, t.schema().columns(), t.primaryKey(), t.foreignKeys(),
                    t.rows().size(), "", sampleRows(name, sampleRows));
        }

        @Override
        public List<List<Object>> sampleRows(String name, int limit) {
            List<List<Object>> rows = table(name).rows();
            return rows.subList(0, Math.min(limit, rows.size()));
        }

        @Override
        public RowStream extract(Extraction extraction) {
            if (!(extraction instanceof Extraction.Table spec)) {
                throw new ExecutionFailedException("memory: runs no SQL queries");
            }
            if (!spec.where().isEmpty()) {
                throw new ValidationException("memory: cannot filter with where");
            }
            Table t = table(spec.table());
            List<String> names = spec.columns().isEmpty() ? t.schema().names() : spec.columns();
            int[] index = names.stream().mapToInt(n -> {
                int i = t.schema().indexOf(n);
                if (i < 0) {
                    throw new ExecutionFailedException("memory: no column '" + n + "' in " + spec.table());
                }
                return i;
            }).toArray();
            List<ColumnInfo> columns = new ArrayList<>();
            for (int i : index) {
                columns.add(t.schema().column(i));
            }
            Iterator<List<Object>> source = t.rows().iterator();
            long limit = spec.limit() == 0 ? Long.MAX_VALUE : spec.limit();
            Iterator<List<Object>> projected = new Iterator<>() {
                long served;

                @Override
                public boolean hasNext() {
                    return served < limit && source.hasNext();
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
            return RowStream.of(new RowSchema(columns), projected);
        }

        @Override
        public RowSchema describe(Extraction extraction) {
            try (RowStream s = extract(extraction)) {
                return s.schema();
            }
        }

        @Override
        public synchronized LoadResult load(LoadRequest request, RowStream rows) {
            Table existing = tables.get(request.table());
            boolean create = existing == null || request.mode() == WriteMode.REPLACE;
            RowSchema schema = existing == null ? rows.schema() : existing.schema();
            List<String> key = existing == null ? request.primaryKey() : existing.primaryKey();
            // Build the new contents aside and swap at the end: a failure leaves the table as it was.
            Map<List<Object>, List<Object>> byKey = new LinkedHashMap<>();
            List<List<Object>> unkeyed = new ArrayList<>();
            if (!create) {
                existing.rows().forEach(r -> put(byKey, unkeyed, schema, key, r, true));
            }
            long written = 0;
            while (rows.next()) {
                List<Object> row = new ArrayList<>(schema.size());
                for (int i = 0; i < schema.size(); i++) {
                    row.add(rows.get(rows.schema().indexOf(schema.column(i).name())));
                }
                boolean mayReplace = request.mode() == WriteMode.UPSERT;
                if (!put(byKey, unkeyed, schema, key, row, mayReplace)) {
                    throw new ExecutionFailedException("memory: duplicate key " + row + " in " + request.table());
                }
                written++;
            }
            List<List<Object>> all = new ArrayList<>(byKey.values());
            all.addAll(unkeyed);
            tables.put(request.table(), new Table(schema, List.copyOf(all.stream()
                    .map(java.util.Collections::unmodifiableList).toList()), key,
                    existing == null ? List.of() : existing.foreignKeys()));
            return new LoadResult(written, existing == null);
        }

        private static boolean put(Map<List<Object>, List<Object>> byKey, List<List<Object>> unkeyed,
                RowSchema schema, List<String> key, List<Object> row, boolean mayReplace) {
            if (key.isEmpty()) {
                unkeyed.add(row);
                return true;
            }
            List<Object> k = key.stream().map(c -> row.get(schema.indexOf(c))).toList();
            if (byKey.containsKey(k) && !mayReplace) {
                return false;
            }
            byKey.put(k, row);
            return true;
        }
    }

    /** The rows 1..n, generated on demand. */
    private static final class SeriesList extends java.util.AbstractList<List<Object>> {
        private final long n;

        SeriesList(long n) {
            this.n = n;
        }

        @Override
        public List<Object> get(int index) {
            return List.of((long) index + 1);
        }

        @Override
        public int size() {
            return (int) Math.min(n, Integer.MAX_VALUE);
        }

        @Override
        public Iterator<List<Object>> iterator() {
            Iterator<Long> it = LongStream.rangeClosed(1, n).iterator();
            return new Iterator<>() {
                @Override
                public boolean hasNext() {
                    return it.hasNext();
                }

                @Override
                public List<Object> next() {
                    if (!it.hasNext()) {
                        throw new NoSuchElementException();
                    }
                    return List.of(it.next());
                }
            };
        }
    }
}
