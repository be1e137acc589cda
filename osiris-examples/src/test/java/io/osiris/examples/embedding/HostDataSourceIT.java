package io.osiris.examples.embedding;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.osiris.api.connector.WriteMode;
import io.osiris.api.pipeline.Pipeline;
import io.osiris.core.Osiris;
import io.osiris.core.config.OsirisConfig;
import io.osiris.core.runner.RunReport;
import io.osiris.testkit.TestDatabases;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A host application hands Osiris its own pool or DataSource: the mysql and supabase connectors
 * take their connections from it instead of building a pool, a pipeline built in code extracts
 * and loads through it, and the host's pool is still open afterwards (the host owns it).
 */
class HostDataSourceIT {
    private static final String SOURCE = "h_config_movies";
    private static final String TARGET = "h_config_top";

    @TempDir
    Path project;

    private static void seed(DataSource ds) throws Exception {
        try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
            st.execute("DROP TABLE IF EXISTS " + TARGET);
            st.execute("DROP TABLE IF EXISTS " + SOURCE);
            st.execute("CREATE TABLE " + SOURCE + " (movie_id INTEGER PRIMARY KEY, title VARCHAR(100), rating DECIMAL(3,1))");
            st.execute("INSERT INTO " + SOURCE + " VALUES (1, 'Alien', 8.5), (2, 'Heat', 8.3), (3, 'Brazil', 6.0)");
        }
    }

    private static List<String> titles(DataSource ds) throws Exception {
        List<String> titles = new ArrayList<>();
        try (Connection c = ds.getConnection(); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT title FROM " + TARGET + " ORDER BY rating DESC")) {
            while (rs.next()) {
                titles.add(rs.getString(1));
            }
        }
        return titles;
    }

    private RunReport run(String type, OsirisConfig config) {
        Pipeline top = Pipeline.builder("host_pool")
                .extract("movies", e -> e.source(type).query("SELECT movie_id, title, rating FROM " + SOURCE
                        + " WHERE rating > 8.0"))
                .load("publish", l -> l.from("movies").toConnector(type, TARGET).mode(WriteMode.REPLACE))
                .load("save", l -> l.from("movies").toCsv("output/top.csv"))
                .build();
        try (Osiris osiris = Osiris.configure().workingDirectory(project).config(config).load()) {
            return osiris.run(top);
        }
    }

    @Test
    void mysqlExtractsAndLoadsThroughTheHostsPoolAndLeavesItOpen() throws Exception {
        TestDatabases.connect(TestDatabases.mysqlUrl()).close(); // skips (or fails) without a server
        HikariConfig settings = new HikariConfig();
        settings.setJdbcUrl(TestDatabases.mysqlUrl());
        settings.setMaximumPoolSize(4);
        try (HikariDataSource hostPool = new HikariDataSource(settings)) {
            seed(hostPool);
            OsirisConfig config = OsirisConfig.builder().projectDirectory(project)
                    .connection("mysql", "default", c -> c.dataSource(hostPool)).build();

            RunReport report = run("mysql", config);

            assertThat(report.steps()).hasSize(3);
            assertThat(hostPool.isClosed()).isFalse();
            assertThat(titles(hostPool)).containsExactly("Alien", "Heat");
            assertThat(Files.readAllLines(project.resolve("output/top.csv"))).hasSize(3);
        }
    }

    @Test
    void supabaseExtractsAndLoadsThroughTheDriversOwnDataSource() throws Exception {
        TestDatabases.connect(TestDatabases.postgresUrl()).close();
        PGSimpleDataSource host = new PGSimpleDataSource();
        host.setURL(TestDatabases.postgresUrl());
        seed(host);
        OsirisConfig config = OsirisConfig.builder().projectDirectory(project)
                .connection("supabase", "default", c -> c.dataSource(host)).build();

        run("supabase", config);

        assertThat(titles(host)).containsExactly("Alien", "Heat");
    }

    @Test
    void aPasswordSupplierIsReadWhenConnectingAndNeverKept() throws Exception {
        TestDatabases.connect(TestDatabases.postgresUrl()).close();
        PGSimpleDataSource direct = new PGSimpleDataSource();
        direct.setURL(TestDatabases.postgresUrl());
        seed(direct);
        var url = java.net.URI.create(TestDatabases.postgresUrl().substring("jdbc:".length()));
        String user = url.getQuery() == null ? "postgres" : url.getQuery().replaceAll(".*user=([^&]*).*", "$1");
        AtomicInteger reads = new AtomicInteger();
        OsirisConfig config = OsirisConfig.builder().projectDirectory(project)
                .connection("supabase", "default", c -> c.set("host", url.getHost())
                        .set("port", String.valueOf(url.getPort())).set("database", url.getPath().substring(1))
                        .set("user", user).set("sslmode", "disable").password(() -> {
                            reads.incrementAndGet();
                            return "";
                        }))
                .build();

        assertThat(reads).hasValue(0);
        run("supabase", config);

        assertThat(reads.get()).isPositive();
        assertThat(config.requireConnection("supabase", "default").properties()).doesNotContainKey("password");
        assertThat(titles(direct)).containsExactly("Alien", "Heat");
    }
}
