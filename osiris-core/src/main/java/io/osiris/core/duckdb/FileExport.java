package io.osiris.core.duckdb;

import io.osiris.api.pipeline.LoadTarget;
import io.osiris.core.engine.TransformEngine.FileFormat;
import java.nio.file.Path;
import java.sql.SQLException;
import org.duckdb.DuckDBConnection;

/** Writes a table to a CSV, JSON or Parquet file with DuckDB's {@code COPY ... TO}. */
final class FileExport {
    private final EngineSession session;
    private final EngineTables tables;

    FileExport(EngineSession session, EngineTables tables) {
        this.session = session;
        this.tables = tables;
    }

    long export(String table, FileFormat format, Path file) {
        try (DuckDBConnection c = session.connection()) {
            String select = "SELECT * FROM " + Sql.quote(table);
            if (format.target() == LoadTarget.PARQUET) {
                select = FileColumns.fromTable(select, tables.schemaOf(table), format);
            }
            session.execute(c, "COPY (" + select + ") TO " + Sql.literal(file.toString()) + " (" + options(format)
                    + ")");
            return session.count(c, table);
        } catch (SQLException e) {
            throw session.failure("Writing " + table + " to " + file, e);
        }
    }

    /** The {@code COPY ... TO} options that write a file of {@code format}. */
    static String options(FileFormat format) {
        // DuckDB replaces an existing file through a tmp_ file beside it, which the sandbox does
        // not declare: written in place, a declared file can be replaced as the seam promises.
        return "USE_TMP_FILE false, " + switch (format.target()) {
            // RFC 4180: header row, comma, fields quoted only when needed, quotes doubled.
            case CSV -> "FORMAT csv, HEADER true, DELIMITER ','";
            // Newline-delimited JSON: one object per row; streams and appends well.
            case JSON -> "FORMAT json";
            // DuckDB's default codec is snappy, which every Parquet reader takes.
            case PARQUET -> "FORMAT parquet" + (format.compression().isEmpty() ? ""
                    : ", COMPRESSION " + Sql.literal(format.compression()));
            default -> throw new IllegalArgumentException("not a file format: " + format.target());
        };
    }
}
