package io.osiris.core.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.osiris.api.Problem;
import io.osiris.api.ValidationException;
import io.osiris.api.connector.Extraction;
import io.osiris.api.connector.SqlDialect;
import io.osiris.api.pipeline.Pipeline;
import io.osiris.api.pipeline.Variable;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PipelineVariablesTest {
    private static final PipelineParser PARSER = new PipelineParser(Set.of("mysql", "supabase"),
            Map.of("mysql", SqlDialect.MYSQL, "supabase", SqlDialect.POSTGRES)::get);

    private static String pipeline(String vars, String query, String loadPath) {
        return """
                # osiris-pipeline-v2
                name: recent
                %s
                extract:
                  - id: movies
                    source: mysql
                    query: %s
                load:
                  - id: save
                    to: csv
                    path: %s
                """.formatted(vars, query, loadPath);
    }

    @Test
    void declaredVariablesTakeTheTypeOfTheirDefaultAndTheStepKeepsThePlaceholder() {
        Pipeline p = PARSER.parse(pipeline("""
                vars:
                  min_year: 2000
                  min_rating: 7.5
                  only_new: true
                  country: FR
                  since: "2024-01-01"
                  code: "042"
                """, "SELECT * FROM movies WHERE year >= ${min_year} AND rating > ${min_rating}",
                "output/${country}.csv"), "p.yaml");

        assertThat(p.vars()).containsExactly(new Variable("min_year", Variable.Type.INTEGER, "2000"),
                new Variable("min_rating", Variable.Type.DECIMAL, "7.5"),
                new Variable("only_new", Variable.Type.BOOLEAN, "true"),
                new Variable("country", Variable.Type.STRING, "FR"),
                new Variable("since", Variable.Type.STRING, "2024-01-01"),
                new Variable("code", Variable.Type.STRING, "042"));
        assertThat(((Extraction.Query) p.extracts().get(0).extraction()).sql())
                .isEqualTo("SELECT * FROM movies WHERE year >= ${min_year} AND rating > ${min_rating}");
        assertThat(p.loads().get(0).path()).isEqualTo("output/${country}.csv");
    }

    @Test
    void theWrittenFormReadsBackWithTheSameTypes() {
        Pipeline p = PARSER.parse(pipeline("vars: {n: 3, d: 0.50, b: false, s: \"2000\", t: \"true\"}",
                "SELECT ${n}, ${d}, ${b}, ${s}, ${t}", "out.csv"), "p.yaml");

        assertThat(PARSER.check(p).vars()).isEqualTo(p.vars());
        assertThat(p.vars()).extracting(Variable::type).containsExactly(Variable.Type.INTEGER, Variable.Type.DECIMAL,
                Variable.Type.BOOLEAN, Variable.Type.STRING, Variable.Type.STRING);
    }

    @Test
    void anUndeclaredVariableIsReportedOnItsLineWithTheDeclaredOnesAndASuggestion() {
        List<Problem> problems = PARSER.problems(pipeline("vars: {min_year: 2000}",
                "SELECT * FROM movies WHERE year >= ${min_yaer}", "out.csv"), "p.yaml");

        assertThat(problems).singleElement().satisfies(p -> {
            assertThat(p.line()).isEqualTo(7);
            assertThat(p.path()).isEqualTo("extract[0].query");
            assertThat(p.message()).contains("undeclared variable ${min_yaer}", "did you mean 'min_year'",
                    "declared variables: min_year");
        });
    }

    @Test
    void aQueryWithAVariableAndNoVarsSaysHowToDeclareIt() {
        List<Problem> problems = PARSER.problems(pipeline("", "SELECT * FROM movies WHERE year >= ${MIN_YEAR}",
                "out.csv"), "p.yaml");

        assertThat(problems).singleElement().extracting(Problem::message).asString()
                .contains("undeclared variable ${MIN_YEAR}", "declare it under 'vars:'");
    }

    @Test
    void aVariableInsideQuotesIsRefusedWithTheAdviceToDropThem() {
        List<Problem> problems = PARSER.problems(pipeline("vars: {country: FR}",
                "\"SELECT * FROM movies WHERE country = '${country}'\"", "out.csv"), "p.yaml");

        assertThat(problems).singleElement().extracting(Problem::message).asString()
                .contains("inside quotes", "without quotes");
    }

    @Test
    void aVariableInACommentIsLeftAlone() {
        assertThat(PARSER.problems(pipeline("vars: {n: 1}", "\"SELECT ${n} /* not ${here} */\"", "out.csv"),
                "p.yaml")).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "vars: [a, b]|3|vars|'vars' maps each variable's name to its default",
            "vars: {1st: 2}|3|vars.1st|'1st' is not a valid variable name",
            "vars: {n: }|3|vars.n|give variable 'n' a default",
            "vars: {n: [1]}|3|vars.n|a variable's default is one value",
            "vars: {n: 1e5}|3|vars.n|variable 'n' is a decimal: '1e5' is not a number like 8.5",
            "vars: {api_key: x}|3|vars.api_key|secrets do not belong in a pipeline",
            "vars: {year: 1, YEAR: 2}|3|vars.YEAR|differ only in case"})
    void malformedVarsAreReportedWithTheirLine(String vars, int line, String path, String message) {
        List<Problem> problems = PARSER.problems(pipeline(vars, "SELECT 1", "out.csv"), "p.yaml");

        assertThat(problems).anySatisfy(p -> {
            assertThat(p.line()).isEqualTo(line);
            assertThat(p.path()).isEqualTo(path);
            assertThat(p.message()).contains(message);
        });
    }

    @Test
    void aDefaultThatIsNoSafePathSegmentIsRefusedWhereThePathUsesIt() {
        List<Problem> problems = PARSER.problems(pipeline("vars: {dir: ../etc}", "SELECT 1",
                "output/${dir}/x.csv"), "p.yaml");

        assertThat(problems).singleElement().satisfies(p -> {
            assertThat(p.path()).isEqualTo("load[0].path");
            assertThat(p.message()).contains("'../etc' cannot be part of a path");
        });
    }

    @Test
    void transformSqlIsCheckedWithTheDefaultsBound() {
        String yaml = pipeline("vars: {n: 5}", "SELECT 1 AS a", "out.csv").replace("load:", """
                transform:
                  - id: top
                    sql: SELECT a FROM movies LIMIT ${n}
                  - id: bad
                    sql: SELECT a FROM movies WHERE a = ${m}
                load:""");

        assertThat(PARSER.problems(yaml, "p.yaml")).singleElement().satisfies(p -> {
            assertThat(p.path()).isEqualTo("transform[1].sql");
            assertThat(p.message()).contains("undeclared variable ${m}");
        });
    }

    @Test
    void bindingWritesEachValueAsALiteralOfItsTypeInTheSourceDialect() {
        Pipeline p = PARSER.parse(pipeline("vars: {n: 2000, s: x, b: true, d: 1.5}",
                "\"SELECT * FROM t WHERE y >= ${n} AND s = ${s} AND b = ${b} AND d > ${d} AND m=-${n}\"",
                "out.csv"), "p.yaml");
        List<Variable> values = Variables.resolve(p, Map.of("n", "-3", "s", "it's \\ ok", "d", "2"), Map.of());

        Pipeline bound = PARSER.bind(p, values);

        assertThat(((Extraction.Query) bound.extracts().get(0).extraction()).sql()).isEqualTo(
                "SELECT * FROM t WHERE y >= (-3) AND s = 'it''s \\\\ ok' AND b = TRUE AND d > 2 AND m=-(-3)");
        assertThat(bound.vars()).extracting(Variable::value).containsExactly("-3", "it's \\ ok", "true", "2");
    }

    @Test
    void onPostgresATextWithABackslashIsAnEscapeStringThatReadsTheSameUnderEitherStringSetting() {
        Pipeline p = PARSER.parse(pipeline("vars: {s: x}", "SELECT * FROM t WHERE s = ${s}", "out.csv")
                .replace("source: mysql", "source: supabase"), "p.yaml");

        Pipeline bound = PARSER.bind(p, Variables.resolve(p, Map.of("s", "it's \\ ok"), Map.of()));

        assertThat(((Extraction.Query) bound.extracts().get(0).extraction()).sql())
                .isEqualTo("SELECT * FROM t WHERE s = E'it''s \\\\ ok'");
    }

    @Test
    void theJsonSchemaAcceptsVarsWithScalarDefaults() throws Exception {
        com.fasterxml.jackson.databind.JsonNode vars = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(Pipelines.jsonSchema()).at("/properties/vars");

        assertThat(vars.path("type").asText()).isEqualTo("object");
        assertThat(vars.at("/propertyNames/pattern").asText()).isEqualTo("^" + Variables.NAME.pattern() + "$");
        assertThat(vars.at("/additionalProperties/type").toString())
                .isEqualTo("[\"string\",\"integer\",\"number\",\"boolean\"]");
    }

    @Test
    void aHostileStringValueStaysOneLiteralAndOneWithoutItsTypeIsRefused() {
        Pipeline p = PARSER.parse(pipeline("vars: {n: 1, s: x}", "SELECT * FROM t WHERE s = ${s} AND n = ${n}",
                "out.csv"), "p.yaml");

        Pipeline bound = PARSER.bind(p, Variables.resolve(p, Map.of("s", "x' OR '1'='1"), Map.of()));
        assertThat(((Extraction.Query) bound.extracts().get(0).extraction()).sql())
                .isEqualTo("SELECT * FROM t WHERE s = 'x'' OR ''1''=''1' AND n = 1");
        assertThatThrownBy(() -> Variables.resolve(p, Map.of("n", "1; DROP TABLE t"), Map.of()))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("variable 'n' is an integer: '1; DROP TABLE t' is not a whole number");
    }

    @Test
    void anUnsafePathValueIsRefusedAtBinding() {
        Pipeline p = PARSER.parse(pipeline("vars: {s: x}", "SELECT 1", "out/${s}.csv"), "p.yaml");

        for (String value : List.of("..", "a/b", "..\\x", "")) {
            assertThatThrownBy(() -> PARSER.bind(p, Variables.resolve(p, Map.of("s", value), Map.of())))
                    .as(value).isInstanceOf(ValidationException.class).hasMessageContaining("cannot be part of a path");
        }
    }

    @Test
    void valuesComeFromTheCallerThenTheEnvironmentOfDeclaredNamesThenTheDefault() {
        Pipeline p = PARSER.parse(pipeline("vars: {min_year: 2000, country: FR, lang: en}", "SELECT ${min_year},"
                + " ${country}, ${lang}", "out.csv"), "p.yaml");
        Map<String, String> env = Map.of("OSIRIS_VAR_MIN_YEAR", "1990", "OSIRIS_VAR_COUNTRY", "DE",
                "OSIRIS_VAR_OTHER", "z", "LANG", "de_DE.UTF-8", "lang", "fr");

        List<Variable> values = Variables.resolve(p, Map.of("min_year", "2010"), env);

        assertThat(Variables.values(values)).containsExactly(Map.entry("min_year", "2010"),
                Map.entry("country", "DE"), Map.entry("lang", "en"));
        assertThat(Variables.environmentName("min_year")).isEqualTo("OSIRIS_VAR_MIN_YEAR");
    }

    @Test
    void anUnknownNameOrAValueOfTheWrongTypeFromTheEnvironmentIsRefusedByName() {
        Pipeline p = PARSER.parse(pipeline("vars: {min_year: 2000}", "SELECT ${min_year}", "out.csv"), "p.yaml");

        assertThatThrownBy(() -> Variables.resolve(p, Map.of("min_yr", "1"), Map.of()))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("unknown variable 'min_yr' (did you mean 'min_year'?); declared variables: min_year");
        assertThatThrownBy(() -> Variables.resolve(p, Map.of(), Map.of("OSIRIS_VAR_MIN_YEAR", "abc")))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("OSIRIS_VAR_MIN_YEAR")
                .hasMessageContaining("variable 'min_year' is an integer: 'abc' is not a whole number");
    }

    @Test
    void aPipelineBuiltInCodeDeclaresVariablesThroughItsBuilder() {
        Pipeline built = Pipeline.builder("p").var(Variable.of("min_year", 2000))
                .extract("movies", e -> e.source("mysql").query("SELECT * FROM movies WHERE year >= ${min_year}"))
                .load("save", l -> l.toCsv("out.csv")).build();

        assertThat(PARSER.check(built).vars()).containsExactly(Variable.of("min_year", 2000));
        Pipeline wrong = Pipeline.builder("p").var(new Variable("n", Variable.Type.INTEGER, "abc"))
                .extract("movies", e -> e.source("mysql").query("SELECT 1"))
                .load("save", l -> l.toCsv("out.csv")).build();
        assertThatThrownBy(() -> PARSER.check(wrong)).isInstanceOf(ValidationException.class)
                .hasMessageContaining("'abc' is not a whole number");
    }
}
