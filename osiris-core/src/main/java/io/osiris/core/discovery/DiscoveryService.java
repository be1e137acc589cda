package io.osiris.core.discovery;

import static java.util.Objects.requireNonNull;

import io.osiris.api.ExecutionFailedException;
import io.osiris.api.OsirisException;
import io.osiris.api.connector.IDiscovery;
import io.osiris.api.connector.TableInfo;
import io.osiris.api.connector.TableSummary;
import io.osiris.api.state.IStateStore;
import io.osiris.core.config.OsirisConfig;
import io.osiris.core.privacy.PiiPolicy;
import io.osiris.core.privacy.SensitiveData;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Discovery over any connector's {@link IDiscovery}, with what connectors leave to core: a
 * schema cache in the state store (1 hour by default, keyed by connection and table), tables
 * described in parallel on a bounded pool, progressive sampling (10, 100, then 1000 rows), and
 * a switch that keeps sample values out ({@code discovery.sample_data: false}) so only the
 * schema reaches people and LLMs, and a {@link PiiPolicy} ({@code discovery.pii}, masking by
 * default) applied to every sample value before it is returned or cached, so the state store
 * never holds a raw sensitive value.
 *
 * <pre>{@code
 * DiscoveryService discovery = DiscoveryService.builder(connector.discovery(), "mysql.default")
 *         .cache(state.forNamespace(DiscoveryService.CACHE_NAMESPACE))
 *         .sampleData(DiscoveryService.sampleDataEnabled(config))
 *         .build();
 * TableInfo movies = discovery.describe("movies");
 * }</pre>
 *
 * <p>Cached descriptions come back through JSON (see {@link TableInfoJson}): their sample
 * values are strings and numbers. Thread-safe.
 */
public final class DiscoveryService {
    /** The state-store namespace the schema cache uses. */
    public static final String CACHE_NAMESPACE = "schema-cache";
    /** How long a cached description is used. */
    public static final Duration DEFAULT_TTL = Duration.ofHours(1);
    /** How many tables are described at once. */
    public static final int DEFAULT_PARALLELISM = 4;

    private static final Logger LOG = LoggerFactory.getLogger(DiscoveryService.class);

    private final IDiscovery discovery;
    private final String connection;
    private final Optional<IStateStore> cache;
    private final Clock clock;
    private final Duration ttl;
    private final boolean sampleData;
    private final PiiPolicy pii;
    private final int parallelism;
    /** The last sample level handed out per table, for {@link #sampleMore(String)}. */
    private final Map<String, SampleLevel> lastLevel = new ConcurrentHashMap<>();

    private DiscoveryService(Builder b) {
        this.discovery = b.discovery;
        this.connection = b.connection;
        this.cache = Optional.ofNullable(b.cache);
        this.clock = b.clock;
        this.ttl = b.ttl;
        this.sampleData = b.sampleData;
        this.pii = b.pii;
        this.parallelism = b.parallelism;
    }

    /**
     * A builder over a connector's discovery.
     *
     * @param connection names the source in cache keys, as {@code type.name} ({@code mysql.default})
     *                   or {@code type:path}
     */
    public static Builder builder(IDiscovery discovery, String connection) {
        return new Builder(discovery, connection);
    }

    /** Whether a config lets sample values be read: {@code discovery.sample_data}, true unless {@code false}. */
    public static boolean sampleDataEnabled(OsirisConfig config) {
        String value = config.discovery().getOrDefault("sample_data", "true").trim().toLowerCase(Locale.ROOT);
        return !(value.equals("false") || value.equals("no") || value.equals("off") || value.equals("0"));
    }

    /** The source this service describes, as in cache keys. */
    public String connection() {
        return connection;
    }

    /** What happens to personal data and secrets in sample values. */
    public PiiPolicy pii() {
        return pii;
    }

    /** Whether sample values are read at all. */
    public boolean sampleData() {
        return sampleData;
    }

    /** The tables and views, from the cache when fresh. */
    public List<TableSummary> listTables() {
        return listTables(false);
    }

