package io.osiris.connector.supabase;

import io.osiris.api.ConnectionException;
import io.osiris.api.connector.SqlDialect;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Creates a connection's database when the server lacks it, for {@code create_database: true}
 * ({@code osiris init --demo-db} names a database a fresh server does not have). PostgreSQL has
 * no connect option for it, so the server's maintenance database ({@code postgres}) is asked,
 * with the same credentials and settings.
 */
final class MissingDatabase {
    private static final Pattern URL = Pattern.compile("(jdbc:postgresql://[^/?]+/)([^?]*)(.*)");

    private MissingDatabase() {
    }

    static void create(SupabaseSettings settings) {
        String database = settings.database();
        Matcher m = URL.matcher(settings.jdbcUrl());
        if (database.isEmpty() || database.equals("postgres") || !m.matches()) {
            return;
        }
        String maintenance = m.group(1) + "postgres" + m.group(3);
        try (Connection c = DriverManager.getConnection(maintenance, settings.driverProperties());
                PreparedStatement exists = c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            exists.setString(1, database);
            try (ResultSet rs = exists.executeQuery()) {
                if (rs.next()) {
                    return;
                }
            }
            try (Statement create = c.createStatement()) {
                create.execute("CREATE DATABASE " + SqlDialect.POSTGRES.quote(database));
            }
        } catch (SQLException e) {
            throw new ConnectionException("Cannot create database " + database + " on " + settings.host() + ":"
                    + settings.port() + " (create_database): " + e.getMessage(), e);
        }
    }
}
