package io.osiris.cli;

import io.osiris.examples.MoviesDatabase;
import io.osiris.testkit.TestDatabases;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The movies database on the real test servers, in places no other test uses: the MariaDB
 * database {@code osiris_movies_it} and the PostgreSQL schema {@code osiris_movies_it}, each
 * created afresh. Skips (or fails, when databases are required) when a server does not answer.
 */
final class MoviesOnServers {
    static final String NAME = "osiris_movies_it";

    private MoviesOnServers() {
    }

    /** Seeds MariaDB and returns the JDBC URL of the movies database. */
    static String mysql() throws SQLException {
        return mysql(NAME);
    }

    /** Seeds MariaDB in database {@code name} (a test's own prefix) and returns its JDBC URL. */
    static String mysql(String name) throws SQLException {
        String url = TestDatabases.mysqlUrl();
        try (Connection c = TestDatabases.connect(url); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + name);
            s.execute("CREATE DATABASE " + name + " CHARACTER SET utf8mb4");
            s.execute("USE " + name);
            for (String sql : MoviesDatabase.statements()) {
                s.execute(sql);
            }
        }
        return url.replaceFirst("^(jdbc:mysql://[^/?]+)/?[^?]*", "$1/" + name);
    }

    /** Seeds PostgreSQL and returns a JDBC URL whose search path is the movies schema. */
    static String postgres() throws SQLException {
        return postgres(NAME);
    }

    /** Seeds PostgreSQL in schema {@code name} (a test's own prefix) and returns a URL searching it. */
    static String postgres(String name) throws SQLException {
        String url = TestDatabases.postgresUrl();
        try (Connection c = TestDatabases.connect(url); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + name + " CASCADE");
            s.execute("CREATE SCHEMA " + name);
            s.execute("SET search_path TO " + name);
            for (String sql : MoviesDatabase.statements()) {
                s.execute(sql);
            }
        }
        return url + (url.contains("?") ? "&" : "?") + "currentSchema=" + name;
    }

    /** A config with the two servers as mysql.it and supabase.it, outputs in {@code dir/out}. */
    static Path config(Path dir, String mysqlUrl, String postgresUrl) throws Exception {
        return config(dir, mysqlUrl, postgresUrl, NAME);
    }

    /** A config with the two servers as mysql.it and supabase.it (schema {@code schema}), outputs in {@code dir/out}. */
    static Path config(Path dir, String mysqlUrl, String postgresUrl, String schema) throws Exception {
        Path file = dir.resolve(".osiris.yaml");
        StringBuilder yaml = new StringBuilder("version: 1\nconnections:\n");
        if (mysqlUrl != null) {
            yaml.append("  mysql:\n    it:\n      jdbc_url: \"").append(mysqlUrl).append("\"\n");
        }
        if (postgresUrl != null) {
            yaml.append("  supabase:\n    it:\n      jdbc_url: \"").append(postgresUrl).append("\"\n      schema: ")
                    .append(schema).append("\n      sslmode: disable\n");
        }
        yaml.append("output:\n  directory: out\n");
        Files.writeString(file, yaml);
        return file;
    }

    /** Row counts of the five movies tables. */
    static Map<String, Long> counts(Connection c) throws SQLException {
        Map<String, Long> counts = new LinkedHashMap<>();
        try (Statement s = c.createStatement()) {
            for (String table : MoviesDatabase.TABLES) {
                try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + table)) {
                    rs.next();
                    counts.put(table, rs.getLong(1));
                }
            }
        }
        return counts;
    }
}
