package io.osiris.connector.memory;

import static java.util.Objects.requireNonNull;

import io.osiris.api.connector.WriteMode;
import io.osiris.api.data.ColumnInfo;
import io.osiris.api.data.ColumnType;
import io.osiris.api.data.RowSchema;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A named set of in-memory tables, what a {@code memory} connection reads and writes. A
 * database {@linkplain Builder#register() registered} under a name is what
 * {@link MemoryConnectorProvider#open} finds for a connection of that name; a name never
 * registered opens an empty database (kept, so a load can be read back).
 *
 * <p>The registry is static, one per class loader: that suits tests and a host application's
 * own process, and is the price of {@code ServiceLoader} opening connectors from a
 * configuration map. Give each test its own name, or {@link #forget} it when done.
 *
 * <p>Every database also has the tables {@code series_N} (N digits), the numbers 1 to N in a
 * {@code BIGINT} column {@code n}, generated as they are read: streams of any length in constant
 * memory.
 *
 * <p>Thread-safe. It counts how often its rows were read ({@link #reads()}), so a test can
 * check that a run read a source once.
 */
public final class MemoryDatabase {
    private static final Map<String, MemoryDatabase> REGISTRY = new ConcurrentHashMap<>();
    private static final String SERIES = "series_";

    private final String name;
    private final Map<String, MemoryTable> tables = new ConcurrentHashMap<>();
    private final boolean csvExport;
    private final boolean csvImport;
    private final boolean splitRead;
    private final int failingSplit;
    private final Set<WriteMode> writeModes;
    private final AtomicInteger reads = new AtomicInteger();

    private MemoryDatabase(Builder b) {
        this.name = b.name;
        this.tables.putAll(b.tables);
        this.csvExport = b.csvExport;
        this.csvImport = b.csvImport;
        this.splitRead = b.splitRead;
        this.failingSplit = b.failingSplit;
        this.writeModes = Collections.unmodifiableSet(EnumSet.copyOf(b.writeModes));
    }

    /** A builder of a database named {@code name}. */
    public static Builder builder(String name) {
        return new Builder(name);
    }

    /** The database registered under {@code name}; an empty one, registered now, when there is none. */
    public static MemoryDatabase named(String name) {
        return REGISTRY.computeIfAbsent(requireNonNull(name, "name"), n -> builder(n).build());
    }

    /** Removes the database registered under {@code name}, if any. */
    public static void forget(String name) {
        REGISTRY.remove(name);
    }

    /** Its name, the connection name that opens it. */
    public String name() {
        return name;
    }

    /** Whether its connectors offer {@link io.osiris.api.connector.capability.CsvExport}. */
    public boolean offersCsvExport() {
        return csvExport;
    }

    /** Whether its connectors offer {@link io.osiris.api.connector.capability.CsvImport}. */
    public boolean offersCsvImport() {
        return csvImport;
    }

    /** Whether its connectors offer {@link io.osiris.api.connector.capability.SplitRead}. */
    public boolean offersSplitRead() {
        return splitRead;
    }

    /** The index of the split whose reads fail half way, or -1 for none. */
    public int failingSplit() {
        return failingSplit;
    }

    /** The write modes its loaders take ({@link io.osiris.api.connector.ILoader#writeModes()}); all by default. */
    public Set<WriteMode> writeModes() {
        return writeModes;
    }

    /** A table, or empty when there is none of that name. */
    public Optional<MemoryTable> table(String table) {
        if (table.startsWith(SERIES) && table.length() > SERIES.length()
                && table.substring(SERIES.length()).chars().allMatch(Character::isDigit)) {
            return Optional.of(new MemoryTable(RowSchema.of(new ColumnInfo("n", ColumnType.BIGINT, false)),
                    new SeriesRows(Long.parseLong(table.substring(SERIES.length()))), List.of("n")));
        }
        return Optional.ofNullable(tables.get(table));
    }

    /** The rows of a table; an error naming it when there is none. */
    public List<List<Object>> rows(String table) {
        return table(table).orElseThrow(() -> new IllegalArgumentException("no table " + table + " in " + name))
                .rows();
    }

    /** The tables' names, sorted (the {@code series_N} tables are not listed). */
    public List<String> tableNames() {
        return List.copyOf(new TreeMap<>(tables).keySet());
    }

    /** Puts or replaces a table. */
    public void put(String table, MemoryTable contents) {
        tables.put(requireNonNull(table, "table"), requireNonNull(contents, "contents"));
    }

    /** Drops a table if it exists. */
    public void drop(String table) {
        tables.remove(table);
    }

    /** How many times rows were read: extractions streamed and CSV copies written. */
    public int reads() {
        return reads.get();
    }

    void countRead() {
        reads.incrementAndGet();
    }

    /** Replaces a table only if it is still {@code expected}: loads swap whole tables. */
    boolean replace(String table, MemoryTable expected, MemoryTable contents) {
        if (expected == null) {
            return tables.putIfAbsent(table, contents) == null;
        }
        return tables.replace(table, expected, contents);
    }

    /** Builds a {@link MemoryDatabase}. */
    public static final class Builder {
        private final String name;
        private final Map<String, MemoryTable> tables = new TreeMap<>();
        private boolean csvExport;
        private boolean csvImport;
        private boolean splitRead;
        private int failingSplit = -1;
        private Set<WriteMode> writeModes = EnumSet.allOf(WriteMode.class);

        private Builder(String name) {
            this.name = requireNonNull(name, "name");
        }

        /** A table with its columns, rows and key columns. */
        public Builder table(String table, RowSchema schema, List<? extends List<?>> rows, List<String> primaryKey) {
            @SuppressWarnings("unchecked")
            List<List<Object>> values = (List<List<Object>>) (List<?>) rows;
            tables.put(requireNonNull(table, "table"), new MemoryTable(schema, values, primaryKey));
            return this;
        }

        /** A table without a key. */
        public Builder table(String table, RowSchema schema, List<? extends List<?>> rows) {
            return table(table, schema, rows, List.of());
        }

        /** Whether its connectors write extractions as bulk CSV text ({@code CsvExport}); off by default. */
        public Builder csvExport(boolean on) {
            this.csvExport = on;
            return this;
        }

        /** Whether its connectors load bulk CSV text ({@code CsvImport}); off by default. */
        public Builder csvImport(boolean on) {
            this.csvImport = on;
            return this;
        }

        /**
         * Whether its connectors read a table extraction as several ranges of row positions at
         * once ({@code SplitRead}); off by default. Each split read counts as a read.
         */
        public Builder splitRead(boolean on) {
            this.splitRead = on;
            return this;
        }

        /**
         * Makes every read of the split of this index fail half way with an
         * {@link io.osiris.api.ExecutionFailedException}, so a host can see what a failed split
         * leaves behind; none by default.
         */
        public Builder failingSplit(int index) {
            if (index < 0) {
                throw new IllegalArgumentException("split index must be >= 0");
            }
            this.failingSplit = index;
            return this;
        }

        /**
         * The write modes its loaders declare and take, to stand for a connector that lacks some
         * (one written before {@link WriteMode#DELETE_INSERT}: append, replace, upsert); all by default.
         */
        public Builder writeModes(WriteMode first, WriteMode... more) {
            this.writeModes = EnumSet.of(first, more);
            return this;
        }

        /** The database, not registered. */
        public MemoryDatabase build() {
            return new MemoryDatabase(this);
        }

        /** The database, registered under its name (replacing any there): connections of that name open it. */
        public MemoryDatabase register() {
            MemoryDatabase db = build();
            REGISTRY.put(name, db);
            return db;
        }
    }
}
