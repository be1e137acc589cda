package io.osiris.llm.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.osiris.api.data.ColumnType;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The type map marks exactly the casts that may change values. */
class LossyCastsTest {
    @ParameterizedTest(name = "{0} ({1}) -> {2}: {3}")
    @CsvSource(delimiter = '|', textBlock = """
            DECIMAL(38,10) |                     | DOUBLE       | a DOUBLE keeps about 15 of its 38 digits
            DECIMAL(8,2)   |                     | DOUBLE       |
            DECIMAL(8,2)   |                     | INTEGER      | the fraction is dropped
            DECIMAL(8,2)   |                     | DECIMAL(8,1) | decimals past 1 are rounded
            BIGINT         | BIGINT UNSIGNED     | BIGINT       | unsigned values above 9223372036854775807 do not fit a signed BIGINT
            BIGINT         | BIGINT              | BIGINT       |
            BIGINT         |                     | INTEGER      | values beyond the range of INTEGER overflow
            INTEGER        |                     | BIGINT       |
            DOUBLE         |                     | INTEGER      | the fraction is dropped
            STRING(500)    | varchar(500)        | STRING(100)  | values longer than 100 are cut or refused
            STRING         | text                | STRING(100)  | values longer than 100 are cut or refused
            STRING(100)    |                     | STRING       |
            TIMESTAMP      | TIMESTAMP(9)        | TIMESTAMP    | fractions of a second finer than microseconds are cut
            TIMESTAMP      | TIMESTAMP_NS        | TIMESTAMP    | fractions of a second finer than microseconds are cut
            TIMESTAMP      | datetime(6)         | TIMESTAMP    |
            TIMESTAMP_TZ   | timestamptz         | TIMESTAMP    | the time zone is dropped
            TIMESTAMP      |                     | DATE         | the time of day is dropped
            """)
    void marksTheCastsThatMayChangeValues(String source, String nativeType, String target, String why) {
        assertThat(LossyCasts.why(type(source), nativeType == null ? "" : nativeType, type(target)))
                .isEqualTo(why == null ? "" : why);
    }

    private static ColumnType type(String text) {
        int open = text.indexOf('(');
        if (open < 0) {
            return ColumnType.of(io.osiris.api.data.TypeKind.valueOf(text));
        }
        String[] size = text.substring(open + 1, text.length() - 1).split(",");
        io.osiris.api.data.TypeKind kind = io.osiris.api.data.TypeKind.valueOf(text.substring(0, open));
        return new ColumnType(kind, Integer.parseInt(size[0]), size.length > 1 ? Integer.parseInt(size[1]) : 0);
    }
}
