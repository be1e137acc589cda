package com.example.osiris.csv;

import static java.util.Objects.requireNonNull;

import io.osiris.api.ConfigurationException;
import io.osiris.api.connector.ConnectorConfig;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/**
 * A csv connection's settings.
 *
 * @param folder    the folder holding the tables
 * @param delimiter the field delimiter
 * @param header    whether the first line of a file names its columns
 * @param location  where the connection lives in {@code .osiris.yaml}, for messages
 */
record CsvSettings(Path folder, char delimiter, boolean header, String location) {
    CsvSettings {
        requireNonNull(folder, "folder");
        requireNonNull(location, "location");
        if (delimiter == '"' || delimiter == '\r' || delimiter == '\n') {
            throw new IllegalArgumentException("the delimiter cannot be a quote or a line break");
        }
    }

    static CsvSettings from(ConnectorConfig config) {
        String path = config.require("path");
        Path folder;
        try {
            folder = Path.of(path).toAbsolutePath().normalize();
        } catch (InvalidPathException e) {
            throw new ConfigurationException(config.location() + ".path: not a valid path: " + e.getMessage(), e);
        }
        if (Files.exists(folder) && !Files.isDirectory(folder)) {
            throw new ConfigurationException(config.location() + ".path: " + folder
                    + " is a file; the csv connector reads a folder of CSV files. Point path at the folder.");
        }
        // get() treats a blank value as absent, but a tab is blank and a fine delimiter: read it raw.
        String raw = config.properties().getOrDefault("delimiter", "");
        String delimiter = raw.isEmpty() ? "," : raw.equals("\\t") ? "\t" : raw;
        if (delimiter.length() != 1 || delimiter.equals("\"") || delimiter.equals("\r") || delimiter.equals("\n")) {
            throw new ConfigurationException(config.location() + ".delimiter: expected one character other than"
                    + " a quote or a line break, got '" + raw + "'");
        }
        return new CsvSettings(folder, delimiter.charAt(0), config.getBoolean("header", true), config.location());
    }
}
