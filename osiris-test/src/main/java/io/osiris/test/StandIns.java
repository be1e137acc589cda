package io.osiris.test;

import io.osiris.api.connector.ConnectorProvider;
import io.osiris.api.connector.SqlDialect;
import io.osiris.core.connector.ConnectorRegistry;
import io.osiris.core.duckdb.DuckDbConnectorProvider;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The connector types of a test run: every type on the class path replaced by a
 * {@link StandInProvider} of the same name and dialect (the built-in {@code duckdb}, whose files
 * live in the test's directory, stays real), plus Osiris's own connector types when their jars are
 * absent, so a host can test a MySQL pipeline without the MySQL connector on its test class path.
 */
final class StandIns {
    /** Osiris's own connector types, their aliases and dialects. */
    private static final Map<String, StandInProvider> KNOWN = Map.of(
            "mysql", new StandInProvider("mysql", Set.of(), SqlDialect.MYSQL),
            "supabase", new StandInProvider("supabase", Set.of("postgres"), SqlDialect.POSTGRES));

    private StandIns() {
    }

    /** The providers found on the class path, read once per harness (ServiceLoader is the slow part). */
    static List<ConnectorProvider> classPath() {
        try (ConnectorRegistry registry = ConnectorRegistry.classPath()) {
            return registry.providers();
        }
    }

    /**
     * A registry of stand-ins for the class path's types, Osiris's own, and {@code moreTypes}
     * (the types a test gives tables for; checked in ANSI SQL when nothing else is known of them).
     */
    static ConnectorRegistry registry(List<ConnectorProvider> classPath, Set<String> moreTypes) {
        List<ConnectorProvider> providers = new ArrayList<>();
        Set<String> known = new HashSet<>();
        for (ConnectorProvider p : classPath) {
            providers.add(p.type().equals(DuckDbConnectorProvider.TYPE) ? p
                    : new StandInProvider(p.type(), p.aliases(), p.dialect()));
            known.add(p.type());
            known.addAll(p.aliases());
        }
        KNOWN.forEach((type, standIn) -> {
            if (!known.contains(type)) {
                providers.add(standIn);
                known.add(type);
                known.addAll(standIn.aliases());
            }
        });
        for (String type : moreTypes) {
            if (known.add(type)) {
                providers.add(new StandInProvider(type, Set.of(), SqlDialect.ANSI));
            }
        }
        return ConnectorRegistry.of(providers);
    }
}
