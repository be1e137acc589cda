package io.osiris.core.config;

import static java.util.Objects.requireNonNull;

import io.osiris.api.connector.ConfigKey;
import io.osiris.api.connector.ConnectorConfig;
import io.osiris.api.connector.ConnectorProvider;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.StringJoiner;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The one masking rule for secrets. A key is secret when its connector declares it so
 * ({@link ConfigKey#secret()}); a key no connector declares (an unknown type, a key the connector
 * does not read) falls back to {@link #looksSecret(String) its name}. The mask knows the secret
 * values of a config (those keys, {@code llm.api_key}, secret-looking variables of the
 * environment and of {@code .env}, and credentials written inside URLs) and masks them in any
 * text; it also masks credentials of any URL it sees ({@code scheme://user:PASSWORD@host},
 * {@code password=}, {@code pwd=}, {@code sslpassword=} and every declared secret key as a
 * parameter). Everything that shows a config, a URL or an error to a person, a log, the session
 * store or a model goes through {@link #apply(String)}.
 *
 * <p>Values shorter than {@value #MIN_LENGTH} characters are not searched for in free text (they
 * would mask ordinary words and digits); they are still masked where a setting or URL parameter
 * is shown, which is where they appear.
 */
public final class SecretMask {
    /** What a secret is replaced with. */
    public static final String MASK = "****";
    /** The shortest value searched for in free text. */
    public static final int MIN_LENGTH = 4;
    /** Parameter names whose values are credentials in every URL or property string. */
    private static final Set<String> PARAMETERS = Set.of("password", "pwd", "passwd", "sslpassword",
            "sslkeypassword", "secret", "token", "access_token", "api_key", "apikey", "key", "sig", "signature");
    /** {@code scheme://user:password@}: the password is group 2. */
    private static final Pattern USER_INFO = Pattern.compile(
            "(?i)([a-z][a-z0-9+.-]*://[^/\\s:@?#]*):([^\\s/?#]*)@");
    /** Keys that only look secret: a pipeline's {@code primary_key}, a sort or partition key. */
    private static final Set<String> NOT_SECRET = Set.of("primary_key", "partition_key", "sort_key",
            "cursor_key", "foreign_key", "unique_key");
    /** Variables of the shell whose names only look secret. */
    private static final Set<String> SHELL_VARIABLES = Set.of("PWD", "OLDPWD");
    /** Masks URL credentials only: no value is known. */
    public static final SecretMask NONE = new SecretMask(List.of(), Set.of());

    private final List<String> values;
    private final Pattern parameters;

    private SecretMask(Collection<String> values, Set<String> secretKeys) {
        Set<String> all = new LinkedHashSet<>();
        for (String v : values) {
            if (v != null && v.strip().length() >= MIN_LENGTH) {
                all.add(v.strip());
                String encoded = URLEncoder.encode(v.strip(), StandardCharsets.UTF_8);
                all.add(encoded);
            }
        }
        // Longest first, so a secret that contains another is masked whole.
        this.values = all.stream().sorted(Comparator.comparingInt(String::length).reversed()).toList();
        Set<String> names = new LinkedHashSet<>(PARAMETERS);
        secretKeys.forEach(k -> names.add(k.toLowerCase(Locale.ROOT)));
        String alternatives = names.stream().sorted(Comparator.comparingInt(String::length).reversed())
                .map(Pattern::quote).collect(Collectors.joining("|"));
        this.parameters = Pattern.compile("(?i)(?<![A-Za-z0-9_.-])((?:" + alternatives + ")\\d?\\s*=\\s*)"
                + "(\"[^\"]*\"|'[^']*'|[^&;,\\s)\"']+)");
    }

    /** A mask of these secret values (and of URL credentials). */
    public static SecretMask of(Collection<String> values) {
        return new SecretMask(requireNonNull(values, "values"), Set.of());
    }

    /**
     * The mask of a config: the secret settings of every connection (declared by its connector
     * among {@code providers}, else by the name fallback), credentials inside any setting's URL,
     * {@code llm.api_key}, and the secret-looking variables of {@code environment} and of the
     * {@code .env} beside the config.
     */
    public static SecretMask of(OsirisConfig config, Collection<? extends ConnectorProvider> providers,
            Map<String, String> environment) {
        Set<String> values = new LinkedHashSet<>();
        Set<String> keys = new LinkedHashSet<>();
        for (Map<String, ConnectorConfig> byName : config.connections().values()) {
            for (ConnectorConfig c : byName.values()) {
                List<ConfigKey> declared = declared(providers, c.type());
                declared.stream().filter(ConfigKey::secret).forEach(k -> keys.add(k.name()));
                c.properties().forEach((k, v) -> {
                    if (isSecret(k, declared)) {
                        values.add(v);
                    }
                    values.addAll(urlCredentials(v));
                });
            }
        }
        values.add(config.llm().getOrDefault("api_key", ""));
        values.addAll(urlCredentials(config.llm().getOrDefault("base_url", "")));
        ConfigLoader.variables(config, environment).forEach((k, v) -> {
            // PWD names the working directory, not a password: masking it would hide every path.
            if (v != null && looksSecret(k) && !SHELL_VARIABLES.contains(k)) {
                values.add(v);
            }
            if (v != null && (v.contains("@") || v.contains("="))) {
                values.addAll(urlCredentials(v)); // DATABASE_URL=postgres://user:PASSWORD@host/db
            }
        });
        return new SecretMask(values, keys);
    }

    /**
     * The name fallback for keys no connector declares: {@code password}, {@code passwd},
     * {@code pwd}, {@code secret}, {@code token}, {@code credential}, {@code key} and
     * {@code *_key} / {@code *apikey}, except keys that only look so ({@code primary_key}).
     */
    public static boolean looksSecret(String key) {
        String k = requireNonNull(key, "key").toLowerCase(Locale.ROOT).replace('-', '_');
        if (NOT_SECRET.contains(k)) {
            return false;
        }
        return k.contains("password") || k.contains("passwd") || k.contains("secret") || k.contains("credential")
                || k.equals("pwd") || k.endsWith("_pwd") || k.matches("(.*_)?token(_.*)?")
                || k.contains("api_key") || k.contains("apikey") || k.equals("key") || k.endsWith("_key");
    }

    /** Whether a key is secret: as declared when its connector declares it, else by {@link #looksSecret}. */
    public static boolean isSecret(String key, Collection<ConfigKey> declared) {
        Optional<ConfigKey> found = declared.stream().filter(d -> d.name().equals(key)).findFirst();
        return found.map(ConfigKey::secret).orElseGet(() -> looksSecret(key));
    }

    /** The declared keys of a connector type (or alias) among these providers; empty when none is known. */
    public static List<ConfigKey> declared(Collection<? extends ConnectorProvider> providers, String type) {
        return providers.stream().filter(p -> p.type().equals(type) || p.aliases().contains(type)).findFirst()
                .map(ConnectorProvider::configKeys).orElse(List.of());
    }

    /** The passwords written inside a URL: user-info passwords and credential parameters. */
    static List<String> urlCredentials(String text) {
        List<String> found = new java.util.ArrayList<>();
        Matcher m = USER_INFO.matcher(text);
        while (m.find()) {
            found.add(m.group(2));
        }
        Matcher p = NONE.parameters.matcher(text);
        while (p.find()) {
            found.add(unquote(p.group(2)));
        }
        return found;
    }

    /** The text with every known secret value and every URL credential masked. */
    public String apply(String text) {
        if (text == null || text.isEmpty()) {
            return text == null ? "" : text;
        }
        String result = text;
        for (String secret : values) {
            if (result.contains(secret)) {
                result = result.replace(secret, MASK);
            }
        }
        result = USER_INFO.matcher(result).replaceAll(m -> Matcher.quoteReplacement(m.group(1) + ":" + MASK + "@"));
        return parameters.matcher(result).replaceAll(m -> Matcher.quoteReplacement(m.group(1) + MASK));
    }

    /**
     * A connection's settings for display, {@code key=value} separated by spaces: secret keys as
     * {@code ****} (or {@code (empty)}), every other value through {@link #apply(String)}.
     */
    public String shown(ConnectorConfig connection, Collection<ConfigKey> declared) {
        StringJoiner shown = new StringJoiner(" ");
        connection.properties().forEach((k, v) -> shown.add(k + "="
                + (!isSecret(k, declared) ? apply(v) : v.isEmpty() ? "(empty)" : MASK)));
        return shown.toString();
    }

    /** The secret values this mask searches for (at least {@value #MIN_LENGTH} characters each). */
    public Set<String> values() {
        return new LinkedHashSet<>(values);
    }

    private static String unquote(String v) {
        return v.length() >= 2 && (v.startsWith("\"") && v.endsWith("\"") || v.startsWith("'") && v.endsWith("'"))
                ? v.substring(1, v.length() - 1) : v;
    }
}
