package io.osiris.api.connector;

import static java.util.Objects.requireNonNull;

import java.util.Optional;
import java.util.function.Supplier;
import javax.sql.DataSource;

/**
 * What a host application hands a connection besides its settings: its own
 * {@link DataSource} (a pool it owns), or a supplier of the password read each time a
 * connection is made (from a vault, say). Neither is ever in the settings map, in a message
 * or in {@link #toString()}; a connector uses the data source instead of building a pool and
 * never closes it (the host does).
 */
public final class HostResources {
    private static final HostResources NONE = new HostResources(null, null);

    private final DataSource dataSource;
    private final Supplier<String> password;

    private HostResources(DataSource dataSource, Supplier<String> password) {
        this.dataSource = dataSource;
        this.password = password;
    }

    /** Nothing from the host: the connector reaches its database from the settings alone. */
    public static HostResources none() {
        return NONE;
    }

    /** The host's own data source, used for every connection (and left open). */
    public static HostResources ofDataSource(DataSource dataSource) {
        return new HostResources(requireNonNull(dataSource, "dataSource"), null);
    }

    /** A password read from {@code supplier} each time a connection is made, never stored. */
    public static HostResources ofPassword(Supplier<String> supplier) {
        return new HostResources(null, requireNonNull(supplier, "supplier"));
    }

    /** The host's data source, if it gave one. */
    public Optional<DataSource> dataSource() {
        return Optional.ofNullable(dataSource);
    }

    /** The password supplier, if the host gave one. */
    public Optional<Supplier<String>> password() {
        return Optional.ofNullable(password);
    }

    /** Whether the host gave nothing. */
    public boolean isEmpty() {
        return dataSource == null && password == null;
    }

    /** What was given, never a value: {@code HostResources[dataSource]}. */
    @Override
    public String toString() {
        return "HostResources[" + (dataSource != null ? "dataSource" : password != null ? "password supplier"
                : "none") + "]";
    }
}
