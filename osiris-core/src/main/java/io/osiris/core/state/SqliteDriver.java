package io.osiris.core.state;

import io.osiris.api.ConfigurationException;
import java.io.IOException;
import java.io.InputStream;
import java.sql.Driver;
import java.util.Properties;

/**
 * SQLite's JDBC driver, looked up when the state file is first opened. It is an optional
 * dependency of osiris-core (14 MB of native libraries): a host that never opens the state store
 * does not need it, and one that does gets a message naming the dependency to add.
 */
final class SqliteDriver {
    static final String DRIVER_CLASS = "org.sqlite.JDBC";

    private SqliteDriver() {
    }

    /**
     * SQLite's driver, instantiated directly from the class loader that loaded Osiris ({@code
     * DriverManager} would see only the drivers of the system class loader).
     *
     * @throws ConfigurationException naming the dependency to add when the driver is missing
     */
    static Driver load() {
        try {
            return (Driver) Class.forName(DRIVER_CLASS, true, SqliteDriver.class.getClassLoader())
                    .getDeclaredConstructor().newInstance();
        } catch (ClassNotFoundException | NoClassDefFoundError e) {
            throw new ConfigurationException(missingMessage(), e);
        } catch (ReflectiveOperationException e) {
            throw new ConfigurationException("Cannot load SQLite's JDBC driver " + DRIVER_CLASS + ": " + e, e);
        }
    }

    /** What to add: the driver's coordinates, at the version Osiris was built and tested with. */
    static String missingMessage() {
        String coordinates = "org.xerial:sqlite-jdbc:" + testedVersion();
        return "The Osiris state store (sessions, schema cache, run history) needs SQLite's JDBC driver, which "
                + "is not on the class path: add the dependency " + coordinates + " (osiris-core declares it "
                + "optional, so hosts that never use the state store do not carry it).";
    }

    static String testedVersion() {
        Properties p = new Properties();
        try (InputStream in = SqliteDriver.class.getResourceAsStream("sqlite-jdbc.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            // Fall through: the message still names the artifact.
        }
        return p.getProperty("version", "<version>");
    }
}
