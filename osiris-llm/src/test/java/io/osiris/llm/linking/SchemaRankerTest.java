package io.osiris.llm.linking;

import static org.assertj.core.api.Assertions.assertThat;

import io.osiris.api.connector.Connector;
import io.osiris.api.connector.ConnectorConfig;
import io.osiris.core.connector.ConnectorRegistry;
import io.osiris.core.discovery.DiscoveryService;
import io.osiris.core.state.StateDatabase;
import io.osiris.llm.testing.WideSchema;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Ranking tables and columns for a question, on real DuckDB files. */
class SchemaRankerTest {
    @TempDir
    static Path dir;
    static ConnectorRegistry registry;
    static SchemaIndex shop;
    static SchemaIndex wide;

    @BeforeAll
    static void index() throws Exception {
        registry = ConnectorRegistry.load();
        Path small = dir.resolve("shop.duckdb");
        try (var c = DriverManager.getConnection("jdbc:duckdb:" + small); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE customers (id INTEGER PRIMARY KEY, fullName VARCHAR, city VARCHAR)");
            s.execute("COMMENT ON TABLE customers IS 'People who buy from the shop'");
            s.execute("CREATE TABLE order_lines (id INTEGER PRIMARY KEY, customer_id INTEGER REFERENCES customers(id),"
                    + " unitPrice DECIMAL(10,2), shipped_on DATE)");
            s.execute("CREATE TABLE audit_log (id INTEGER, happened_at TIMESTAMP, actor VARCHAR)");
            s.execute("CREATE TABLE warehouses (id INTEGER, city VARCHAR)");
            s.execute("INSERT INTO customers VALUES (1, 'Grace Hopper', 'Arlington'), (2, 'Alan Turing', 'Wilmslow')");
            s.execute("INSERT INTO warehouses VALUES (1, 'Rotterdam')");
        }
        shop = load(small, "duckdb.shop", true);
        wide = load(WideSchema.duckdb(dir.resolve("wide.duckdb")), "duckdb.wide", true);
    }

    @AfterAll
    static void close() {
        registry.close();
    }

    static SchemaIndex load(Path file, String label, boolean values) {
        try (Connector connector = registry.provider("duckdb").open(
                new ConnectorConfig("duckdb", "default", Map.of("path", file.toString())))) {
            DiscoveryService discovery = DiscoveryService.builder(connector.discovery(), label).build();
            return SchemaIndexes.load(discovery, connector, Optional.empty(), values, Clock.systemUTC());
        }
    }

    private static List<String> names(List<RankedTable> ranked) {
        return ranked.stream().map(r -> r.table().name()).toList();
    }

    @ParameterizedTest
    @CsvSource({"movies, movi", "movie_id, movi|id", "unitPrice, unit|pric", "shipped_on, shipp",
            "HTTPServerName, http|server|nam", "ratings, rat", "rated, rat", "categories, categori",
            "category, categori", "the awards of 2015, award|2015"})
    void termsSplitSnakeAndCamelCaseAndShareAStem(String text, String stems) {
        assertThat(String.join("|", Terms.of(text))).isEqualTo(stems);
    }

    @Test
    void aTableNamedInTheQuestionComesFirstWithItsLinkedColumns() {
        List<RankedTable> ranked = SchemaRanker.rank(shop, "total unit price of order lines shipped last month");
        assertThat(names(ranked).get(0)).isEqualTo("order_lines");
        assertThat(ranked.get(0).linked()).containsExactly("unitPrice", "shipped_on");
    }

    @Test
    void commentsCountAndForeignKeyNeighboursGetAShare() {
        List<RankedTable> ranked = SchemaRanker.rank(shop, "which people buy the most");
        assertThat(names(ranked).get(0)).isEqualTo("customers");
        assertThat(names(ranked).get(1)).isEqualTo("order_lines");
        assertThat(ranked.get(1).score()).isPositive().isLessThan(ranked.get(0).score());
        assertThat(ranked.get(2).score()).isZero();
    }

    @Test
    void aValueInTheQuestionPointsAtItsColumn() {
        List<RankedTable> ranked = SchemaRanker.rank(shop, "orders of Alan Turing");
        assertThat(names(ranked).get(0)).isEqualTo("customers");
        assertThat(ranked.get(0).hits()).containsExactly(new ValueHit("customers", "fullName", "Alan Turing"));
        assertThat(ranked.get(0).linked()).startsWith("fullName");
    }

    @Test
    void rankingIsDeterministicAndTiesKeepCatalogueOrder() {
        assertThat(SchemaRanker.rank(shop, "city")).isEqualTo(SchemaRanker.rank(shop, "city"));
        assertThat(names(SchemaRanker.rank(shop, "city")).subList(0, 2)).containsExactly("customers", "warehouses");
        assertThat(names(SchemaRanker.rank(shop, ""))).containsExactly("audit_log", "customers", "order_lines",
                "warehouses");
    }

