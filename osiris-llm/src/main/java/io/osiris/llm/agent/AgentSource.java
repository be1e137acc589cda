package io.osiris.llm.agent;

import static java.util.Objects.requireNonNull;

import io.osiris.api.connector.Connector;

/**
 * A source the agent may explore: an open connector and the names a pipeline uses for it. The
 * agent never sees the connection's settings, only these names, so no secret reaches a prompt.
 * The caller owns the connector and closes it.
 *
 * @param type      the connector type ({@code mysql}, {@code duckdb}), a pipeline's {@code source:}
 * @param name      the connection name in {@code .osiris.yaml}, a pipeline's {@code connection:}
 * @param connector the open connector
 */
public record AgentSource(String type, String name, Connector connector) {
    public AgentSource {
        requireNonNull(type, "type");
        requireNonNull(name, "name");
        requireNonNull(connector, "connector");
    }

    /** How tools and messages name this source: {@code TYPE.NAME}. */
    public String label() {
        return type + "." + name;
    }

    /** Whether a tool's {@code connection} argument names this source: {@code TYPE.NAME}, {@code NAME} or {@code TYPE}. */
    boolean answersTo(String connection) {
        return connection.equals(label()) || connection.equals(name) || connection.equals(type);
    }
}
