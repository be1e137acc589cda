package io.osiris.llm.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * A generated warehouse-sized schema for schema-linking tests: {@value #TABLES} tables of
 * {@value #COLUMNS} columns each (ten rows of short text, numbers and dates apiece), in plain SQL
 * that DuckDB, MariaDB and PostgreSQL all read. Two tables deep in catalogue order carry the
 * question's meaning: {@link #PEOPLE} (30 people, {@link #PERSON} the 23rd, so not among the
 * first sample rows, beside an {@code email} column no index may read) and {@link #NOMINATIONS},
 * which references it.
 */
public final class WideSchema {
    public static final int TABLES = 300;
    public static final int COLUMNS = 20;
    public static final String PEOPLE = "m250_people";
    public static final String NOMINATIONS = "m280_award_nominations";
    public static final String PERSON = "Ava DuVernay";
    /** An email of the people table: sensitive, never indexed. */
    public static final String EMAIL_DOMAIN = "@people.example.org";
    /** Names the filler tables are made of; none means anything the question asks. */
    private static final List<String> NOUNS = List.of("invoice", "shipment", "warehouse", "supplier", "ledger",
            "voucher", "tariff", "parcel", "route", "vehicle", "depot", "contract", "payment", "refund", "coupon",
            "basket", "catalog", "device", "sensor", "ticket", "branch", "account", "budget", "asset", "license",
            "policy", "claim", "quote", "lead", "campaign");
    private static final List<String> STATUS = List.of("open", "closed", "pending");
    private static final List<String> REGIONS = List.of("north", "south", "east", "west", "central");

    private WideSchema() {
    }

    /** Every table name in catalogue (name) order. */
    public static List<String> tableNames() {
        return IntStream.range(0, TABLES).mapToObj(WideSchema::tableName).toList();
    }

    static String tableName(int i) {
        if (i == 250) {
            return PEOPLE;
        }
        if (i == 280) {
            return NOMINATIONS;
        }
        return String.format("m%03d_%s_%s", i, NOUNS.get(i % NOUNS.size()), NOUNS.get((i / 7) % NOUNS.size()));
    }

    /** The statements creating and filling the schema, in order (referenced tables first). */
    public static List<String> statements() {
        List<String> sql = new ArrayList<>();
        for (int i = 0; i < TABLES; i++) {
            String name = tableName(i);
            if (name.equals(PEOPLE)) {
                sql.add("CREATE TABLE " + PEOPLE + " (id INTEGER PRIMARY KEY, name VARCHAR(80), email VARCHAR(80), "
                        + "born DATE, country VARCHAR(40), " + filler(15, false) + ")");
                List<String> rows = new ArrayList<>();
                for (int p = 1; p <= 30; p++) {
                    String person = p == 23 ? PERSON : "Person Number" + p;
                    rows.add("(" + p + ", '" + person + "', 'p" + p + EMAIL_DOMAIN + "', DATE '1970-01-01', 'Country"
                            + (p % 4) + "', " + fillerValues(15, p, false) + ")");
                }
                sql.add("INSERT INTO " + PEOPLE + " VALUES " + String.join(", ", rows));
            } else if (name.equals(NOMINATIONS)) {
                sql.add("CREATE TABLE " + NOMINATIONS + " (id INTEGER PRIMARY KEY, person_id INTEGER, award VARCHAR(60), "
                        + "category VARCHAR(60), year INTEGER, " + filler(15, false) + ", FOREIGN KEY (person_id) "
                        + "REFERENCES " + PEOPLE + "(id))");
                sql.add("INSERT INTO " + NOMINATIONS + " VALUES (1, 23, 'Golden Globe', 'Best Director', 2015, "
                        + fillerValues(15, 1, false) + "), (2, 5, 'BAFTA', 'Best Film', 2016, "
                        + fillerValues(15, 2, false) + ")");
            } else {
                sql.add("CREATE TABLE " + name + " (id INTEGER PRIMARY KEY, " + filler(COLUMNS - 1, true) + ")");
                List<String> rows = new ArrayList<>();
                for (int r = 1; r <= 10; r++) {
                    rows.add("(" + r + ", " + fillerValues(COLUMNS - 1, r, true) + ")");
                }
                sql.add("INSERT INTO " + name + " VALUES " + String.join(", ", rows));
            }
        }
        return sql;
    }

    /** Creates the schema in a new DuckDB file. */
    public static Path duckdb(Path file) throws Exception {
        Files.deleteIfExists(file);
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + file.toAbsolutePath());
                Statement s = c.createStatement()) {
            for (String sql : statements()) {
                s.execute(sql);
            }
        }
        return file;
    }

    private static final List<String> FILLER = List.of("code VARCHAR(20)", "label VARCHAR(60)", "status VARCHAR(20)",
            "region VARCHAR(30)", "category VARCHAR(30)", "origin VARCHAR(30)", "qty INTEGER", "amount DECIMAL(12,2)",
            "price DECIMAL(12,2)", "created_on DATE", "updated_on DATE", "flag BOOLEAN", "score INTEGER",
            "weight DOUBLE PRECISION", "seq INTEGER", "batch VARCHAR(20)", "kind VARCHAR(20)", "remarks VARCHAR(200)",
            "ref_no INTEGER");

    /** {@code n} filler columns; tables that have their own category leave that one out. */
    private static String filler(int n, boolean withCategory) {
        return columns(n, withCategory).stream().collect(Collectors.joining(", "));
    }

    private static List<String> columns(int n, boolean withCategory) {
        return FILLER.stream().filter(c -> withCategory || !c.startsWith("category")).limit(n).toList();
    }

    private static String fillerValues(int n, int row, boolean withCategory) {
        List<String> values = new ArrayList<>();
        for (String column : columns(n, withCategory)) {
            String name = column.substring(0, column.indexOf(' '));
            values.add(switch (name) {
                case "code" -> "'C" + (1000 + row) + "'";
                case "label" -> "'Item " + row + "'";
                case "status" -> "'" + STATUS.get(row % STATUS.size()) + "'";
                case "region", "origin" -> "'" + REGIONS.get(row % REGIONS.size()) + "'";
                case "category" -> "'cat" + (row % 4) + "'";
                case "batch" -> "'B" + (row % 3) + "'";
                case "kind" -> "'k" + (row % 2) + "'";
                case "remarks" -> "'remark number " + row + " with some longer text to make rows wider'";
                case "created_on", "updated_on" -> "DATE '2024-01-" + String.format("%02d", row) + "'";
                case "flag" -> row % 2 == 0 ? "TRUE" : "FALSE";
                case "amount", "price", "weight" -> row + ".5";
                default -> String.valueOf(row);
            });
        }
        return String.join(", ", values);
    }
}