    @Test
    void onAThreeHundredTableSchemaTheQuestionsTablesComeFirst() {
        assertThat(wide.tables()).hasSize(WideSchema.TABLES);
        assertThat(wide.tables()).allSatisfy(t -> assertThat(t.columns()).hasSize(WideSchema.COLUMNS));
        List<RankedTable> ranked = SchemaRanker.rank(wide, "List the award nominations of Ava DuVernay with the year");
        assertThat(names(ranked).subList(0, 2)).containsExactly(WideSchema.NOMINATIONS, WideSchema.PEOPLE);
        assertThat(ranked.get(0).linked()).contains("award", "year");
        assertThat(ranked.get(1).hits()).containsExactly(new ValueHit(WideSchema.PEOPLE, "name", WideSchema.PERSON));
        assertThat(ranked.get(2).score()).isLessThan(ranked.get(1).score());
    }

    @Test
    void findValuesFindsAValueBeyondTheFirstSampleRowsIgnoringCase() {
        assertThat(SchemaRanker.findValues(wide, "ava duvernay", 5))
                .containsExactly(new ValueHit(WideSchema.PEOPLE, "name", WideSchema.PERSON));
        assertThat(SchemaRanker.findValues(wide, "DuVernay", 5)).extracting(ValueHit::column).containsExactly("name");
        assertThat(SchemaRanker.findValues(shop, "Rotterdam", 5)).extracting(ValueHit::table)
                .containsExactly("warehouses");
        assertThat(SchemaRanker.findValues(shop, "Nobody Here", 5)).isEmpty();
    }

    @Test
    void sensitiveColumnsAreNeverIndexedAndSampleDataOffIndexesNoValue() throws Exception {
        SchemaIndex.Table people = wide.tables().stream().filter(t -> t.name().equals(WideSchema.PEOPLE)).findFirst()
                .orElseThrow();
        assertThat(people.columns()).filteredOn(c -> c.name().equals("email")).singleElement()
                .satisfies(c -> assertThat(c.values()).isEmpty());
        assertThat(people.neighbours()).containsExactly(WideSchema.NOMINATIONS);

        try (StateDatabase state = StateDatabase.open(dir.resolve("state.db"));
                Connector connector = registry.provider("duckdb").open(new ConnectorConfig("duckdb", "default",
                        Map.of("path", dir.resolve("shop.duckdb").toString())))) {
            var cache = state.forNamespace(DiscoveryService.CACHE_NAMESPACE);
            DiscoveryService discovery = DiscoveryService.builder(connector.discovery(), "duckdb.private")
                    .sampleData(false).cache(cache).build();
            SchemaIndex index = SchemaIndexes.load(discovery, connector, Optional.of(cache), false, Clock.systemUTC());
            assertThat(index.values()).isFalse();
            assertThat(index.tables()).hasSizeGreaterThanOrEqualTo(4).allSatisfy(t -> assertThat(t.columns()).allSatisfy(c ->
                    assertThat(c.values()).isEmpty()));
            assertThat(cache.keys()).contains("index:duckdb.private");
        }
        String stored = new String(Files.readAllBytes(dir.resolve("state.db")), StandardCharsets.ISO_8859_1);
        assertThat(stored).contains("fullName").doesNotContain("Grace Hopper", "Alan Turing", "Rotterdam");
    }

    @Test
    void theIndexIsKeptInTheSchemaCacheAndReused() throws Exception {
        Path file = dir.resolve("shop.duckdb");
        try (StateDatabase state = StateDatabase.open(dir.resolve("reuse.db"));
                Connector connector = registry.provider("duckdb").open(
                        new ConnectorConfig("duckdb", "default", Map.of("path", file.toString())))) {
            var cache = state.forNamespace(DiscoveryService.CACHE_NAMESPACE);
            DiscoveryService discovery = DiscoveryService.builder(connector.discovery(), "duckdb.shop").cache(cache)
                    .build();
            SchemaIndex first = SchemaIndexes.load(discovery, connector, Optional.of(cache), true, Clock.systemUTC());
            try (var c = DriverManager.getConnection("jdbc:duckdb:" + file); Statement s = c.createStatement()) {
                s.execute("CREATE TABLE added_later (id INTEGER)");
            } catch (java.sql.SQLException locked) {
                // The connector may hold the file; the cache check below does not need the change.
            }
            SchemaIndex again = SchemaIndexes.load(discovery, connector, Optional.of(cache), true, Clock.systemUTC());
            assertThat(again).isEqualTo(first);
            assertThat(SchemaIndexes.load(discovery, connector, Optional.of(cache), false, Clock.systemUTC()).tables())
                    .allSatisfy(t -> assertThat(t.columns()).allSatisfy(c -> assertThat(c.values()).isEmpty()));
        }
    }
}
