package io.osiris.core.sql;

import static io.osiris.core.sql.FunctionCategory.CHANGES_STATE;
import static io.osiris.core.sql.FunctionCategory.OPENS_SESSIONS;
import static io.osiris.core.sql.FunctionCategory.REVEALS_SETTINGS;
import static io.osiris.core.sql.FunctionCategory.RUNS_SQL_TEXT;
import static io.osiris.core.sql.FunctionCategory.SERVER_FILES;
import static io.osiris.core.sql.FunctionCategory.UNREVIEWED_TABLE_FUNCTION;

/**
 * DuckDB's reviewed functions (checked against {@code duckdb_functions()} of DuckDB 1.4.4 and
 * the extensions it may autoload). Table functions are an allow-list; every other built-in
 * table function is also refused by name wherever it appears, so a position the parser does
 * not recognise as {@code FROM} cannot smuggle one in. Scalars that read settings, the
 * environment or serialized SQL, or advance state, are refused by name.
 */
final class DuckDbFunctions {
    static final FunctionPolicy POLICY = FunctionPolicy.builder()
            .replacementScans()
            .tableFunctions("range", "generate_series", "unnest", "json_each", "json_tree", "repeat_row",
                    "generate_subscripts")
            .prefixes(SERVER_FILES, "read_", "parquet_", "iceberg_", "delta_", "ducklake_", "st_read",
                    "sqlite_", "excel_")
            .names(SERVER_FILES, "glob", "sniff_csv", "parquet_scan", "st_readosm", "st_readshp", "st_read_meta",
                    "arrow_scan", "arrow_scan_dumb", "seq_scan", "duckdb_temporary_files", "duckdb_external_file_cache",
                    "import_database", "copy_database", "write_log", "load_aws_credentials", "summary")
            .names(RUNS_SQL_TEXT, "query", "query_table", "json_execute_serialized_sql", "from_substrait",
                    "from_substrait_json", "histogram_values", "duckdb_logs_parsed")
            .prefixes(OPENS_SESSIONS, "postgres_", "mysql_", "httpfs_", "azure_", "s3_", "http_")
            .names(REVEALS_SETTINGS, "current_setting", "getenv", "duckdb_settings", "duckdb_secrets",
                    "which_secret", "duckdb_secret_types", "duckdb_extensions", "duckdb_variables")
            .prefixes(REVEALS_SETTINGS, "pragma_", "duckdb_")
            .names(CHANGES_STATE, "nextval", "setseed", "checkpoint", "force_checkpoint", "enable_logging",
                    "disable_logging", "truncate_duckdb_logs", "set_variable")
            .names(UNREVIEWED_TABLE_FUNCTION, "test_all_types", "test_vector_types", "icu_calendar_names",
                    "pg_timezone_names")
            .build();

    private DuckDbFunctions() {
    }
}
