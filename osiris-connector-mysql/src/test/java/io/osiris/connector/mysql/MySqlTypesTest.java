package io.osiris.connector.mysql;

import static org.assertj.core.api.Assertions.assertThat;

import io.osiris.api.data.ColumnInfo;
import io.osiris.api.data.ColumnType;
import io.osiris.api.data.RowSchema;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MySqlTypesTest {

    @ParameterizedTest(name = "{0}({1},{2}) reads as {3}")
    @CsvSource({
            "TINYINT,4,0,SMALLINT", "TINYINT UNSIGNED,3,0,SMALLINT", "TINYINT,1,0,BOOLEAN", "BIT,1,0,BOOLEAN",
            "BOOLEAN,1,0,BOOLEAN", "BIT,8,0,BINARY", "SMALLINT,6,0,SMALLINT", "SMALLINT UNSIGNED,5,0,INTEGER",
            "MEDIUMINT UNSIGNED,8,0,INTEGER", "INT,11,0,INTEGER", "INT UNSIGNED,10,0,BIGINT",
            "BIGINT,20,0,BIGINT", "BIGINT UNSIGNED,20,0,'DECIMAL(20,0)'", "FLOAT,12,0,REAL", "DOUBLE,22,0,DOUBLE",
            "DECIMAL,12,2,'DECIMAL(12,2)'", "decimal unsigned,38,10,'DECIMAL(38,10)'", "DECIMAL,65,30,STRING",
            "VARCHAR,50,0,STRING(50)", "CHAR,2,0,STRING(2)", "LONGTEXT,4294967295,0,STRING", "TEXT,65535,0,STRING",
            "ENUM,1,0,STRING(1)", "JSON,0,0,JSON", "VARBINARY,16,0,BINARY(16)", "LONGBLOB,0,0,BINARY",
            "DATE,10,0,DATE", "TIME,8,0,INTERVAL", "DATETIME,19,0,TIMESTAMP", "TIMESTAMP,19,0,TIMESTAMP_TZ",
            "YEAR,4,0,SMALLINT", "GEOMETRY,0,0,BINARY", "SOMETHING_NEW,0,0,STRING"})
    void nativeTypesMapToPortableOnes(String nativeType, long length, int scale, String expected) {
        assertThat(MySqlTypes.portable(nativeType, length, scale).toString()).isEqualTo(expected);
    }

    @ParameterizedTest(name = "information_schema {1} reads as {5}")
    @CsvSource({
            "tinyint,tinyint(1),0,3,0,BOOLEAN", "tinyint,tinyint(4),0,3,0,SMALLINT",
            "bigint,bigint(20) unsigned,0,20,0,'DECIMAL(20,0)'", "int,int(10) unsigned,0,10,0,BIGINT",
            "bit,bit(1),0,1,0,BOOLEAN", "decimal,'decimal(12,2)',0,12,2,'DECIMAL(12,2)'",
            "varchar,varchar(40),40,0,0,STRING(40)", "timestamp,timestamp(6),0,0,0,TIMESTAMP_TZ"})
    void informationSchemaColumnsMapLikeResultColumns(String dataType, String columnType, long charLength,
            long precision, int scale, String expected) {
        assertThat(MySqlDiscovery.columnType(dataType, columnType, charLength, precision, scale).toString())
                .isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} is created as {1}")
    @CsvSource({"BOOLEAN,BOOLEAN", "SMALLINT,SMALLINT", "INTEGER,INT", "BIGINT,BIGINT", "REAL,FLOAT",
            "DOUBLE,DOUBLE", "DATE,DATE", "TIME,TIME(6)", "INTERVAL,TIME(6)", "TIMESTAMP,DATETIME(6)", "TIMESTAMP_TZ,TIMESTAMP(6)",
            "JSON,JSON", "UUID,CHAR(36)", "STRING,LONGTEXT", "BINARY,LONGBLOB"})
    void portableTypesCreateFaithfulColumns(String kind, String ddl) {
        assertThat(MySqlTypes.ddl(ColumnType.of(io.osiris.api.data.TypeKind.valueOf(kind)), false)).isEqualTo(ddl);
    }

    @Test
    void sizedTypesKeepTheirSizeAndKeyColumnsStayIndexable() {
        assertThat(MySqlTypes.ddl(ColumnType.decimal(12, 2), false)).isEqualTo("DECIMAL(12,2)");
        assertThat(MySqlTypes.ddl(ColumnType.string(40), false)).isEqualTo("VARCHAR(40)");
        assertThat(MySqlTypes.ddl(ColumnType.string(5000), false)).isEqualTo("LONGTEXT");
        assertThat(MySqlTypes.ddl(ColumnType.string(5000), true)).isEqualTo("VARCHAR(255)");
        assertThat(MySqlTypes.ddl(ColumnType.string(500), true)).isEqualTo("VARCHAR(500)");
        assertThat(MySqlTypes.ddl(ColumnType.STRING, true)).isEqualTo("VARCHAR(255)");
    }

    @Test
    void createdTablesAreUtf8mb4WithBinaryCollationKeysAndNullableTimestamps() {
        RowSchema schema = RowSchema.of(new ColumnInfo("id", ColumnType.BIGINT, false),
                new ColumnInfo("a`b", ColumnType.string(10)), new ColumnInfo("at", ColumnType.TIMESTAMP_TZ));
        assertThat(MySqlWriter.createTable(MySqlTableName.parse("db.t"), schema, List.of("id"))).isEqualTo(
                "CREATE TABLE `db`.`t` (`id` BIGINT NOT NULL, `a``b` VARCHAR(10) NULL,"
                        + " `at` TIMESTAMP(6) NULL DEFAULT NULL, PRIMARY KEY (`id`))"
                        + " ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin");
    }

    @Test
    void upsertMatchesOnTheKeyColumnsOnlyAndUpdatesEveryOtherColumn() {
        RowSchema schema = RowSchema.of(new ColumnInfo("k1", ColumnType.INTEGER), new ColumnInfo("k2", ColumnType.INTEGER),
                new ColumnInfo("v", ColumnType.STRING));
        MySqlUpsert upsert = new MySqlUpsert(MySqlTableName.parse("db.t"), schema, List.of("k1", "k2"), "PRIMARY");
        String s = upsert.staging().quoted();
        assertThat(upsert.staging().database()).isEqualTo("db");
        assertThat(MySqlWriter.isStagingTable(upsert.staging().table())).isTrue();
        assertThat(upsert.stagingSql()).isEqualTo("CREATE TEMPORARY TABLE " + s + " (`__osiris_seq` BIGINT NOT NULL"
                + " AUTO_INCREMENT PRIMARY KEY, `__osiris_matched` BOOLEAN NOT NULL DEFAULT FALSE) ENGINE=InnoDB"
                + " SELECT `k1`, `k2`, `v` FROM `db`.`t` LIMIT 0");
        assertThat(upsert.updateSql()).isEqualTo("UPDATE " + s + " s STRAIGHT_JOIN `db`.`t` t FORCE INDEX (`PRIMARY`)"
                + " ON t.`k1` = s.`k1` AND t.`k2` = s.`k2` SET t.`v` = s.`v`, s.`__osiris_matched` = TRUE");
        assertThat(upsert.insertSql()).isEqualTo("INSERT INTO `db`.`t` (`k1`, `k2`, `v`) SELECT s.`k1`, s.`k2`, s.`v`"
                + " FROM " + s + " s WHERE NOT s.`__osiris_matched` ORDER BY s.`__osiris_seq`");
        assertThat(upsert.dropEarlierSql()).endsWith(" WHERE l.`__osiris_seq` IS NULL AND s.`k1` IS NOT NULL"
                + " AND s.`k2` IS NOT NULL");
        // Every column a key: a no-op assignment, so the UPDATE still counts the matched rows.
        // Without an index over the key, no index is forced.
        assertThat(new MySqlUpsert(MySqlTableName.parse("t"), schema, List.of("k1", "k2", "v"), "").updateSql())
                .endsWith(" s STRAIGHT_JOIN `t` t ON t.`k1` = s.`k1` AND t.`k2` = s.`k2` AND t.`v` = s.`v`"
                        + " SET t.`k1` = s.`k1`, s.`__osiris_matched` = TRUE");
        assertThat(MySqlWriter.insertSql(MySqlTableName.parse("t"), schema))
                .isEqualTo("INSERT INTO `t` (`k1`, `k2`, `v`) VALUES (?, ?, ?)");
    }

    @Test
    void stagingNamesFitMySqlsLimitAndAreRecognised() {
        String name = MySqlWriter.transientName("x".repeat(64), "new");
        assertThat(name).hasSizeLessThanOrEqualTo(64);
        assertThat(MySqlWriter.isStagingTable(name)).isTrue();
        assertThat(MySqlWriter.isStagingTable("orders")).isFalse();
    }

    @Test
    void tableExtractionsQuoteNamesAndKeepFilterAndLimit() {
        assertThat(MySqlExtractor.sql(new io.osiris.api.connector.Extraction.Table("shop.orders",
                List.of("id", "total"), "total > 10", 5)))
                .isEqualTo("SELECT `id`, `total` FROM `shop`.`orders` WHERE (total > 10) LIMIT 5");
    }
}
