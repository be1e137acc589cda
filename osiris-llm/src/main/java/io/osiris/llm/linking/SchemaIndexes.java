package io.osiris.llm.linking;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.osiris.api.OsirisException;
import io.osiris.api.connector.Connector;
import io.osiris.api.connector.Extraction;
import io.osiris.api.connector.ForeignKey;
import io.osiris.api.connector.SqlDialect;
import io.osiris.api.connector.TableInfo;
import io.osiris.api.connector.TableSummary;
import io.osiris.api.data.ColumnInfo;
import io.osiris.api.data.RowStream;
import io.osiris.api.data.TypeKind;
import io.osiris.api.state.IStateStore;
import io.osiris.core.discovery.DiscoveryService;
import io.osiris.core.privacy.SensitiveData;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds a source's {@link SchemaIndex} during discovery and keeps it in the schema cache
 * ({@link DiscoveryService#CACHE_NAMESPACE}, key {@code index:TYPE.NAME}, as fresh as the cached
 * descriptions), so later sessions reuse it.
 *
 * <p>The value index reads {@code SELECT DISTINCT} of short text columns: a column typed text of
 * at most {@value #MAX_VALUE_LENGTH} characters (or unbounded, as DuckDB's {@code VARCHAR}), at
 * most {@value #VALUES_PER_COLUMN} values a column, values longer than {@value #MAX_VALUE_LENGTH}
 * characters skipped, and about {@value #MAX_VALUES} values in all: the total is shared fairly
 * among the columns (never under {@value #MIN_VALUES_PER_COLUMN} each), so a wide schema does
 * not spend it on the tables that come first in the catalogue. Sensitive columns (by name, see
 * {@link SensitiveData#sensitiveColumn}) and values that look like personal data are never
 * read into it, whatever {@code discovery.pii} says; with {@code discovery.sample_data: false}
 * there is no value index at all, so no value reaches the store or the model.
 */
public final class SchemaIndexes {
    /** The cache key prefix, followed by the connection ({@code TYPE.NAME}). */
    public static final String KEY_PREFIX = "index:";
    /** The most distinct values indexed per column. */
    public static final int VALUES_PER_COLUMN = 200;
    static final int MAX_VALUE_LENGTH = 100;
    static final int MIN_VALUES_PER_COLUMN = 20;
    static final int MAX_VALUES = 100_000;
    /** A source with more text columns than this has the first ones indexed: one query each. */
    static final int MAX_VALUE_COLUMNS = 5_000;
    private static final int FORMAT = 1;
    private static final Logger LOG = LoggerFactory.getLogger(SchemaIndexes.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private SchemaIndexes() {
    }

    /**
     * The index of a source: from {@code cache} when fresh and built with what {@code values}
     * asks, else built now (and cached).
     *
     * @param discovery the source's discovery service (its cache and privacy settings)
     * @param connector the open source, for the value queries
     * @param cache     the schema cache namespace, if any
     * @param values    whether a value index may exist ({@code discovery.sample_data})
     */
    public static SchemaIndex load(DiscoveryService discovery, Connector connector, Optional<IStateStore> cache,
            boolean values, Clock clock) {
        requireNonNull(discovery, "discovery");
        String key = KEY_PREFIX + discovery.connection();
        Optional<SchemaIndex> cached = cache.flatMap(c -> read(c, key, clock));
        if (cached.isPresent() && (cached.get().values() || !values)) {
            return values ? cached.get() : cached.get().withoutValues();
        }
        SchemaIndex index = build(discovery, connector, values);
        cache.ifPresent(c -> {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("format", FORMAT);
            entry.put("cached_at", clock.millis());
            entry.put("index", JSON.convertValue(index, Map.class));
            try {
                c.set(key, entry);
            } catch (RuntimeException e) {
                LOG.warn("Cannot cache the schema index of {}: {}", discovery.connection(), e.getMessage());
            }
        });
        return index;
    }

    /** Builds the index now: every table described (from the cache when fresh), then the values. */
    static SchemaIndex build(DiscoveryService discovery, Connector connector, boolean values) {
        List<TableInfo> infos = describe(discovery, discovery.listTables());
        Map<String, Set<String>> neighbours = new LinkedHashMap<>();
        for (TableInfo t : infos) {
            for (ForeignKey fk : t.foreignKeys()) {
                neighbours.computeIfAbsent(t.name(), k -> new TreeSet<>()).add(fk.referencedTable());
                neighbours.computeIfAbsent(fk.referencedTable(), k -> new TreeSet<>()).add(t.name());
            }
        }
        Map<String, List<String>> found = values ? new ValueReader(connector).read(infos) : Map.of();
        List<SchemaIndex.Table> tables = new ArrayList<>();
        for (TableInfo t : infos) {
            List<SchemaIndex.Column> columns = new ArrayList<>();
            for (ColumnInfo c : t.columns()) {
                List<String> read = found.get(ValueReader.key(t.name(), c.name()));
                columns.add(new SchemaIndex.Column(c.name(), c.type().toString(), c.comment(),
                        read == null ? List.of() : read, read != null && read.size() < ValueReader.perColumn(infos)));
            }
            Set<String> near = new TreeSet<>(neighbours.getOrDefault(t.name(), Set.of()));
            near.remove(t.name());
            tables.add(new SchemaIndex.Table(t.name(), t.comment(), t.rowCountEstimate(), columns, List.copyOf(near)));
        }
        LOG.debug("Indexed {} tables and the values of {} columns of {}", tables.size(), found.size(),
                discovery.connection());
        return new SchemaIndex(discovery.connection(), values, tables);
    }

    /**
     * Every table, described one at a time: connectors over a file (DuckDB) cannot open it from
     * several threads, and one broken view must not hide the rest of the schema.
     */
    private static List<TableInfo> describe(DiscoveryService discovery, List<TableSummary> summaries) {
        List<TableInfo> infos = new ArrayList<>();
        for (TableSummary summary : summaries) {
            try {
                infos.add(discovery.describe(summary.name()));
            } catch (OsirisException skipped) {
                LOG.debug("Schema index skips {}: {}", summary.name(), skipped.getMessage());
            }
        }
        return infos;
    }

    @SuppressWarnings("unchecked")
    private static Optional<SchemaIndex> read(IStateStore cache, String key, Clock clock) {
        try {
            Optional<Object> entry = cache.get(key);
            if (entry.isEmpty() || !(entry.get() instanceof Map<?, ?> map)
                    || !(map.get("cached_at") instanceof Number at) || !Integer.valueOf(FORMAT).equals(map.get("format"))) {
                return Optional.empty();
            }
            long age = clock.millis() - at.longValue();
            if (age < 0 || age >= DiscoveryService.DEFAULT_TTL.toMillis()) {
                return Optional.empty();
            }
            return Optional.of(JSON.convertValue((Map<String, Object>) map.get("index"), SchemaIndex.class));
        } catch (RuntimeException e) {
            LOG.warn("Ignoring an unreadable schema index {}: {}", key, e.getMessage());
            return Optional.empty();
        }
    }

    /**
     * Reads distinct values of short text columns within the bounds, {@value #BATCH} columns a
     * query ({@code UNION ALL} of one {@code SELECT DISTINCT} each), so a wide schema costs tens of
     * queries, not thousands; a batch the source refuses (mixed collations) is read column by column.
     */
    private static final class ValueReader {
        static final int BATCH = 50;
        private final Connector connector;

        ValueReader(Connector connector) {
            this.connector = connector;
        }

        static String key(String table, String column) {
            return table + "\u0000" + column;
        }

        /** The values per column: the total shared fairly, at least {@value #MIN_VALUES_PER_COLUMN} a column. */
        static int perColumn(List<TableInfo> infos) {
            long eligible = infos.stream().flatMap(t -> t.columns().stream()).filter(ValueReader::eligible).count();
            return (int) Math.max(MIN_VALUES_PER_COLUMN, Math.min(VALUES_PER_COLUMN, MAX_VALUES / Math.max(1, eligible)));
        }

        Map<String, List<String>> read(List<TableInfo> infos) {
            int limit = perColumn(infos);
            List<String[]> columns = new ArrayList<>();
            for (TableInfo t : infos) {
                for (ColumnInfo c : t.columns()) {
                    if (eligible(c) && columns.size() < MAX_VALUE_COLUMNS) {
                        columns.add(new String[] {t.name(), c.name()});
                    }
                }
            }
            Map<String, List<String>> found = new LinkedHashMap<>();
            for (int from = 0; from < columns.size(); from += BATCH) {
                List<String[]> batch = columns.subList(from, Math.min(columns.size(), from + BATCH));
                try {
                    found.putAll(query(batch, limit));
                } catch (RuntimeException e) {
                    LOG.debug("A batch of the value index failed ({}); reading its columns one by one", e.getMessage());
                    for (String[] column : batch) {
                        try {
                            found.putAll(query(List.<String[]>of(column), limit));
                        } catch (RuntimeException skipped) {
                            LOG.debug("Value index skips {}.{}: {}", column[0], column[1], skipped.getMessage());
                        }
                    }
                }
            }
            return found;
        }

        private Map<String, List<String>> query(List<String[]> columns, int limit) {
            SqlDialect dialect = connector.dialect();
            StringBuilder sql = new StringBuilder();
            for (int i = 0; i < columns.size(); i++) {
                String table = columns.get(i)[0];
                String column = dialect.quote(columns.get(i)[1]);
                String from = table.contains(".") ? dialect.quoteQualified(table) : dialect.quote(table);
                sql.append(i == 0 ? "" : " UNION ALL ").append("SELECT ").append(i).append(" AS k, v FROM (SELECT DISTINCT ")
                        .append(column).append(" AS v FROM ").append(from).append(" WHERE ").append(column)
                        .append(" IS NOT NULL LIMIT ").append(limit).append(") q").append(i);
            }
            List<Set<String>> values = new ArrayList<>();
            columns.forEach(c -> values.add(new TreeSet<>()));
            try (RowStream rows = connector.extractor().extract(new Extraction.Query(sql.toString()))) {
                while (rows.next()) {
                    if (rows.get(0) instanceof Number k && k.intValue() >= 0 && k.intValue() < columns.size()
                            && rows.get(1) instanceof String v && !v.isBlank() && v.length() <= MAX_VALUE_LENGTH
                            && !SensitiveData.containsSensitive(v)) {
                        values.get(k.intValue()).add(v);
                    }
                }
            }
            Map<String, List<String>> out = new LinkedHashMap<>();
            for (int i = 0; i < columns.size(); i++) {
                out.put(key(columns.get(i)[0], columns.get(i)[1]), List.copyOf(values.get(i)));
            }
            return out;
        }

        static boolean eligible(ColumnInfo c) {
            return c.type().kind() == TypeKind.STRING && c.type().precision() <= MAX_VALUE_LENGTH
                    && !SensitiveData.sensitiveColumn(c.name());
        }
    }
}
