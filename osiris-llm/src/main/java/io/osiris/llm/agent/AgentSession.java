package io.osiris.llm.agent;

import static java.util.Objects.requireNonNull;

import io.osiris.api.ValidationException;
import io.osiris.api.llm.ChatMessage;
import io.osiris.api.llm.TokenUsage;
import io.osiris.api.state.IStateStore;
import io.osiris.core.state.StateDatabase;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A conversation kept in the state store, one namespace per session ({@code session:ID}), so
 * {@code --session ID} continues it from another process: the messages, what the model
 * discovered, the pipeline waiting for approval, and the tokens used. Nothing secret is stored:
 * messages hold what the model saw, which never includes connection settings or keys.
 *
 * <pre>{@code
 * try (StateDatabase db = StateDatabase.open(path)) {
 *     AgentSession session = AgentSession.create(db);
 *     ... ChatAgent.builder().session(session) ...
 * }
 * }</pre>
 */
public final class AgentSession {
    /** Prefix of the namespaces that hold sessions. */
    public static final String NAMESPACE_PREFIX = "session:";
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int TITLE_LENGTH = 60;

    private static final String META = "meta";
    private static final String MESSAGES = "messages";
    private static final String CONTEXT = "context";
    private static final String PENDING = "pending";
    private static final String USAGE = "usage";
    private static final String SAVED = "saved";

    private final String id;
    private final IStateStore store;
    private final Clock clock;

    private AgentSession(String id, IStateStore store, Clock clock) {
        this.id = id;
        this.store = store;
        this.clock = clock;
    }

    /** Starts a new session with a fresh random id. */
    public static AgentSession create(StateDatabase db) {
        String id = HexFormat.of().formatHex(randomBytes());
        AgentSession session = new AgentSession(id, db.forNamespace(NAMESPACE_PREFIX + id), Clock.systemUTC());
        session.touch();
        return session;
    }

    /**
     * An existing session.
     *
     * @throws ValidationException when the id is malformed
     */
    public static Optional<AgentSession> find(StateDatabase db, String id) {
        checkId(id);
        IStateStore store = db.forNamespace(NAMESPACE_PREFIX + id);
        return store.get(META).isPresent() ? Optional.of(new AgentSession(id, store, Clock.systemUTC()))
                : Optional.empty();
    }

    /**
     * A session over any store (embedding, tests): its namespace is its id's home.
     *
     * @param id    the session id
     * @param store the store of this session's namespace
     */
    public static AgentSession of(String id, IStateStore store) {
        checkId(id);
        AgentSession session = new AgentSession(id, requireNonNull(store, "store"), Clock.systemUTC());
        if (store.get(META).isEmpty()) {
            session.touch();
        }
        return session;
    }

    /** Every session of a state file, most recently updated first. */
    public static List<SessionSummary> list(StateDatabase db) {
        List<SessionSummary> all = new ArrayList<>();
        for (String namespace : db.namespaces()) {
            if (namespace.startsWith(NAMESPACE_PREFIX)) {
                String id = namespace.substring(NAMESPACE_PREFIX.length());
                if (ID.matcher(id).matches()) {
                    all.add(new AgentSession(id, db.forNamespace(namespace), Clock.systemUTC()).summary());
                }
            }
        }
        all.sort((a, b) -> b.updatedAt().compareTo(a.updatedAt()));
        return List.copyOf(all);
    }

    /** Removes a session and everything it holds; false when there was none. */
    public static boolean clear(StateDatabase db, String id) {
        checkId(id);
        IStateStore store = db.forNamespace(NAMESPACE_PREFIX + id);
        boolean existed = !store.keys().isEmpty();
        store.clear();
        return existed;
    }

