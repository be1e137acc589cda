package io.osiris.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.osiris.examples.GoldenSet.Question;
import io.osiris.examples.GoldenSet.SetFile;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The shipped movies golden set is well formed and every reference answers on DuckDB: each SQL
 * returns rows, and each {@code rows:} answer is what its query gives.
 */
class GoldenSetTest {
    static final Set<String> CATEGORIES = Set.of("filter", "lookup", "join", "agg", "top", "date", "null", "ratio",
            "distinct", "sub", "anti");

    static final SetFile SET = GoldenSet.load();

    /** One database for every question: the references only read it. */
    static Connection duckDb;

    @BeforeAll
    static void createTheMoviesDatabase() throws SQLException {
        duckDb = GoldenSet.duckDb();
    }

    @AfterAll
    static void closeIt() throws SQLException {
        duckDb.close();
    }

    static Stream<Question> questions() {
        return SET.questions().stream();
    }

    @Test
    void theSetNamesTheMoviesDatabaseAndItsDemoSource() {
        assertThat(SET.name()).isEqualTo("movies");
        assertThat(SET.source()).isEqualTo("duckdb.demo");
    }

    @Test
    void theSetHasAtLeastFortyQuestionsWithUniqueSnakeCaseIds() {
        List<String> ids = SET.questions().stream().map(Question::id).toList();
        assertThat(ids).hasSizeGreaterThanOrEqualTo(40).doesNotHaveDuplicates()
                .allSatisfy(id -> assertThat(id).matches("[a-z][a-z0-9]*(_[a-z0-9]+)+"));
    }

    @Test
    void everyCategoryIsKnownAndEachHasQuestions() {
        var perCategory = SET.questions().stream()
                .collect(Collectors.groupingBy(Question::category, Collectors.counting()));
        assertThat(perCategory.keySet()).containsExactlyInAnyOrderElementsOf(CATEGORIES);
        assertThat(perCategory.values()).allSatisfy(count -> assertThat(count).isGreaterThanOrEqualTo(4));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("questions")
    void aQuestionHasTextAndExactlyOneReference(Question q) {
        assertThat(q.question()).as(q.id()).isNotBlank().matches(s -> !s.contains("\n"), "one line");
        assertThat(q.sql() == null).as("%s: exactly one of sql and rows", q.id()).isNotEqualTo(q.rows() == null);
        if (q.hasSql()) {
            assertThat(q.sql().strip().toUpperCase(Locale.ROOT)).as(q.id()).matches("(SELECT|WITH)\\s[\\s\\S]*")
                    .doesNotContain(";");
        } else {
            assertThat(q.rows()).as(q.id()).isNotEmpty().allSatisfy(row -> assertThat(row).isNotEmpty());
        }
    }

    /** A top-N question asks for an order, and an ordered question's SQL sorts. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("questions")
    void topQuestionsAreOrderedAndOrderedOnesSort(Question q) {
        if (q.category().equals("top")) {
            assertThat(q.ordered()).as(q.id()).isTrue();
        }
        if (q.ordered() && q.hasSql()) {
            assertThat(q.sql()).as(q.id()).contains("ORDER BY");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("questions")
    void everyReferenceSqlReturnsRowsOnDuckDb(Question q) throws Exception {
        String sql = q.hasSql() ? q.sql() : GoldenSet.ROWS_QUERIES.get(q.id());
        assertThat(sql).as("%s: a rows answer needs its query in GoldenSet.ROWS_QUERIES", q.id()).isNotNull();
        List<List<String>> rows = GoldenSet.query(duckDb, sql);
        assertThat(rows).as(q.id()).isNotEmpty();
        if (!q.hasSql()) {
            GoldenSet.assertSameAnswer(q, rows, GoldenSet.canonical(q.rows()));
        }
    }

    @Test
    void everyKeptQueryBelongsToARowsQuestion() {
        var byId = SET.questions().stream().collect(Collectors.toMap(Question::id, Function.identity()));
        assertThat(GoldenSet.ROWS_QUERIES.keySet()).allSatisfy(id -> assertThat(byId.get(id))
                .as(id).isNotNull().matches(q -> !q.hasSql(), "answered with rows"));
    }

    @Test
    void numbersCompareByValueWhateverTheirTypeOrScale() {
        assertThat(GoldenSet.canonical(new java.math.BigDecimal("8.50000"))).isEqualTo("8.5");
        assertThat(GoldenSet.canonical(8.774999999999999)).isEqualTo("8.775");
        assertThat(GoldenSet.canonical(2010L)).isEqualTo("2010");
        assertThat(GoldenSet.canonical(new java.math.BigDecimal("2010.0"))).isEqualTo("2010");
        assertThat(GoldenSet.canonical(java.math.BigInteger.TEN)).isEqualTo("10");
        assertThat(GoldenSet.canonical(java.time.LocalDate.of(2024, 1, 5))).isEqualTo("2024-01-05");
        assertThat(GoldenSet.canonical((Object) null)).isNull();
    }
}
