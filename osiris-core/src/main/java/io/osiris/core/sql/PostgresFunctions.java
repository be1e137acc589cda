package io.osiris.core.sql;

import static io.osiris.core.sql.FunctionCategory.CHANGES_STATE;
import static io.osiris.core.sql.FunctionCategory.OPENS_SESSIONS;
import static io.osiris.core.sql.FunctionCategory.REVEALS_SETTINGS;
import static io.osiris.core.sql.FunctionCategory.RUNS_SQL_TEXT;
import static io.osiris.core.sql.FunctionCategory.SERVER_FILES;
import static io.osiris.core.sql.FunctionCategory.SIGNALS_BACKENDS;
import static io.osiris.core.sql.FunctionCategory.SLEEPS;
import static io.osiris.core.sql.FunctionCategory.TAKES_LOCKS;
import static io.osiris.core.sql.FunctionCategory.UNREVIEWED_SERVER_FUNCTION;

import java.util.List;

/**
 * PostgreSQL's (and Supabase's) reviewed functions. Every {@code pg_} function is refused
 * except the allow-list below, each checked against the PostgreSQL 15 catalog and the
 * documentation of "System Information Functions" and "Database Object Management Functions"
 * as reading catalog facts only; families that run SQL text, open sessions, touch files or
 * change state are refused by name or prefix, whatever schema they were installed in.
 */
final class PostgresFunctions {
    /** {@code pg_} functions reviewed as harmless: catalog facts, sizes, definitions, encodings. */
    static final List<String> ALLOWED = List.of(
            "pg_typeof", "pg_size_pretty", "pg_size_bytes", "pg_column_size", "pg_column_compression",
            "pg_relation_size", "pg_total_relation_size", "pg_table_size", "pg_indexes_size", "pg_database_size",
            "pg_get_constraintdef", "pg_get_indexdef", "pg_get_viewdef", "pg_get_functiondef",
            "pg_get_function_arguments", "pg_get_function_identity_arguments", "pg_get_function_result",
            "pg_get_function_arg_default", "pg_get_triggerdef", "pg_get_ruledef", "pg_get_expr",
            "pg_get_partkeydef", "pg_get_partition_constraintdef", "pg_get_statisticsobjdef",
            "pg_get_serial_sequence", "pg_get_userbyid", "pg_get_keywords",
            "pg_encoding_to_char", "pg_char_to_encoding", "pg_client_encoding", "pg_encoding_max_length",
            "pg_backend_pid", "pg_postmaster_start_time", "pg_conf_load_time", "pg_is_in_recovery",
            "pg_table_is_visible", "pg_type_is_visible", "pg_function_is_visible", "pg_operator_is_visible",
            "pg_opclass_is_visible", "pg_opfamily_is_visible", "pg_collation_is_visible",
            "pg_conversion_is_visible", "pg_statistics_obj_is_visible", "pg_ts_config_is_visible",
            "pg_ts_dict_is_visible", "pg_ts_parser_is_visible", "pg_ts_template_is_visible",
            "pg_has_role", "pg_my_temp_schema", "pg_is_other_temp_schema", "pg_collation_for",
            "pg_describe_object", "pg_identify_object", "pg_identify_object_as_address",
            "pg_index_column_has_property", "pg_index_has_property", "pg_indexam_has_property",
            "pg_options_to_table", "pg_partition_tree", "pg_partition_root", "pg_partition_ancestors",
            "pg_column_is_updatable", "pg_relation_is_updatable", "pg_trigger_depth", "pg_jit_available",
            "pg_timezone_names", "pg_timezone_abbrevs",
            // PostgreSQL 16: validate text against a type without raising.
            "pg_input_is_valid", "pg_input_error_info");

    static final FunctionPolicy POLICY = FunctionPolicy.builder()
            .names(RUNS_SQL_TEXT, "ts_stat", "ts_rewrite", "connectby", "graphql", "resolve",
                    "schedule", "schedule_in_database", "alter_job")
            .prefixes(RUNS_SQL_TEXT, "crosstab")
            .infixes(RUNS_SQL_TEXT, "_to_xml")
            .prefixes(OPENS_SESSIONS, "dblink", "postgres_fdw_", "http_")
            .names(OPENS_SESSIONS, "http")
            .prefixes(SERVER_FILES, "lo_", "pgstat", "bt_", "gin_", "gist_", "brin_", "hash_page", "hash_metapage",
                    "hash_bitmap", "autoprewarm")
            .names(SERVER_FILES, "loread", "lowrite", "get_raw_page", "page_header", "heap_page_items",
                    "heap_page_item_attrs", "tuple_data_split", "fsm_page_contents", "page_checksum",
                    "verify_heapam", "pgrowlocks", "pg_read_file", "pg_read_binary_file", "pg_stat_file",
                    "pg_ls_dir", "pg_file_write", "pg_file_rename", "pg_file_unlink", "pg_logdir_ls",
                    "pg_current_logfile", "pg_relation_filepath", "pg_relation_filenode", "pg_tablespace_location",
                    "pg_show_all_file_settings", "pg_hba_file_rules", "pg_ident_file_mappings")
            .prefixes(SERVER_FILES, "pg_ls_")
            .names(SIGNALS_BACKENDS, "pg_terminate_backend", "pg_cancel_backend", "pg_reload_conf",
                    "pg_rotate_logfile", "pg_promote", "pg_log_backend_memory_contexts")
            .names(SLEEPS, "pg_sleep", "pg_sleep_for", "pg_sleep_until")
            .prefixes(TAKES_LOCKS, "pg_advisory", "pg_try_advisory")
            .names(CHANGES_STATE, "set_config", "setseed", "nextval", "setval", "txid_current",
                    "pg_current_xact_id", "pg_notify", "pg_switch_wal", "pg_create_restore_point",
                    "pg_backup_start", "pg_backup_stop", "pg_export_snapshot", "pg_logical_emit_message",
                    "pg_import_system_collations", "pg_nextoid", "gin_clean_pending_list",
                    "brin_summarize_new_values", "brin_summarize_range", "brin_desummarize_range", "unschedule")
            .prefixes(CHANGES_STATE, "pg_stat_reset", "pg_replication_", "pg_create_", "pg_drop_", "pg_copy_",
                    "pg_logical_slot_", "pg_wal_replay_", "binary_upgrade_")
            .schemas(CHANGES_STATE, "cron", "pgmq", "vault", "pgsodium", "realtime", "supabase_functions")
            .schemas(OPENS_SESSIONS, "net", "dblink")
            .schemas(RUNS_SQL_TEXT, "graphql")
            .relations(SERVER_FILES, "pg_file_settings", "pg_hba_file_rules", "pg_ident_file_mappings")
            .relations(REVEALS_SETTINGS, "pg_authid", "pg_shadow", "pg_user_mapping", "pg_user_mappings")
            .prefixes(UNREVIEWED_SERVER_FUNCTION, "pg_")
            .allow(ALLOWED.toArray(String[]::new))
            .build();

    private PostgresFunctions() {
    }
}
