package io.osiris.core.duckdb;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * SQL that reads a file, a directory or a URL, or runs SQL text that does, and the secret
 * files it aims at: each holds {@link #MARKER}, which no message or output may ever carry.
 */
public final class FileReadingSql {
    /** In every secret file. */
    public static final String MARKER = "OSIRIS_SECRET_MARKER_t18box";

    private FileReadingSql() {
    }

    /** Writes {@code secret.txt}, {@code secret.csv} and {@code .env} into {@code dir}. */
    public static void writeSecrets(Path dir) throws IOException {
        Files.writeString(dir.resolve("secret.txt"), MARKER + "\n" + MARKER + "_line2\n");
        Files.writeString(dir.resolve(".env"), "API_KEY=" + MARKER + "\n");
        Files.writeString(dir.resolve("secret.csv"), "key,value\napi," + MARKER + "\n");
    }

    /** The corpus, with the secrets' directory in place of {@code {dir}}. */
    public static Stream<String> in(Path dir) {
        return corpus().map(sql -> sql.replace("{dir}", dir.toString()));
    }

    /** The corpus; {@code {dir}} stands for the directory holding the secrets. */
    public static Stream<String> corpus() {
        return Stream.of(
                "SELECT * FROM read_text('{dir}/secret.txt')",
                "SELECT content FROM read_text('{dir}/.env')",
                "SELECT * FROM read_csv('{dir}/secret.csv')",
                "SELECT * FROM read_csv('/etc/passwd')",
                "SELECT * FROM read_csv_auto('{dir}/secret.txt')",
                "SELECT * FROM read_csv('{dir}/secret.txt', columns = {'a': 'INTEGER'}, header = false)",
                "SELECT * FROM read_parquet('{dir}/secret.txt')",
                "SELECT * FROM read_json('{dir}/secret.txt')",
                "SELECT * FROM read_json_auto('{dir}/secret.txt')",
                "SELECT * FROM read_ndjson_objects('{dir}/secret.txt')",
                "SELECT * FROM read_blob('{dir}/secret.txt')",
                "SELECT * FROM glob('{dir}/*')",
                "SELECT * FROM glob('*')",
                "SELECT * FROM '{dir}/secret.txt'",
                "SELECT * FROM '{dir}/secret.csv'",
                "SELECT * FROM \"{dir}/secret.csv\"",
                "SELECT * FROM query('SELECT * FROM read_text(''{dir}/secret.txt'')')",
                "SELECT * FROM query_table('{dir}/secret.csv')",
                "SELECT * FROM sniff_csv('{dir}/secret.csv')",
                "SELECT * FROM parquet_metadata('{dir}/secret.txt')",
                "SELECT (SELECT content FROM read_text('{dir}/secret.txt')) AS c",
                "SELECT * FROM range(1) AS r, LATERAL read_text('{dir}/secret.txt')",
                "SELECT * FROM read_csv('https://example.com/data.csv')",
                "SELECT getenv('HOME') AS home");
    }
}
