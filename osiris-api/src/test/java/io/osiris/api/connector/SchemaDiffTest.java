package io.osiris.api.connector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.osiris.api.ValidationException;
import io.osiris.api.data.ColumnInfo;
import io.osiris.api.data.ColumnType;
import io.osiris.api.data.RowSchema;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SchemaDiffTest {
    private static final RowSchema TABLE = RowSchema.of(new ColumnInfo("id", ColumnType.INTEGER, false),
            new ColumnInfo("code", ColumnType.string(10)), new ColumnInfo("legacy", ColumnType.BIGINT));

    @Test
    void theSameColumnsMakeNoDifference() {
        SchemaDiff diff = SchemaDiff.between(TABLE, TABLE);

        assertThat(diff.isEmpty()).isTrue();
        assertThat(diff.describe()).isEqualTo("no difference");
    }

    @Test
    void listsNewMissingAndChangedColumnsInOrder() {
        RowSchema rows = RowSchema.of(new ColumnInfo("ID", ColumnType.INTEGER), new ColumnInfo("code",
                ColumnType.BOOLEAN), new ColumnInfo("price", ColumnType.decimal(12, 2)));
        RowSchema table = RowSchema.of(TABLE.column(0), new ColumnInfo("code", ColumnType.DATE), TABLE.column(2));

        SchemaDiff diff = SchemaDiff.between(table, rows);

        assertThat(diff.added()).extracting(ColumnInfo::name).containsExactly("price");
        assertThat(diff.missing()).extracting(ColumnInfo::name).containsExactly("legacy");
        assertThat(diff.changed()).containsExactly(new SchemaDiff.Change("code", ColumnType.DATE,
                ColumnType.BOOLEAN));
        assertThat(diff.describe()).isEqualTo("new column price DECIMAL(12,2); column legacy BIGINT is not in the"
                + " rows; column code: table DATE, rows BOOLEAN");
    }

    @ParameterizedTest(name = "{0} into {1}: {2}")
    @CsvSource({
            "STRING(10), STRING(40), true", "STRING(40), STRING(10), true", "STRING, STRING(10), true",
            "STRING(40), STRING, true", "INTEGER, BIGINT, true", "BIGINT, INTEGER, true", "BIGINT, SMALLINT, true", "BOOLEAN, STRING, true",
            "BINARY, STRING, false", "STRING, BINARY, false",
            "DECIMAL(12|2), DECIMAL(14|2), true", "DECIMAL(12|2), DECIMAL(12|1), false",
            "DECIMAL(12|2), DECIMAL(11|2), true", "INTEGER, DECIMAL(12|0), true", "BIGINT, DECIMAL(12|0), true",
            "DECIMAL(20|0), BIGINT, true", "DECIMAL(12|2), INTEGER, false", "DOUBLE, BIGINT, false",
            "UUID, STRING(36), true", "TIME, INTERVAL, true", "STRING, INTEGER, false",
            "TIMESTAMP, TIMESTAMP_TZ, true", "TIMESTAMP_TZ, TIMESTAMP, true", "DATE, TIMESTAMP, true",
            "TIMESTAMP, DATE, false", "INTEGER, DOUBLE, true", "BIGINT, DOUBLE, false", "REAL, DOUBLE, true", "DOUBLE, REAL, false"})
    void aTypeFitsWhenEveryValueIsStoredUnchanged(String incoming, String target, boolean fits) {
        assertThat(SchemaDiff.fits(type(incoming), type(target))).isEqualTo(fits);
    }

    @Test
    void freezeRefusesAnyDifferenceNamingTheTable() {
        SchemaDiff added = SchemaDiff.between(TABLE, RowSchema.of(new ColumnInfo("id", ColumnType.INTEGER),
                new ColumnInfo("code", ColumnType.string(10)), new ColumnInfo("legacy", ColumnType.BIGINT),
                new ColumnInfo("note", ColumnType.STRING)));

        for (WriteMode mode : WriteMode.values()) {
            assertThatThrownBy(() -> added.check(request(mode, SchemaPolicy.FREEZE)))
                    .isInstanceOf(ValidationException.class)
                    .hasMessageContaining("Cannot load into table t (schema: freeze)")
                    .hasMessageContaining("new column note STRING");
        }
        assertThatCode(() -> added.check(request(WriteMode.APPEND, SchemaPolicy.EVOLVE))).doesNotThrowAnyException();
    }

    @Test
    void evolveRefusesAChangedTypeExceptForAReplace() {
        SchemaDiff changed = SchemaDiff.between(TABLE, RowSchema.of(new ColumnInfo("legacy", ColumnType.DOUBLE)));

        assertThatThrownBy(() -> changed.check(request(WriteMode.APPEND, SchemaPolicy.EVOLVE)))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("would not fit")
                .hasMessageContaining("column legacy: table BIGINT, rows DOUBLE");
        assertThatCode(() -> changed.check(request(WriteMode.REPLACE, SchemaPolicy.EVOLVE)))
                .doesNotThrowAnyException();
    }

    @Test
    void anUpsertKeyTheTableLacksIsRefusedEvenWhenEvolving() {
        SchemaDiff diff = SchemaDiff.between(RowSchema.of(new ColumnInfo("code", ColumnType.STRING)),
                RowSchema.of(new ColumnInfo("id", ColumnType.INTEGER), new ColumnInfo("code", ColumnType.STRING)));

        assertThatThrownBy(() -> diff.check(new LoadRequest("t", WriteMode.UPSERT, List.of("id"),
                SchemaPolicy.EVOLVE)))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("primary_key column(s) [id] are not columns of the table");
    }

    private static LoadRequest request(WriteMode mode, SchemaPolicy policy) {
        return new LoadRequest("t", mode, mode == WriteMode.UPSERT || mode == WriteMode.DELETE_INSERT ? List.of("id")
                : List.of(), policy);
    }

    private static ColumnType type(String text) {
        String t = text.trim();
        int paren = t.indexOf('(');
        if (paren < 0) {
            return ColumnType.of(io.osiris.api.data.TypeKind.valueOf(t));
        }
        String[] size = t.substring(paren + 1, t.length() - 1).split("\\|");
        io.osiris.api.data.TypeKind kind = io.osiris.api.data.TypeKind.valueOf(t.substring(0, paren));
        return new ColumnType(kind, Integer.parseInt(size[0]), size.length > 1 ? Integer.parseInt(size[1]) : 0);
    }
}
