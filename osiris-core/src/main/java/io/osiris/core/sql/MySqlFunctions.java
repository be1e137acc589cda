package io.osiris.core.sql;

import static io.osiris.core.sql.FunctionCategory.CHANGES_STATE;
import static io.osiris.core.sql.FunctionCategory.OPENS_SESSIONS;
import static io.osiris.core.sql.FunctionCategory.REVEALS_SETTINGS;
import static io.osiris.core.sql.FunctionCategory.RUNS_COMMANDS;
import static io.osiris.core.sql.FunctionCategory.RUNS_SQL_TEXT;
import static io.osiris.core.sql.FunctionCategory.SERVER_FILES;
import static io.osiris.core.sql.FunctionCategory.SLEEPS;
import static io.osiris.core.sql.FunctionCategory.TAKES_LOCKS;

/**
 * MySQL's and MariaDB's reviewed functions: a deny-list (MySQL has hundreds of built-ins and
 * no catalog of them), covering the built-ins that touch files, sleep, wait for replication or
 * take named locks, and the well-known UDF and plugin families (lib_mysqludf_sys, Spider,
 * Mroonga, group replication, keyring, audit log, version tokens, Galera's wsrep).
 */
final class MySqlFunctions {
    static final FunctionPolicy POLICY = FunctionPolicy.builder()
            .names(SERVER_FILES, "load_file", "gen_dictionary_load")
            .names(RUNS_COMMANDS, "sys_exec", "sys_eval", "sys_get", "sys_set", "lib_mysqludf_sys_info")
            .names(SLEEPS, "sleep", "benchmark", "master_pos_wait", "source_pos_wait", "master_gtid_wait",
                    "wait_for_executed_gtid_set", "wait_until_sql_thread_after_gtids")
            .prefixes(SLEEPS, "wsrep_")
            .names(TAKES_LOCKS, "get_lock", "release_lock", "release_all_locks", "is_free_lock", "is_used_lock",
                    "service_get_read_locks", "service_get_write_locks", "service_release_locks")
            .names(CHANGES_STATE, "nextval", "setval", "last_insert_id", "load_rewrite_rules",
                    "set_firewall_mode", "gen_dictionary_drop")
            .prefixes(CHANGES_STATE, "group_replication_", "asynchronous_connection_failover_",
                    "version_tokens_", "audit_log_", "mysql_firewall_", "masking_dictionary")
            .prefixes(REVEALS_SETTINGS, "keyring_")
            .prefixes(OPENS_SESSIONS, "spider_")
            .names(RUNS_SQL_TEXT, "mroonga_command")
            .build();

    private MySqlFunctions() {
    }
}
