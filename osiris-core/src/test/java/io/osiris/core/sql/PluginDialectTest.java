package io.osiris.core.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.osiris.api.connector.SqlDialect;
import io.osiris.core.pipeline.PipelineParser;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A connector supplies its dialect, and with it the rules its SQL is checked by: a plugin for a
 * server Osiris does not know (SQLite) can have its own operators accepted and its dangerous
 * functions refused, and can never have a write accepted.
 */
class PluginDialectTest {
    static final String GLOB = "SELECT * FROM t WHERE name GLOB 'A*'";

    /** What a SQLite plugin would declare if Osiris did not ship {@link SqlDialect#SQLITE}. */
    static final SqlDialect LITE = SqlDialect.builder("lite", SqlDialect.ANSI)
            .operators("glob")
            .deniedFunctions("load_extension")
            .build();

    /** A dialect that declares everything it may: it still lets no write through. */
    static final SqlDialect GREEDY = SqlDialect.builder("greedy", SqlDialect.POSTGRES)
            .operators("glob", "regexp", "match", "similar")
            .allowedFunctions("pg_sleep", "pg_read_file", "lo_import", "set_config", "nextval", "dblink")
            .build();

    @Test
    void aPluginDialectThatDeclaresGlobPassesAGlobQuery() {
        assertThat(SqlSafety.forDialect(LITE).refusal(GLOB)).isEmpty();
        assertThat(SqlSafety.forDialect(SqlDialect.SQLITE).refusal(GLOB)).isEmpty();
        assertThat(SqlSafety.forDialect(LITE).refusal("SELECT * FROM t WHERE name NOT GLOB '[0-9]*' AND id > 1"))
                .isEmpty();
        assertThat(SqlSafety.forDialect(LITE).filterRefusal("name GLOB 'A*'")).isEmpty();
    }

    @Test
    void theSameQueryInAnsiIsRefusedAsBefore() {
        assertThat(SqlSafety.forDialect(SqlDialect.ANSI).refusal(GLOB)).hasValueSatisfying(reason -> assertThat(reason)
                .startsWith("the SQL cannot be read as one read-only statement: ")
                .contains("GLOB"));
        assertThat(SqlSafety.forDialect(SqlDialect.POSTGRES).refusal(GLOB)).isPresent();
    }

    @Test
    void aPipelineFromAPluginSourceIsCheckedInThePluginsDialect() {
        String pipeline = """
                # osiris-pipeline-v2
                name: names
                extract:
                  - id: a_names
                    source: lite
                    query: "%s"
                load:
                  - id: save
                    to: csv
                    path: out.csv
                """.formatted(GLOB);
        assertThat(new PipelineParser(Set.of("lite"), type -> LITE).problems(pipeline, "p.yaml")).isEmpty();
        assertThat(new PipelineParser(Set.of("lite"), type -> SqlDialect.ANSI).problems(pipeline, "p.yaml"))
                .singleElement().satisfies(p -> assertThat(p.message())
                        .startsWith("refused SQL: the SQL cannot be read as one read-only statement: "));
    }

    @Test
    void aFunctionTheDialectDeniesIsRefusedNamingTheDialectAsTheReason() {
        assertThat(SqlSafety.forDialect(LITE).refusal("SELECT load_extension('evil.so')"))
                .hasValue("the function load_extension() is refused by the source's SQL dialect (its connector "
                        + "declares it unsafe), so Osiris refuses it in the SQL it runs; remove it (read files and "
                        + "other databases through pipeline steps, not through SQL functions)");
        assertThat(SqlSafety.forDialect(SqlDialect.SQLITE).refusal("SELECT writefile('/tmp/x', 'y')")).isPresent();
    }

    @Test
    void anAllowedFunctionLiftsOnlyARefusalForBeingUnreviewed() {
        SqlDialect reviewed = SqlDialect.builder("pgish", SqlDialect.POSTGRES).allowedFunctions("pg_acme_size").build();

        assertThat(SqlSafety.forDialect(SqlDialect.POSTGRES).refusal("SELECT pg_acme_size('t')")).isPresent();
        assertThat(SqlSafety.forDialect(reviewed).refusal("SELECT pg_acme_size('t')")).isEmpty();
        assertThat(SqlSafety.forDialect(GREEDY).refusal("SELECT pg_sleep(10)")).hasValueSatisfying(r ->
                assertThat(r).contains("pg_sleep()"));
        assertThat(SqlSafety.forDialect(GREEDY).refusal("SELECT pg_read_file('/etc/passwd')")).isPresent();
        assertThat(SqlSafety.forDialect(GREEDY).refusal("SELECT lo_import('/etc/passwd')")).isPresent();
        assertThat(SqlSafety.forDialect(GREEDY).refusal("SELECT dblink('host=x', 'DELETE FROM t')")).isPresent();
    }

    static Stream<Arguments> writes() {
        return SqlSafetyTest.refusedWrites().map(a -> a.get()[1]).distinct()
                .flatMap(sql -> Stream.of(Arguments.of(GREEDY, sql), Arguments.of(LITE, sql),
                        Arguments.of(SqlDialect.SQLITE, sql)));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("writes")
    void noDialectLetsAWriteThrough(SqlDialect dialect, String sql) {
        assertThat(SqlSafety.forDialect(dialect).refusal(sql.replace("\\n", "\n"))).as(dialect + ": " + sql)
                .isPresent();
    }

    @ParameterizedTest
    @ValueSource(strings = {"into", "INTO", "for", "union", "select", "delete", "returning", "lock", "outfile"})
    void aWordThatShapesAStatementCannotBeDeclaredAnOperator(String word) {
        assertThatThrownBy(() -> SqlDialect.builder("sneaky", SqlDialect.POSTGRES).operators(word))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("shapes an SQL statement");
    }

    @Test
    void aDialectIsItsDeclarationsOnItsBase() {
        SqlDialect again = SqlDialect.builder("lite", SqlDialect.ANSI).operators("GLOB").deniedFunctions("LOAD_EXTENSION")
                .build();

        assertThat(again).isEqualTo(LITE).hasSameHashCodeAs(LITE).isNotEqualTo(SqlDialect.ANSI);
        assertThat(LITE.base()).isSameAs(SqlDialect.ANSI);
        assertThat(SqlDialect.SQLITE.base()).isSameAs(SqlDialect.ANSI);
        assertThat(SqlDialect.MYSQL.base()).isSameAs(SqlDialect.MYSQL);
        assertThat(LITE.name()).isEqualTo("LITE");
        assertThat(LITE.quote("a\"b")).isEqualTo("\"a\"\"b\"");
        assertThat(SqlDialect.builder("backticks", SqlDialect.MYSQL).build().quote("t")).isEqualTo("`t`");
        assertThatThrownBy(() -> SqlDialect.builder("Bad Name", SqlDialect.ANSI))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