    /** The tables and views; {@code refresh} reads the source even when the cache is fresh. */
    @SuppressWarnings("unchecked")
    public List<TableSummary> listTables(boolean refresh) {
        String key = "tables:" + connection;
        if (!refresh) {
            Optional<Map<String, Object>> cached = fresh(key);
            if (cached.isPresent()) {
                try {
                    List<TableSummary> tables = new ArrayList<>();
                    for (Object t : (List<Object>) cached.get().get("tables")) {
                        tables.add(TableInfoJson.summaryFromJson((Map<String, Object>) t));
                    }
                    return List.copyOf(tables);
                } catch (RuntimeException e) {
                    LOG.warn("Ignoring an unreadable cache entry {}: {}", key, e.getMessage());
                }
            }
        }
        List<TableSummary> tables = discovery.listTables();
        cache.ifPresent(c -> {
            List<Object> json = new ArrayList<>();
            tables.forEach(t -> json.add(TableInfoJson.toJson(t)));
            store(c, key, Map.of("tables", json));
        });
        return List.copyOf(tables);
    }

    /** A table with 10 sample rows (none when sample data is off), from the cache when fresh. */
    public TableInfo describe(String table) {
        return describe(table, false);
    }

    /**
     * A table with 10 sample rows (none when sample data is off); {@code refresh} reads the
     * source even when the cache is fresh.
     *
     * @throws ExecutionFailedException when the table does not exist
     */
    @SuppressWarnings("unchecked")
    public TableInfo describe(String table, boolean refresh) {
        requireNonNull(table, "table");
        String key = "table:" + connection + ":" + table;
        if (!refresh) {
            Optional<Map<String, Object>> cached = fresh(key);
            // An entry cached without samples, or under another PII policy, cannot serve a caller who wants them.
            if (cached.isPresent() && (!sampleData || Boolean.TRUE.equals(cached.get().get("sampled"))
                    && pii.name().equals(cached.get().get("pii")))) {
                try {
                    TableInfo info = TableInfoJson.fromJson((Map<String, Object>) cached.get().get("table"));
                    return sampleData ? info : info.withSampleRows(List.of());
                } catch (RuntimeException e) {
                    LOG.warn("Ignoring an unreadable cache entry {}: {}", key, e.getMessage());
                }
            }
        }
        TableInfo read = discovery.getTableInfo(table, sampleData ? SampleLevel.SMALL.rows() : 0);
        // Raw values are masked here, before the cache or any caller sees them.
        TableInfo info = read.withSampleRows(sampleData
                ? SensitiveData.rows(pii, read.schema().names(), read.sampleRows()) : List.of());
        cache.ifPresent(c -> store(c, key, Map.of("sampled", sampleData, "pii", pii.name(),
                "table", TableInfoJson.toJson(info))));
        return info;
    }