    private static byte[] randomBytes() {
        byte[] bytes = new byte[6];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    private static void checkId(String id) {
        requireNonNull(id, "id");
        if (!ID.matcher(id).matches()) {
            throw new ValidationException("Invalid session id '" + id
                    + "': letters, digits, '-' and '_' only (osiris sessions list shows the ids).");
        }
    }

    /** The session id. */
    public String id() {
        return id;
    }

    /** The conversation so far, oldest first. */
    @SuppressWarnings("unchecked")
    public List<ChatMessage> messages() {
        List<ChatMessage> messages = new ArrayList<>();
        for (Object o : (List<Object>) store.get(MESSAGES, List.of())) {
            messages.add(SessionCodec.message((Map<String, Object>) o));
        }
        return List.copyOf(messages);
    }

    /** Appends a finished turn's messages. */
    public synchronized void append(List<ChatMessage> turn) {
        if (turn.isEmpty()) {
            return;
        }
        @SuppressWarnings("unchecked")
        List<Object> all = new ArrayList<>((List<Object>) store.get(MESSAGES, List.of()));
        for (ChatMessage m : turn) {
            all.add(SessionCodec.message(m));
        }
        store.set(MESSAGES, all);
        Map<String, Object> meta = meta();
        if (String.valueOf(meta.getOrDefault("title", "")).isEmpty()) {
            turn.stream().filter(m -> m instanceof ChatMessage.User).findFirst()
                    .ifPresent(m -> meta.put("title", shorten(((ChatMessage.User) m).text())));
        }
        saveMeta(meta);
    }

    /** The pipeline waiting for approval, if any. */
    @SuppressWarnings("unchecked")
    public Optional<Proposal> pending() {
        try {
            return store.get(PENDING).map(p -> SessionCodec.proposal((Map<String, Object>) p));
        } catch (IllegalArgumentException e) {
            throw new ValidationException("The pipeline waiting in session " + id + " was altered in the state store"
                    + " after it was proposed (its SHA-256 no longer matches its YAML), so it will not run."
                    + " Ask for a new proposal.");
        }
    }

    /** Sets the pipeline waiting for approval. */
    public void setPending(Proposal proposal) {
        store.set(PENDING, SessionCodec.proposal(proposal));
        touch();
    }

    /**
     * The SHA-256 of what this session last saved in a file, keyed by the file as shown: a later
     * proposal may replace such a file while it is unchanged, and no other.
     */
    @SuppressWarnings("unchecked")
    public Map<String, String> savedFiles() {
        Map<String, String> saved = new java.util.TreeMap<>();
        ((Map<String, Object>) store.get(SAVED, Map.of())).forEach((k, v) -> saved.put(k, String.valueOf(v)));
        return Map.copyOf(saved);
    }

    /** Records that this session saved {@code sha256} content in {@code file}. */
    public synchronized void recordSaved(String file, String sha256) {
        Map<String, Object> saved = new java.util.TreeMap<>(savedFiles());
        saved.put(file, sha256);
        store.set(SAVED, saved);
    }

    /** Forgets the pipeline waiting for approval (approved or rejected). */
    public void clearPending() {
        store.remove(PENDING);
        touch();
    }

    /** The tokens every model call of this session used. */
    public TokenUsage usage() {
        Map<String, Object> u = usageTree();
        return new TokenUsage(number(u.get("input_tokens")), number(u.get("output_tokens")));
    }

    /** How many model calls this session made. */
    public long modelCalls() {
        return number(usageTree().get("requests"));
    }

    /** Records one model call's tokens, per model too. */
    @SuppressWarnings("unchecked")
    public synchronized void recordUsage(String model, TokenUsage usage) {
        Map<String, Object> u = usageTree();
        u.put("input_tokens", number(u.get("input_tokens")) + usage.inputTokens());
        u.put("output_tokens", number(u.get("output_tokens")) + usage.outputTokens());
        u.put("requests", number(u.get("requests")) + 1);
        Map<String, Object> byModel = new LinkedHashMap<>((Map<String, Object>) u.getOrDefault("by_model", Map.of()));
        long[] previous = {0, 0};
        if (byModel.get(model) instanceof Map<?, ?> m) {
            previous[0] = number(m.get("input_tokens"));
            previous[1] = number(m.get("output_tokens"));
        }
        byModel.put(model, Map.of("input_tokens", previous[0] + usage.inputTokens(),
                "output_tokens", previous[1] + usage.outputTokens()));
        u.put("by_model", byModel);
        store.set(USAGE, u);
    }

    /** Tokens per model, for {@code --verbose}. */
    @SuppressWarnings("unchecked")
    public Map<String, TokenUsage> usageByModel() {
        Map<String, TokenUsage> result = new LinkedHashMap<>();
        ((Map<String, Object>) usageTree().getOrDefault("by_model", Map.of())).forEach((model, v) -> {
            Map<String, Object> m = (Map<String, Object>) v;
            result.put(model, new TokenUsage(number(m.get("input_tokens")), number(m.get("output_tokens"))));
        });
        return result;
    }

    /** The tables the model has described in this session, in the order it first did. */
    @SuppressWarnings("unchecked")
    public Set<String> describedTables() {
        Map<String, Object> context = (Map<String, Object>) store.get(CONTEXT, Map.of());
        Set<String> tables = new LinkedHashSet<>();
        ((List<Object>) context.getOrDefault("described_tables", List.of())).forEach(t -> tables.add(String.valueOf(t)));
        return tables;
    }

    /** Remembers tables the model described, so a continued session knows what it already explored. */
    public synchronized void noteDescribed(Set<String> tables) {
        Set<String> all = describedTables();
        if (all.addAll(tables)) {
            @SuppressWarnings("unchecked")
            Map<String, Object> context = new LinkedHashMap<>((Map<String, Object>) store.get(CONTEXT, Map.of()));
            context.put("described_tables", new ArrayList<>(all));
            store.set(CONTEXT, context);
        }
    }

    /** The source this session explores ({@code TYPE.NAME}); empty until set. */
    public String source() {
        return String.valueOf(meta().getOrDefault("source", ""));
    }

    /** Records the source this session explores. */
    public void setSource(String source) {
        Map<String, Object> meta = meta();
        meta.put("source", source);
        saveMeta(meta);
    }

    /** This session as one line of a listing. */
    public SessionSummary summary() {
        Map<String, Object> meta = meta();
        Object messages = store.get(MESSAGES, List.of());
        return new SessionSummary(id, String.valueOf(meta.getOrDefault("title", "")),
                String.valueOf(meta.getOrDefault("source", "")),
                Instant.ofEpochMilli(number(meta.get("created_at"))), Instant.ofEpochMilli(number(meta.get("updated_at"))),
                messages instanceof List<?> l ? l.size() : 0, usage(), pending().map(Proposal::name).orElse(""));
    }

    private void touch() {
        saveMeta(meta());
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> meta() {
        Map<String, Object> meta = new LinkedHashMap<>((Map<String, Object>) store.get(META, Map.of()));
        meta.putIfAbsent("id", id);
        meta.putIfAbsent("created_at", clock.millis());
        return meta;
    }

    private void saveMeta(Map<String, Object> meta) {
        meta.put("updated_at", clock.millis());
        store.set(META, meta);
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> usageTree() {
        return new LinkedHashMap<>((Map<String, Object>) store.get(USAGE, Map.of()));
    }

    private static long number(Object value) {
        return value instanceof Number n ? n.longValue() : 0;
    }

    private static String shorten(String text) {
        String oneLine = text.strip().replaceAll("\\s+", " ");
        return oneLine.length() <= TITLE_LENGTH ? oneLine : oneLine.substring(0, TITLE_LENGTH - 1) + "…";
    }

    @Override
    public String toString() {
        return "AgentSession[" + id + "]";
    }
}
