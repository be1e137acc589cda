package io.osiris.connector.supabase;

import static java.util.Objects.requireNonNull;

import io.osiris.api.ConfigurationException;
import io.osiris.api.connector.ConnectorConfig;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How to reach one PostgreSQL database, derived from a connection entry without touching the
 * network, so every rule (Supabase hosts, pooler user, SSL, prepared statements) is unit-testable.
 *
 * @param jdbcUrl            the JDBC URL without credentials (or the user's own {@code jdbc_url})
 * @param host               the host, for messages
 * @param port               the port, for messages
 * @param database           the database, for messages
 * @param user               the user; empty when the user's {@code jdbc_url} carries it
 * @param password           the password; empty for none. Never printed by {@link #toString()}
 * @param sslMode            the pgjdbc {@code sslmode}; empty for the driver's default
 * @param transactionPooler  whether connections go through a transaction-mode pooler
 *                           (Supavisor/PgBouncer on 6543), where server-side prepared statements break
 * @param schemas            the schemas discovery lists; the first is the default one, whose names are unqualified
 * @param poolSize           the most pooled connections
 * @param timeouts           statement, connect and socket timeouts
 * @param connection         the connection entry, for the host's data source or password supplier
 */
record SupabaseSettings(
        String jdbcUrl,
        String host,
        int port,
        String database,
        String user,
        String password,
        String sslMode,
        boolean transactionPooler,
        List<String> schemas,
        int poolSize,
        io.osiris.jdbc.JdbcTimeouts timeouts,
        ConnectorConfig connection) {

    /** Where a connection given the host's own data source is, for messages. */
    static final String HOST_DATA_SOURCE = "the host application's data source";

    static final int DIRECT_PORT = 5432;
    /** Supavisor's transaction-mode port; its session mode listens on 5432. */
    static final int TRANSACTION_POOLER_PORT = 6543;
    static final int DEFAULT_POOL_SIZE = 4;

    private static final Pattern PROJECT_URL = Pattern.compile(
            "^(?:https?://)?([a-z0-9]{8,40})\\.supabase\\.(?:co|com|in)/?$", Pattern.CASE_INSENSITIVE);
    private static final Pattern PROJECT_REF = Pattern.compile("^[a-z0-9]{8,40}$");

    SupabaseSettings {
        requireNonNull(jdbcUrl, "jdbcUrl");
        requireNonNull(host, "host");
        requireNonNull(database, "database");
        requireNonNull(user, "user");
        requireNonNull(password, "password");
        requireNonNull(sslMode, "sslMode");
        requireNonNull(timeouts, "timeouts");
        requireNonNull(connection, "connection");
        schemas = List.copyOf(schemas);
        if (schemas.isEmpty()) {
            throw new IllegalArgumentException("at least one schema");
        }
    }

    /**
     * Reads a connection entry. Three shapes: a Supabase project ({@code url} or
     * {@code project_ref}, with {@code password} and optionally {@code pooler_host}/{@code pooler_port}),
     * a server ({@code host}, {@code port}, {@code database}, {@code user}, {@code password}), or
     * a {@code jdbc_url}.
     *
     * @throws ConfigurationException naming the key that is missing or malformed
     */
    static SupabaseSettings from(ConnectorConfig config) {
        String where = config.location();
        String password = config.get("password").orElse("");
        Optional<String> sslOverride = config.get("sslmode").map(s -> s.trim().toLowerCase(Locale.ROOT));
        sslOverride.ifPresent(mode -> {
            if (!List.of("disable", "allow", "prefer", "require", "verify-ca", "verify-full").contains(mode)) {
                throw new ConfigurationException(where + ".sslmode: expected disable, allow, prefer, require, "
                        + "verify-ca or verify-full, got '" + mode + "'");
            }
        });
        List<String> schemas = schemas(config);
        int poolSize = config.getInt("pool_size", DEFAULT_POOL_SIZE);
        if (poolSize < 1 || poolSize > 64) {
            throw new ConfigurationException(where + ".pool_size: expected 1..64, got " + poolSize);
        }
        io.osiris.jdbc.JdbcTimeouts timeout = io.osiris.jdbc.JdbcTimeouts.from(config, null);

        Optional<String> jdbcUrl = config.get("jdbc_url");
        if (jdbcUrl.isPresent()) {
            return fromJdbcUrl(config, jdbcUrl.get().trim(), password, sslOverride, schemas, poolSize, timeout);
        }

        if (config.dataSource().isPresent() && config.get("host").isEmpty() && config.get("url").isEmpty()
                && config.get("project_ref").isEmpty()) {
            // The host's pool knows where the database is; its connections carry their own settings.
            return new SupabaseSettings("", HOST_DATA_SOURCE, 0, config.get("database").orElse(""), "", "", "",
                    config.getBoolean("transaction_pooler", false), schemas, poolSize, timeout, config);
        }
        Optional<String> ref = projectRef(config);
        String host;
        int port;
        String user;
        boolean supabase;
        if (ref.isPresent()) {
            supabase = true;
            Optional<String> poolerHost = config.get("pooler_host");
            if (poolerHost.isPresent()) {
                // Through Supavisor the tenant is named in the user: postgres.<ref>.
                host = poolerHost.get().trim();
                port = config.getInt("pooler_port", TRANSACTION_POOLER_PORT);
                user = config.get("user").orElse("postgres." + ref.get());
            } else {
                host = config.get("host").orElse("db." + ref.get() + ".supabase.co");
                port = config.getInt("port", DIRECT_PORT);
                user = config.get("user").orElse("postgres");
            }
        } else {
            host = config.get("host").orElseThrow(() -> new ConfigurationException(where
                    + ": missing 'url' (https://<ref>.supabase.co), 'project_ref', 'host' or 'jdbc_url'. "
                    + "Add one to the connection in .osiris.yaml."));
            port = config.getInt("port", DIRECT_PORT);
            user = config.get("user").orElse("postgres");
            supabase = isSupabaseHost(host);
        }
        if (port < 1 || port > 65535) {
            throw new ConfigurationException(where + ".port: expected 1..65535, got " + port);
        }
        String database = config.get("database").orElse("postgres");
        String ssl = sslOverride.orElse(supabase ? "require" : "");
        boolean pooler = port == TRANSACTION_POOLER_PORT
                || config.getBoolean("transaction_pooler", false);
        String url = "jdbc:postgresql://" + hostForUrl(host) + ":" + port + "/" + encodePath(database);
        return new SupabaseSettings(url, host, port, database, user, password, ssl, pooler, schemas, poolSize,
                timeout, config);
    }

    private static SupabaseSettings fromJdbcUrl(ConnectorConfig config, String url, String password,
            Optional<String> sslOverride, List<String> schemas, int poolSize, io.osiris.jdbc.JdbcTimeouts timeout) {
        if (!url.startsWith("jdbc:postgresql:")) {
            throw new ConfigurationException(config.location() + ".jdbc_url: expected jdbc:postgresql://host:port/db, "
                    + "got '" + redactUrl(url) + "'");
        }
        String host = "localhost";
        int port = DIRECT_PORT;
        String database = "";
        String query = "";
        try {
            URI uri = URI.create(url.substring("jdbc:".length()));
            if (uri.getHost() != null) {
                host = uri.getHost();
            }
            if (uri.getPort() > 0) {
                port = uri.getPort();
            }
            String path = uri.getPath() == null ? "" : uri.getPath();
            database = path.startsWith("/") ? path.substring(1) : path;
            query = uri.getRawQuery() == null ? "" : uri.getRawQuery();
        } catch (IllegalArgumentException e) {
            // Multi-host URLs are valid for pgjdbc but not for URI: messages then show the URL itself.
            host = redactUrl(url);
        }
        String user = config.get("user").orElse("");
        String urlPassword = queryParameter(query, "password").orElse("");
        boolean supabase = isSupabaseHost(host);
        boolean urlHasSsl = queryParameter(query, "sslmode").isPresent() || queryParameter(query, "ssl").isPresent();
        String ssl = sslOverride.orElse(supabase && !urlHasSsl ? "require" : "");
        boolean pooler = port == TRANSACTION_POOLER_PORT || config.getBoolean("transaction_pooler", false);
        return new SupabaseSettings(url, host, port, database, user, password.isEmpty() ? urlPassword : password, ssl, pooler, schemas, poolSize, timeout, config);
    }

    private static Optional<String> projectRef(ConnectorConfig config) {
        Optional<String> ref = config.get("project_ref").map(String::trim);
        if (ref.isPresent()) {
            if (!PROJECT_REF.matcher(ref.get()).matches()) {
                throw new ConfigurationException(config.location() + ".project_ref: expected the project's "
                        + "reference (lower-case letters and digits, as in https://<ref>.supabase.co), got '"
                        + ref.get() + "'");
            }
            return ref;
        }
        Optional<String> url = config.get("url").map(String::trim);
        if (url.isEmpty()) {
            return Optional.empty();
        }
        Matcher m = PROJECT_URL.matcher(url.get());
        if (!m.matches()) {
            throw new ConfigurationException(config.location() + ".url: expected a Supabase project URL "
                    + "like https://abcdefghijklmnop.supabase.co, got '" + redactUrl(url.get())
                    + "'. For another PostgreSQL server set host/port/database/user or jdbc_url.");
        }
        return Optional.of(m.group(1).toLowerCase(Locale.ROOT));
    }

    private static List<String> schemas(ConnectorConfig config) {
        List<String> schemas = new ArrayList<>();
        for (String s : config.get("schema").orElse("public").split(",")) {
            if (!s.isBlank()) {
                schemas.add(s.trim());
            }
        }
        return schemas.isEmpty() ? List.of("public") : schemas;
    }

    static boolean isSupabaseHost(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        return h.endsWith(".supabase.co") || h.endsWith(".supabase.com") || h.endsWith(".supabase.in");
    }

    private static String hostForUrl(String host) {
        return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
    }

    private static String encodePath(String database) {
        return java.net.URLEncoder.encode(database, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static Optional<String> queryParameter(String query, String name) {
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            String key = eq < 0 ? pair : pair.substring(0, eq);
            if (key.equalsIgnoreCase(name)) {
                return Optional.of(eq < 0 ? "" : java.net.URLDecoder.decode(pair.substring(eq + 1),
                        java.nio.charset.StandardCharsets.UTF_8));
            }
        }
        return Optional.empty();
    }

    /** A URL with any password parameter or user-info masked, for messages. */
    static String redactUrl(String url) {
        return url.replaceAll("(?i)(password=)[^&;]*", "$1****").replaceAll("//([^/@:]+):[^/@]*@", "//$1:****@");
    }

    /** The default schema: names in it are unqualified. */
    String defaultSchema() {
        return schemas.get(0);
    }

    /**
     * The pgjdbc connection properties, password included: hand them to the driver only.
     * Properties the user's {@code jdbc_url} sets win, as pgjdbc reads the URL last.
     */
    Properties driverProperties() {
        Properties p = new Properties();
        if (!user.isEmpty()) {
            p.setProperty("user", user);
        }
        if (!password.isEmpty()) {
            p.setProperty("password", password);
        }
        if (!sslMode.isEmpty()) {
            p.setProperty("sslmode", sslMode);
        }
        if (transactionPooler) {
            // A transaction pooler hands each transaction to any server connection: a statement
            // prepared on one is unknown on the next, so pgjdbc must not prepare server-side.
            p.setProperty("prepareThreshold", "0");
        }
        p.setProperty("ApplicationName", "osiris");
        p.setProperty("connectTimeout", String.valueOf(connectTimeoutSeconds()));
        p.setProperty("loginTimeout", String.valueOf(connectTimeoutSeconds()));
        // A read that blocks this long fails instead of hanging on a stalled server.
        p.setProperty("socketTimeout", String.valueOf(io.osiris.jdbc.JdbcTimeouts.seconds(timeouts.socket())));
        if (!timeouts.statement().isZero() && !transactionPooler) {
            // The server's own limit, set at login: it cancels the statement itself, so a timeout
            // leaves nothing running. A transaction pooler may refuse startup options (PgBouncer
            // does), and a session SET would not stick there: behind one, the socket timeout holds.
            p.setProperty("options", "-c statement_timeout=" + timeouts.statement().toMillis());
        }
        p.setProperty("tcpKeepAlive", "true");
        return p;
    }

    /** How long to wait for a connection, in whole seconds. */
    int connectTimeoutSeconds() {
        return io.osiris.jdbc.JdbcTimeouts.seconds(timeouts.connect());
    }

    /** Where this connects, for messages: never the password. */
    String describe() {
        if (jdbcUrl.isEmpty()) {
            return HOST_DATA_SOURCE;
        }
        return (user.isEmpty() ? "" : user + "@") + host + ":" + port + (database.isEmpty() ? "" : "/" + database);
    }

    @Override
    public String toString() {
        return "SupabaseSettings[" + describe() + (sslMode.isEmpty() ? "" : " sslmode=" + sslMode)
                + (transactionPooler ? " transaction-pooler" : "") + " schemas=" + schemas
                + " password=" + (password.isEmpty() ? "none" : "****") + "]";
    }
}
