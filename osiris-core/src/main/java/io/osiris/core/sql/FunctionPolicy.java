package io.osiris.core.sql;

import io.osiris.api.connector.SqlDialect;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The reviewed functions of one dialect: which names are refused and why (by exact name, by
 * prefix, by a part of the name, or by the schema they live in), which names a refused prefix
 * still allows, and, where the dialect has one, the allow-list of table functions. Names are
 * compared in lower case without their schema, so {@code pg_catalog."PG_SLEEP"} is
 * {@code pg_sleep}. One instance per dialect; immutable.
 */
final class FunctionPolicy {
    private final Map<String, FunctionCategory> names;
    private final Map<String, FunctionCategory> prefixes;
    private final Map<String, FunctionCategory> infixes;
    private final Map<String, FunctionCategory> schemas;
    private final Set<String> allowed;
    private final Set<String> reviewedElsewhere;
    private final Map<String, FunctionCategory> relations;
    private final Optional<Set<String>> tableFunctions;
    private final boolean replacementScans;

    private FunctionPolicy(Builder b) {
        this.names = Map.copyOf(b.names);
        this.prefixes = Map.copyOf(b.prefixes);
        this.infixes = Map.copyOf(b.infixes);
        this.schemas = Map.copyOf(b.schemas);
        this.allowed = Set.copyOf(b.allowed);
        this.reviewedElsewhere = Set.copyOf(b.reviewedElsewhere);
        this.relations = Map.copyOf(b.relations);
        this.replacementScans = b.replacementScans;
        this.tableFunctions = b.tableFunctions == null ? Optional.empty() : Optional.of(Set.copyOf(b.tableFunctions));
    }

    /** The policies of dialects built on a base, made once each (a process knows a handful). */
    private static final Map<SqlDialect, FunctionPolicy> DECLARED = new ConcurrentHashMap<>();

    /**
     * The policy of a dialect: its base's reviewed rules, plus the functions it denies; the
     * functions it allows lift only a refusal for not being on the base's reviewed list, never
     * one for what a function does.
     */
    static FunctionPolicy forDialect(SqlDialect dialect) {
        FunctionPolicy base = ofBase(dialect.base());
        if (dialect.allowedFunctions().isEmpty() && dialect.deniedFunctions().isEmpty()) {
            return base;
        }
        return DECLARED.computeIfAbsent(dialect, d -> builder().copyOf(base)
                .reviewedElsewhere(d.allowedFunctions())
                .names(FunctionCategory.DENIED_BY_DIALECT, d.deniedFunctions().toArray(String[]::new))
                .build());
    }

    private static FunctionPolicy ofBase(SqlDialect base) {
        if (base == SqlDialect.POSTGRES) {
            return PostgresFunctions.POLICY;
        } else if (base == SqlDialect.MYSQL) {
            return MySqlFunctions.POLICY;
        } else if (base == SqlDialect.DUCKDB) {
            return DuckDbFunctions.POLICY;
        }
        // ANSI, an unknown server: refuse what any of the three refuses.
        return AnsiHolder.POLICY;
    }

    /** Why a call of {@code name} (in {@code schema}, empty when unqualified) is refused, or empty. */
    Optional<FunctionCategory> refusal(String schema, String name) {
        Optional<FunctionCategory> refused = byRules(schema, name);
        return refused.filter(c -> !(isUnreviewed(c) && reviewedElsewhere.contains(name.toLowerCase(Locale.ROOT))));
    }

    private static boolean isUnreviewed(FunctionCategory category) {
        return category == FunctionCategory.UNREVIEWED_SERVER_FUNCTION
                || category == FunctionCategory.UNREVIEWED_TABLE_FUNCTION;
    }

    private Optional<FunctionCategory> byRules(String schema, String name) {
        String n = name.toLowerCase(Locale.ROOT);
        String s = schema.toLowerCase(Locale.ROOT);
        if (!s.isEmpty() && schemas.containsKey(s)) {
            return Optional.of(schemas.get(s));
        }
        if (names.containsKey(n)) {
            return Optional.of(names.get(n));
        }
        if (allowed.contains(n)) {
            return Optional.empty();
        }
        // The longest matching prefix decides: pg_advisory_ (locks) before pg_ (unreviewed).
        String prefix = "";
        for (String p : prefixes.keySet()) {
            if (n.startsWith(p) && p.length() > prefix.length()) {
                prefix = p;
            }
        }
        if (!prefix.isEmpty()) {
            return Optional.of(prefixes.get(prefix));
        }
        return infixes.entrySet().stream().filter(e -> n.contains(e.getKey())).map(Map.Entry::getValue).findFirst();
    }