    /**
     * Describes tables in parallel (at most {@code parallelism} at once), in the given order.
     *
     * @throws OsirisException the first failure, after the other descriptions are cancelled
     */
    public List<TableInfo> describeAll(Collection<String> tables, boolean refresh) {
        List<String> names = List.copyOf(tables);
        if (names.size() <= 1) {
            return names.stream().map(t -> describe(t, refresh)).toList();
        }
        AtomicInteger n = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(parallelism, names.size()), r -> {
            Thread t = new Thread(r, "osiris-discovery-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<TableInfo>> futures = new ArrayList<>();
            for (String name : names) {
                futures.add(pool.submit(() -> describe(name, refresh)));
            }
            List<TableInfo> described = new ArrayList<>();
            for (Future<TableInfo> f : futures) {
                try {
                    described.add(f.get());
                } catch (ExecutionException e) {
                    futures.forEach(other -> other.cancel(true));
                    Throwable cause = e.getCause();
                    if (cause instanceof OsirisException oe) {
                        throw oe;
                    }
                    throw new ExecutionFailedException("Describing tables of " + connection + " failed: " + cause,
                            cause);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new ExecutionFailedException("Discovery of " + connection + " was interrupted.", e);
                }
            }
            return List.copyOf(described);
        } finally {
            pool.shutdownNow();
        }
    }

    /** Every table of the source, described in parallel. */
    public List<TableInfo> describeAll(boolean refresh) {
        return describeAll(listTables(refresh).stream().map(TableSummary::name).toList(), refresh);
    }

    /**
     * Up to {@code level.rows()} rows of a table, read from the source (never cached); none when
     * sample data is off.
     */
    public List<List<Object>> sample(String table, SampleLevel level) {
        requireNonNull(table, "table");
        requireNonNull(level, "level");
        lastLevel.merge(table, level, (a, b) -> a.compareTo(b) >= 0 ? a : b);
        if (!sampleData) {
            return List.of();
        }
        List<List<Object>> rows = discovery.sampleRows(table, level.rows());
        List<String> names = describe(table).schema().names();
        return TableInfo.copyRows(SensitiveData.rows(pii, names, rows));
    }

    /**
     * The next step of progressive sampling for a table: 10 rows the first time, then 100, then
     * 1000 (and 1000 again after that).
     */
    public Sample sampleMore(String table) {
        SampleLevel current = lastLevel.get(table);
        SampleLevel next = current == null ? SampleLevel.SMALL : current.next().orElse(current);
        return new Sample(table, next, sample(table, next));
    }

    /**
     * Forgets every cached description of this source, and anything else cached under its
     * connection in the same namespace (the agent's schema index, {@code index:CONNECTION}).
     */
    public void invalidate() {
        cache.ifPresent(c -> c.keys().stream()
                .filter(k -> k.equals("tables:" + connection) || k.startsWith("table:" + connection + ":")
                        || k.equals("index:" + connection))
                .forEach(c::remove));
    }

    @SuppressWarnings("unchecked")
    private Optional<Map<String, Object>> fresh(String key) {
        if (cache.isEmpty()) {
            return Optional.empty();
        }
        Optional<Object> entry = cache.get().get(key);
        if (entry.isEmpty() || !(entry.get() instanceof Map<?, ?> map)
                || !(map.get("cached_at") instanceof Number cachedAt)) {
            return Optional.empty();
        }
        Instant at = Instant.ofEpochMilli(cachedAt.longValue());
        Instant now = clock.instant();
        if (at.plus(ttl).isAfter(now) && !at.isAfter(now)) {
            return Optional.of((Map<String, Object>) map);
        }
        return Optional.empty();
    }

    private void store(IStateStore c, String key, Map<String, Object> value) {
        Map<String, Object> entry = new LinkedHashMap<>(value);
        entry.put("cached_at", clock.millis());
        try {
            c.set(key, entry);
        } catch (RuntimeException e) {
            // The cache only saves time: a failure to write it must not fail discovery.
            LOG.warn("Cannot cache {}: {}", key, e.getMessage());
        }
    }

    /**
     * Rows read at one sampling level.
     *
     * @param table the table
     * @param level the level read
     * @param rows  the rows, one value per column; empty when sample data is off
     */
    public record Sample(String table, SampleLevel level, List<List<Object>> rows) {
        public Sample {
            requireNonNull(table, "table");
            requireNonNull(level, "level");
            rows = TableInfo.copyRows(rows);
        }
    }

    /** Builds a {@link DiscoveryService}; by default no cache, the system clock, 1 hour TTL, samples on, PII masked. */
    public static final class Builder {
        private final IDiscovery discovery;
        private final String connection;
        private IStateStore cache;
        private Clock clock = Clock.systemUTC();
        private Duration ttl = DEFAULT_TTL;
        private boolean sampleData = true;
        private PiiPolicy pii = PiiPolicy.MASK;
        private int parallelism = DEFAULT_PARALLELISM;

        private Builder(IDiscovery discovery, String connection) {
            this.discovery = requireNonNull(discovery, "discovery");
            this.connection = requireNonNull(connection, "connection");
        }

        /** Caches descriptions in a state store namespace (usually {@link #CACHE_NAMESPACE}). */
        public Builder cache(IStateStore cache) {
            this.cache = requireNonNull(cache, "cache");
            return this;
        }

        /** The clock the TTL is measured with. */
        public Builder clock(Clock clock) {
            this.clock = requireNonNull(clock, "clock");
            return this;
        }

        /** How long a cached description is used. */
        public Builder ttl(Duration ttl) {
            if (ttl.isNegative()) {
                throw new IllegalArgumentException("ttl must not be negative");
            }
            this.ttl = ttl;
            return this;
        }

        /** Whether sample values are read ({@code discovery.sample_data}). */
        public Builder sampleData(boolean sampleData) {
            this.sampleData = sampleData;
            return this;
        }

        /** What happens to personal data and secrets in samples ({@code discovery.pii}); masked by default. */
        public Builder pii(PiiPolicy value) {
            this.pii = requireNonNull(value, "pii");
            return this;
        }

        /** How many tables are described at once. */
        public Builder parallelism(int parallelism) {
            if (parallelism < 1) {
                throw new IllegalArgumentException("parallelism must be >= 1");
            }
            this.parallelism = parallelism;
            return this;
        }

        /** The service. */
        public DiscoveryService build() {
            return new DiscoveryService(this);
        }
    }
}
