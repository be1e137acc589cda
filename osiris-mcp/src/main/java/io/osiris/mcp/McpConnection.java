package io.osiris.mcp;

import io.osiris.api.ValidationException;
import io.osiris.api.connector.ConnectorConfig;
import io.osiris.core.Osiris;
import io.osiris.llm.agent.AgentSession;
import io.osiris.llm.agent.AgentToolbox;
import io.osiris.llm.agent.OsirisChat;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One MCP connection: an Osiris chat session in the project's state store (created at the
 * first tool call that needs one, so {@code osiris sessions} lists it and its proposal outlives
 * the server), and the sources it opened, each once, under the config's preview timeout.
 */
final class McpConnection implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(McpConnection.class);

    private final Osiris osiris;
    private final Map<String, OsirisChat> chats = new LinkedHashMap<>();
    private final Map<String, AgentToolbox> toolboxes = new LinkedHashMap<>();
    private AgentSession session;

    McpConnection(Osiris osiris) {
        this.osiris = osiris;
    }

    Osiris osiris() {
        return osiris;
    }

    /** The session of this connection, created when first asked for. */
    synchronized AgentSession session() {
        if (session == null) {
            session = AgentSession.create(osiris.state());
            LOG.info("MCP connection uses chat session {}", session.id());
        }
        return session;
    }

    /** Every connection of the config, {@code TYPE.NAME}, the default first. */
    List<ConnectorConfig> connections() {
        return connections(osiris);
    }

    /** Every connection of {@code osiris}'s config, {@code TYPE.NAME}, the default first. */
    static List<ConnectorConfig> connections(Osiris osiris) {
        List<ConnectorConfig> all = new ArrayList<>();
        osiris.config().connections().values().forEach(byName -> all.addAll(byName.values()));
        return all;
    }

    /**
     * The tools over connection {@code wanted} ({@code TYPE.NAME} or a {@code NAME} only one type
     * has; blank for the first of the config), opened when first asked for.
     *
     * @throws ValidationException when no connection answers to it
     */
    synchronized AgentToolbox toolbox(String wanted) {
        ConnectorConfig connection = resolve(wanted);
        String label = connection.type() + "." + connection.name();
        AgentToolbox toolbox = toolboxes.get(label);
        if (toolbox == null) {
            OsirisChat chat = OsirisChat.open(osiris, session(), connection.type(), connection.name());
            chats.put(label, chat);
            toolbox = chat.toolbox();
            toolboxes.put(label, toolbox);
        }
        return toolbox;
    }

    private ConnectorConfig resolve(String wanted) {
        List<ConnectorConfig> all = connections();
        if (all.isEmpty()) {
            throw new ValidationException("The project's config names no connection: add one under connections: in "
                    + osiris.config().file().map(Object::toString).orElse(".osiris.yaml") + ".");
        }
        String name = wanted == null ? "" : wanted.strip();
        if (name.isEmpty()) {
            return all.get(0);
        }
        List<ConnectorConfig> matches = all.stream().filter(c -> name.equals(c.type() + "." + c.name())
                || name.equals(c.name())).toList();
        if (matches.size() != 1) {
            throw new ValidationException((matches.isEmpty() ? "Unknown connection '" : "Ambiguous connection '")
                    + name + "'. Known: " + all.stream().map(c -> c.type() + "." + c.name())
                            .collect(Collectors.joining(", ")) + " (list_connections lists them).");
        }
        return matches.get(0);
    }

    @Override
    public synchronized void close() {
        chats.values().forEach(OsirisChat::close);
        chats.clear();
        toolboxes.clear();
    }
}
