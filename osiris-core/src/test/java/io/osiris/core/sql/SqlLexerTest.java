package io.osiris.core.sql;

import static org.assertj.core.api.Assertions.assertThat;

import io.osiris.core.sql.SqlLexer.Rules;
import io.osiris.core.sql.SqlLexer.Token;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The lexer reads comments, strings and names where each server does. */
class SqlLexerTest {

    static Stream<Arguments> codeWords() {
        return Stream.of(
                Arguments.of(Rules.MYSQL, "SELECT 1 --x", List.of("SELECT", "1", "-", "-", "x")),
                Arguments.of(Rules.MYSQL, "SELECT 1 -- x", List.of("SELECT", "1")),
                Arguments.of(Rules.MYSQL, "SELECT 1 # x\n, y", List.of("SELECT", "1", ",", "y")),
                Arguments.of(Rules.MYSQL, "SELECT 'a\\'b', c", List.of("SELECT", "'a\\'b'", ",", "c")),
                Arguments.of(Rules.MYSQL_NO_BACKSLASH_ESCAPES, "SELECT 'a\\', c", List.of("SELECT", "'a\\'", ",", "c")),
                Arguments.of(Rules.POSTGRES, "SELECT 1 --x", List.of("SELECT", "1")),
                Arguments.of(Rules.POSTGRES, "SELECT /* a /* b */ c */ d", List.of("SELECT", "d")),
                Arguments.of(Rules.POSTGRES, "SELECT $t$ ' $t$, x", List.of("SELECT", "$t$ ' $t$", ",", "x")),
                Arguments.of(Rules.POSTGRES, "SELECT E'\\'', x", List.of("SELECT", "E'\\''", ",", "x")),
                Arguments.of(Rules.POSTGRES, "SELECT $1, a$b", List.of("SELECT", "$1", ",", "a$b")),
                Arguments.of(Rules.POSTGRES, "SELECT \"a\"\"b\"(1)", List.of("SELECT", "\"a\"\"b\"", "(", "1", ")")));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("codeWords")
    void readsCodeWhereTheServerDoes(Rules rules, String sql, List<String> code) {
        SqlLexer.Lexed lexed = SqlLexer.lex(sql, rules);
        assertThat(lexed.error()).isEmpty();
        assertThat(lexed.code().stream().map(Token::text).toList()).isEqualTo(code);
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("unterminated")
    void reportsAnUnterminatedStringOrComment(Rules rules, String sql) {
        assertThat(SqlLexer.lex(sql, rules).error()).isPresent();
    }

    static Stream<Arguments> unterminated() {
        return Stream.of(
                Arguments.of(Rules.MYSQL, "SELECT 'a"),
                Arguments.of(Rules.MYSQL, "SELECT 'a\\'"),
                Arguments.of(Rules.POSTGRES, "SELECT /* a /* b */"),
                Arguments.of(Rules.POSTGRES, "SELECT $$ a"),
                Arguments.of(Rules.POSTGRES, "SELECT \"a"));
    }
}
