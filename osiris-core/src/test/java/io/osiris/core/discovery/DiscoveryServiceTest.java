package io.osiris.core.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.osiris.api.ExecutionFailedException;
import io.osiris.api.connector.Connector;
import io.osiris.api.connector.ConnectorConfig;
import io.osiris.api.connector.IDiscovery;
import io.osiris.api.connector.TableInfo;
import io.osiris.api.connector.TableSummary;
import io.osiris.api.state.IStateStore;
import io.osiris.core.config.OsirisConfig;
import io.osiris.core.duckdb.DuckDbConnectorProvider;
import io.osiris.core.movies.MoviesFixture;
import io.osiris.core.state.StateDatabase;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DiscoveryServiceTest {
    private static final Instant NOON = Instant.parse("2025-06-01T12:00:00Z");

    @TempDir
    Path dir;

    Path moviesFile;
    Connector connector;
    StateDatabase state;
    IStateStore cache;
    Counting counting;

    @BeforeEach
    void open() {
        moviesFile = MoviesFixture.createDuckDb(dir.resolve("movies.duckdb"));
        connector = new DuckDbConnectorProvider().open(
                new ConnectorConfig("duckdb", "demo", Map.of("path", moviesFile.toString())));
        state = StateDatabase.open(dir.resolve(".osiris/state.db"));
        cache = state.forNamespace(DiscoveryService.CACHE_NAMESPACE);
        counting = new Counting(connector.discovery());
    }

    @AfterEach
    void close() {
        connector.close();
        state.close();
    }

    private DiscoveryService service(Instant now, boolean sampleData) {
        return DiscoveryService.builder(counting, "duckdb.demo").cache(cache)
                .clock(Clock.fixed(now, ZoneOffset.UTC)).sampleData(sampleData).build();
    }

    @Test
    void describesATableWithTenSampleRows() {
        TableInfo movies = service(NOON, true).describe("movies");
        assertThat(movies.columns()).extracting(c -> c.name()).containsExactly("movie_id", "title", "release_year",
                "genre", "director_id", "runtime_minutes", "budget_musd", "box_office_musd");
        assertThat(movies.primaryKey()).containsExactly("movie_id");
        assertThat(movies.foreignKeys()).singleElement().satisfies(fk -> assertThat(fk.referencedTable())
                .isEqualTo("directors"));
        assertThat(movies.sampleRows()).hasSize(10);
        assertThat(movies.sampleRows().get(0).get(7)).isEqualTo(new BigDecimal("836.80"));
    }

    @Test
    void aCachedDescriptionIsUsedForAnHourAndComesBackThroughJson() {
        DiscoveryService first = service(NOON, true);
        first.describe("movies");
        first.listTables();
        assertThat(counting.describes.get()).isEqualTo(1);
        assertThat(counting.lists.get()).isEqualTo(1);

        DiscoveryService later = service(NOON.plus(Duration.ofMinutes(59)), true);
        TableInfo cached = later.describe("movies");
        assertThat(later.listTables()).extracting(TableSummary::name)
                .containsExactly("actors", "directors", "movie_actors", "movies", "reviews");
        assertThat(counting.describes.get()).isEqualTo(1);
        assertThat(counting.lists.get()).isEqualTo(1);
        assertThat(cached.columns()).isEqualTo(first.describe("movies").columns());
        // Decimals come back from the cache as their text.
        assertThat(cached.sampleRows().get(0).get(7)).isEqualTo("836.80");
        assertThat(cache.keys()).contains("table:duckdb.demo:movies", "tables:duckdb.demo");
    }

    @Test
    void anEntryOlderThanTheTtlIsReadAgain() {
        service(NOON, true).describe("movies");
        service(NOON.plus(Duration.ofMinutes(61)), true).describe("movies");
        assertThat(counting.describes.get()).isEqualTo(2);
        // The refreshed entry is fresh again from its new time.
        service(NOON.plus(Duration.ofMinutes(100)), true).describe("movies");
        assertThat(counting.describes.get()).isEqualTo(2);
    }

    @Test
    void refreshBypassesAFreshCache() {
        DiscoveryService s = service(NOON, true);
        s.describe("movies");
        s.describe("movies", true);
        s.listTables();
        s.listTables(true);
        assertThat(counting.describes.get()).isEqualTo(2);
        assertThat(counting.lists.get()).isEqualTo(2);
    }

    @Test
    void theCacheIsKeyedByConnection() {
        service(NOON, true).describe("movies");
        DiscoveryService.builder(counting, "duckdb.other").cache(cache).clock(Clock.fixed(NOON, ZoneOffset.UTC))
                .build().describe("movies");
        assertThat(counting.describes.get()).isEqualTo(2);
    }

    @Test
    void sampleDataOffKeepsEveryValueOut() throws Exception {
        DiscoveryService s = service(NOON, false);
        TableInfo movies = s.describe("movies");
        assertThat(movies.sampleRows()).isEmpty();
        assertThat(movies.columns()).hasSize(8);
        assertThat(s.sample("movies", SampleLevel.MEDIUM)).isEmpty();
        assertThat(s.sampleMore("movies").rows()).isEmpty();
        assertThat(counting.samples.get()).isZero();
        // Nothing with values reached the cache either.
        assertThat(cache.get("table:duckdb.demo:movies").orElseThrow().toString()).doesNotContain("Inception");
        // A sampled entry in the cache is not served with its values when samples are off.
        service(NOON, true).describe("reviews");
        assertThat(service(NOON, false).describe("reviews").sampleRows()).isEmpty();
    }

    @Test
    void anUnsampledCacheEntryDoesNotServeACallerWhoWantsSamples() {
        service(NOON, false).describe("movies");
        assertThat(service(NOON, true).describe("movies").sampleRows()).hasSize(10);
        assertThat(counting.describes.get()).isEqualTo(2);
    }

    @Test
    void sampleDataIsReadFromTheConfig() {
        OsirisConfig off = new OsirisConfig(Optional.empty(), 1, Map.of(), Map.of(), Map.of("sample_data", "false"),
                dir);
        assertThat(DiscoveryService.sampleDataEnabled(off)).isFalse();
        assertThat(DiscoveryService.sampleDataEnabled(OsirisConfig.empty(dir))).isTrue();
    }

    @Test
    void samplingGrowsFromTenToAHundredToAThousandRows() throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + dir.resolve("big.duckdb"));
                Statement st = c.createStatement()) {
            st.execute("CREATE TABLE numbers AS SELECT range AS n FROM range(5000)");
        }
        try (Connector big = new DuckDbConnectorProvider().open(new ConnectorConfig("duckdb", "big",
                Map.of("path", dir.resolve("big.duckdb").toString())))) {
            DiscoveryService s = DiscoveryService.builder(big.discovery(), "duckdb.big").build();
            assertThat(s.sampleMore("numbers")).satisfies(x -> {
                assertThat(x.level()).isEqualTo(SampleLevel.SMALL);
                assertThat(x.rows()).hasSize(10);
            });
            assertThat(s.sampleMore("numbers").rows()).hasSize(100);
            assertThat(s.sampleMore("numbers").rows()).hasSize(1000);
            assertThat(s.sampleMore("numbers").level()).isEqualTo(SampleLevel.LARGE);
            assertThat(s.sample("numbers", SampleLevel.SMALL)).hasSize(10);
        }
        assertThat(SampleLevel.ofRows(100)).isEqualTo(SampleLevel.MEDIUM);
        assertThatThrownBy(() -> SampleLevel.ofRows(50)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void tablesAreDescribedInParallelOnABoundedPool() {
        Counting slow = new Counting(connector.discovery(), 200);
        DiscoveryService s = DiscoveryService.builder(slow, "duckdb.demo").parallelism(2).build();
        List<TableInfo> all = s.describeAll(false);
        assertThat(all).extracting(TableInfo::name)
                .containsExactly("actors", "directors", "movie_actors", "movies", "reviews");
        assertThat(slow.maxConcurrent.get()).isEqualTo(2);
    }

    @Test
    void aMissingTableFailsNamingIt() {
        assertThatThrownBy(() -> service(NOON, true).describeAll(List.of("movies", "nope"), false))
                .isInstanceOf(ExecutionFailedException.class).hasMessageContaining("nope");
    }

    @Test
    void aTableDescriptionRoundTripsThroughJson() {
        TableInfo reviews = connector.discovery().getTableInfo("reviews", 3);
        TableInfo back = TableInfoJson.fromJson(TableInfoJson.toJson(reviews));
        assertThat(back.withSampleRows(List.of())).isEqualTo(reviews.withSampleRows(List.of()));
        assertThat(back.sampleRows().get(0)).containsExactly(1, 1, "lucía_reviews", "8.6", "2012-11-04",
                "A masterpiece.");
        assertThat(TableInfoJson.jsonValue(new byte[] {1, 2, 3})).isEqualTo("AQID");
        assertThat(TableInfoJson.jsonValue(Double.NaN)).isEqualTo("NaN");
    }

    /** Real discovery, counting calls and how many run at once. */
    private static final class Counting implements IDiscovery {
        final IDiscovery delegate;
        final long delayMillis;
        final AtomicInteger lists = new AtomicInteger();
        final AtomicInteger describes = new AtomicInteger();
        final AtomicInteger samples = new AtomicInteger();
        final AtomicInteger running = new AtomicInteger();
        final AtomicInteger maxConcurrent = new AtomicInteger();

        Counting(IDiscovery delegate) {
            this(delegate, 0);
        }

        Counting(IDiscovery delegate, long delayMillis) {
            this.delegate = delegate;
            this.delayMillis = delayMillis;
        }

        @Override
        public List<TableSummary> listTables() {
            lists.incrementAndGet();
            return delegate.listTables();
        }

        @Override
        public TableInfo getTableInfo(String table, int sampleRows) {
            describes.incrementAndGet();
            maxConcurrent.accumulateAndGet(running.incrementAndGet(), Math::max);
            try {
                if (delayMillis > 0) {
                    Thread.sleep(delayMillis);
                }
                return delegate.getTableInfo(table, sampleRows);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            } finally {
                running.decrementAndGet();
            }
        }

        @Override
        public List<List<Object>> sampleRows(String table, int limit) {
            samples.incrementAndGet();
            return delegate.sampleRows(table, limit);
        }
    }
}
