package io.osiris.core.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.osiris.api.ConfigurationException;
import io.osiris.api.state.IStateStore;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StateDatabaseTest {
    @TempDir
    Path dir;

    @Test
    void valuesRoundTripAsJsonTrees() {
        try (StateDatabase db = StateDatabase.open(dir.resolve(".osiris/state.db"))) {
            IStateStore store = db.forNamespace("session-1");
            store.set("text", "hello");
            store.set("number", 42);
            store.set("decimal", new BigDecimal("8.5"));
            store.set("flag", true);
            store.set("tree", Map.of("list", List.of(1, "two", Map.of("three", 3.5))));
            assertThat(store.get("text")).contains("hello");
            assertThat(store.get("number")).contains(42);
            assertThat(store.get("decimal")).contains(8.5);
            assertThat(store.get("flag")).contains(true);
            assertThat(store.get("tree")).contains(Map.of("list", List.of(1, "two", Map.of("three", 3.5))));
            assertThat(store.get("missing")).isEmpty();
            assertThat(store.get("missing", "fallback")).isEqualTo("fallback");
            assertThat(store.keys()).containsExactly("decimal", "flag", "number", "text", "tree");
        }
    }

    @Test
    void aValueSurvivesReopeningAndSetReplaces() {
        Path file = dir.resolve("state.db");
        try (StateDatabase db = StateDatabase.open(file)) {
            db.forNamespace("s").set("k", "first");
            db.forNamespace("s").set("k", "second");
        }
        try (StateDatabase db = StateDatabase.open(file)) {
            assertThat(db.forNamespace("s").get("k")).contains("second");
        }
    }

    @Test
    void namespacesNeverSeeEachOthersKeysAndClearOnlyTouchesItsOwn() {
        try (StateDatabase db = StateDatabase.open(dir.resolve("state.db"))) {
            IStateStore a = db.forNamespace("a");
            IStateStore b = db.forNamespace("b");
            a.set("k", "from a");
            b.set("k", "from b");
            assertThat(a.get("k")).contains("from a");
            a.clear();
            assertThat(a.keys()).isEmpty();
            assertThat(b.get("k")).contains("from b");
            b.remove("k");
            b.remove("k");
            assertThat(db.namespaces()).isEmpty();
        }
    }

    @Test
    void valuesThatAreNotJsonAreRejected() {
        try (StateDatabase db = StateDatabase.open(dir.resolve("state.db"))) {
            IStateStore store = db.forNamespace("s");
            assertThatThrownBy(() -> store.set("date", LocalDate.of(2024, 1, 1)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("java.time.LocalDate");
            assertThatThrownBy(() -> store.set("nested", Map.of("x", List.of(new Object()))))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("value of 'nested'.x[0]");
            assertThatThrownBy(() -> store.set("nan", Double.NaN)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> store.set("keys", Map.of(1, "one")))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("keys must be strings");
            List<Object> loop = new ArrayList<>();
            loop.add(loop);
            assertThatThrownBy(() -> store.set("loop", loop)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("contains itself");
            assertThat(store.keys()).isEmpty();
        }
    }

    @Test
    void theFileIsMarkedAsOursWithAVersionAndRunsInWalMode() throws Exception {
        Path file = dir.resolve("state.db");
        StateDatabase.open(file).close();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
            assertThat(s.executeQuery("PRAGMA application_id").getInt(1)).isEqualTo(StateDatabase.APPLICATION_ID);
            assertThat(s.executeQuery("PRAGMA user_version").getInt(1)).isEqualTo(StateDatabase.SCHEMA_VERSION);
            assertThat(s.executeQuery("PRAGMA journal_mode").getString(1)).isEqualToIgnoringCase("wal");
            assertThat(s.executeQuery("SELECT value FROM meta WHERE key = 'schema_version'").getString(1))
                    .isEqualTo("1");
        }
    }

    @Test
    void aFileThatIsNotSqliteIsRefusedAndLeftAlone() throws Exception {
        Path file = dir.resolve("state.db");
        Files.writeString(file, "name,rating\nAlien,8.5\n");
        byte[] before = Files.readAllBytes(file);
        assertThatThrownBy(() -> StateDatabase.open(file))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining(file.toString()).hasMessageContaining("not a SQLite database");
        assertThat(Files.readAllBytes(file)).isEqualTo(before);
    }

    @Test
    void anotherApplicationsSqliteDatabaseIsRefusedAndLeftAlone() throws Exception {
        Path file = dir.resolve("state.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL)");
            s.execute("INSERT INTO invoices VALUES (1, 9.5)");
        }
        String before = sha256(file);
        assertThatThrownBy(() -> StateDatabase.open(file))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining(file.toString()).hasMessageContaining("another application")
                .hasMessageContaining("invoices");
        assertThat(sha256(file)).isEqualTo(before);
        assertThat(dir.resolve("state.db-wal")).doesNotExist();
    }

    @Test
    void aNewerSchemaVersionIsRefused() throws Exception {
        Path file = dir.resolve("state.db");
        StateDatabase.open(file).close();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
            s.execute("PRAGMA user_version = 99");
        }
        assertThatThrownBy(() -> StateDatabase.open(file))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("schema version 99");
    }

    @Test
    void theStateFileLivesBesideTheConfig() {
        var config = new io.osiris.core.config.OsirisConfig(java.util.Optional.of(dir.resolve(".osiris.yaml")), 1,
                Map.of(), Map.of(), Map.of(), dir.resolve("output"));
        assertThat(StateDatabase.locationFor(config)).contains(dir.resolve(".osiris/state.db"));
        assertThat(StateDatabase.locationFor(io.osiris.core.config.OsirisConfig.empty(dir))).isEmpty();
    }

    @Test
    void twoProcessesWritingAtOnceLoseNothing() throws Exception {
        Path file = dir.resolve(".osiris/state.db");
        int n = 300;
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classPath = System.getProperty("java.class.path");
        List<Process> processes = new ArrayList<>();
        for (String namespace : List.of("writer-a", "writer-b")) {
            processes.add(new ProcessBuilder(java, "-cp", classPath, StateWriterMain.class.getName(),
                    file.toString(), "shared", namespace, String.valueOf(n))
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve(namespace + ".log").toFile())
                    .start());
        }
        for (Process p : processes) {
            assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("child finished").isTrue();
        }
        Map<String, String> logs = new HashMap<>();
        for (String namespace : List.of("writer-a", "writer-b")) {
            logs.put(namespace, Files.readString(dir.resolve(namespace + ".log")));
        }
        assertThat(processes).as(logs.toString()).allSatisfy(p -> assertThat(p.exitValue()).isZero());
        try (StateDatabase db = StateDatabase.open(file)) {
            IStateStore store = db.forNamespace("shared");
            assertThat(store.keys()).hasSize(2 * n);
            for (String writer : List.of("writer-a", "writer-b")) {
                for (int i = 0; i < n; i++) {
                    assertThat(store.get(writer + "-" + i)).contains(Map.of("writer", writer, "i", i));
                }
            }
        }
    }

    private static String sha256(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }

}
