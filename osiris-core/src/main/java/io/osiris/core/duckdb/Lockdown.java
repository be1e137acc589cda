package io.osiris.core.duckdb;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Closes a DuckDB database to everything but the directories and files it is given: no other
 * local file, no URL, no extension installed or loaded behind the SQL's back
 * ({@code read_text('.env')}, {@code FROM '/etc/passwd'}, {@code glob('*')} and {@code ATTACH}
 * fail with a permission error that names the path and quotes nothing from it).
 *
 * <p>Applied once per database, before any SQL of a pipeline runs; the order is DuckDB's:
 * the allowed lists can be set only while external access is still on, and
 * {@code lock_configuration} comes last, so no statement can set anything again (checked on
 * DuckDB 1.4.4).
 */
final class Lockdown {
    private Lockdown() {
    }

    static void apply(Statement s, List<Path> directories, List<Path> files) throws SQLException {
        s.execute("SET autoinstall_known_extensions = false");
        s.execute("SET autoload_known_extensions = false");
        s.execute("SET allowed_directories = " + list(directories));
        s.execute("SET allowed_paths = " + list(files));
        s.execute("SET enable_external_access = false");
        s.execute("SET lock_configuration = true");
    }

    /** Whether the database of {@code c} is already locked down (another connection to it did it). */
    static boolean applied(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT"
                + " current_setting('lock_configuration'), current_setting('enable_external_access')")) {
            rs.next();
            return rs.getBoolean(1) && !rs.getBoolean(2);
        }
    }

    /**
     * DuckDB's message, with what to do when the sandbox refused a file: its permission error
     * names the path and quotes nothing from it.
     */
    static String explain(String message) {
        if (message == null || !message.contains("disabled by configuration")) {
            return message;
        }
        return message.strip() + "\n(Osiris's DuckDB opens only the files a pipeline declares: the DuckDB files"
                + " extracts name by path and the files loads write; a transform reads the steps' tables.)";
    }

    private static String list(List<Path> paths) {
        return paths.stream().map(p -> Sql.literal(p.toAbsolutePath().normalize().toString()))
                .collect(Collectors.joining(", ", "[", "]"));
    }
}