    /** Why reading the table or view {@code name} is refused (a catalog view that reads server files), or empty. */
    Optional<FunctionCategory> relationRefusal(String name) {
        return Optional.ofNullable(relations.get(name.toLowerCase(Locale.ROOT)));
    }

    /**
     * Whether the engine reads a table name ending in a file extension as that file when no
     * such table exists (DuckDB reads {@code FROM secret.csv}, the parts joined with dots).
     */
    boolean readsFileNamedTables() {
        return replacementScans;
    }

    /** Whether {@code name} may be used as a table function ({@code FROM name(...)}). */
    boolean allowsTableFunction(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return reviewedElsewhere.contains(n) || tableFunctions.map(allow -> allow.contains(n)).orElse(true);
    }

    static Builder builder() {
        return new Builder();
    }

    /** Collects a dialect's rules; later rules of the same name replace earlier ones. */
    static final class Builder {
        private final Map<String, FunctionCategory> names = new HashMap<>();
        private final Map<String, FunctionCategory> prefixes = new HashMap<>();
        private final Map<String, FunctionCategory> infixes = new HashMap<>();
        private final Map<String, FunctionCategory> schemas = new HashMap<>();
        private final Set<String> allowed = new HashSet<>();
        private final Set<String> reviewedElsewhere = new HashSet<>();
        private final Map<String, FunctionCategory> relations = new HashMap<>();
        private Set<String> tableFunctions;
        private boolean replacementScans;

        Builder names(FunctionCategory category, String... functions) {
            for (String f : functions) {
                names.put(f, category);
            }
            return this;
        }

        Builder prefixes(FunctionCategory category, String... starts) {
            for (String p : starts) {
                prefixes.put(p, category);
            }
            return this;
        }

        Builder infixes(FunctionCategory category, String... parts) {
            for (String p : parts) {
                infixes.put(p, category);
            }
            return this;
        }

        Builder schemas(FunctionCategory category, String... schemaNames) {
            for (String s : schemaNames) {
                schemas.put(s, category);
            }
            return this;
        }

        /** Catalog tables and views refused by name: they call such functions behind a table's name. */
        Builder relations(FunctionCategory category, String... relationNames) {
            for (String r : relationNames) {
                relations.put(r, category);
            }
            return this;
        }

        /** Names a refused prefix or part still allows (reviewed as harmless). */
        Builder allow(String... functions) {
            allowed.addAll(List.of(functions));
            return this;
        }

        /** The only table functions allowed; without this call every table function not refused is. */
        Builder tableFunctions(String... functions) {
            tableFunctions = new HashSet<>(List.of(functions));
            return this;
        }

        /** Every rule of another policy, keeping this one's allow-list out of the other's refusals. */
        Builder refusalsOf(FunctionPolicy other) {
            names.putAll(other.names);
            prefixes.putAll(other.prefixes);
            infixes.putAll(other.infixes);
            schemas.putAll(other.schemas);
            relations.putAll(other.relations);
            replacementScans |= other.replacementScans;
            return this;
        }

        /**
         * Functions a connector's dialect reviewed as harmless: they lift a refusal for not being
         * on the reviewed list (a {@code pg_} function, a table function), nothing else.
         */
        Builder reviewedElsewhere(Set<String> functions) {
            reviewedElsewhere.addAll(functions);
            return this;
        }

        /** Every rule of another policy, its allow-list and table functions included. */
        Builder copyOf(FunctionPolicy other) {
            refusalsOf(other);
            allowed.addAll(other.allowed);
            other.tableFunctions.ifPresent(t -> tableFunctions = new HashSet<>(t));
            return this;
        }

        /** The engine reads a table named like a file as that file (a replacement scan). */
        Builder replacementScans() {
            replacementScans = true;
            return this;
        }

        FunctionPolicy build() {
            return new FunctionPolicy(this);
        }
    }

    private static final class AnsiHolder {
        static final FunctionPolicy POLICY = ansi();

        private static FunctionPolicy ansi() {
            Builder b = builder()
                    .refusalsOf(MySqlFunctions.POLICY)
                    .refusalsOf(DuckDbFunctions.POLICY)
                    .refusalsOf(PostgresFunctions.POLICY);
            List<String> allowedEverywhere = new ArrayList<>(PostgresFunctions.ALLOWED);
            allowedEverywhere.removeIf(name -> DuckDbFunctions.POLICY.refusal("", name).isPresent()
                    || MySqlFunctions.POLICY.refusal("", name).isPresent());
            return b.allow(allowedEverywhere.toArray(String[]::new)).build();
        }
    }
}
