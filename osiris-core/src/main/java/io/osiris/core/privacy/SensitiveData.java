package io.osiris.core.privacy;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Recognises personal data and secrets in sample values, by column name and by value, and
 * applies a {@link PiiPolicy} to them.
 *
 * <p><b>By name</b>, after splitting {@code camelCase}, {@code snake_case} and other separators
 * into words: a column is sensitive when its words hold a compound such as {@code api_key},
 * {@code credit_card}, {@code card_number}, {@code date_of_birth}, {@code national_id},
 * {@code ip_address}, or a sensitive word ({@code password}, {@code passwd}, {@code pwd},
 * {@code secret}, {@code token}, {@code email}, {@code phone}, {@code mobile}, {@code ssn},
 * {@code passport}, {@code iban}, {@code card}, {@code cvv}, {@code dob}, {@code birthday},
 * {@code address}, {@code ip}, {@code salary}...) that is not qualified by a last word naming
 * metadata about it ({@code token_count}, {@code password_changed_at}, {@code address_id},
 * {@code email_verified}, {@code card_type}).
 *
 * <p><b>By value</b>, in any text value of any column: email addresses, JWTs, API keys (known
 * prefixes such as {@code sk-}, {@code ghp_}, {@code AKIA}, and 32+ character tokens mixing upper
 * case, lower case and digits), IBANs (checked mod 97), card numbers (13 to 19 digits passing
 * Luhn), US SSNs ({@code 123-45-6789}), phone numbers in international format ({@code +} and 8 to
 * 15 digits) and IPv4 addresses.
 *
 * <p>{@link PiiPolicy#MASK} replaces a sensitive column's value by the tag of what it is
 * ({@code <email>}) or {@code <masked>}, and each value found inside other text by its tag
 * ({@code "write to <email> today"}); {@link PiiPolicy#DROP} replaces any value holding
 * sensitive data by {@code <dropped>}; {@link PiiPolicy#ALLOW} changes nothing. Nulls stay null.
 */
public final class SensitiveData {
    /** What a sensitive column's value becomes when no tag says more. */
    public static final String MASKED = "<masked>";
    /** What a sensitive value becomes under {@link PiiPolicy#DROP}. */
    public static final String DROPPED = "<dropped>";

    private static final Set<String> WORDS = Set.of("password", "passwd", "pwd", "passphrase", "secret", "token",
            "apikey", "credential", "credentials", "email", "mail", "phone", "mobile", "telephone", "tel",
            "cellphone", "fax", "ssn", "passport", "iban", "card", "cvv", "cvc", "pin", "otp", "dob", "birthday",
            "birthdate", "address", "street", "ip", "ipv4", "ipv6", "salary", "income", "wage", "wages");
    private static final List<List<String>> COMPOUNDS = List.of(List.of("api", "key"), List.of("access", "key"),
            List.of("secret", "key"), List.of("private", "key"), List.of("auth", "key"), List.of("e", "mail"),
            List.of("social", "security"), List.of("national", "id"), List.of("tax", "id"),
            List.of("credit", "card"), List.of("card", "number"), List.of("card", "no"), List.of("cc", "number"),
            List.of("cc", "num"), List.of("birth", "date"), List.of("date", "of", "birth"),
            List.of("ip", "address"), List.of("phone", "number"), List.of("account", "number"),
            List.of("bank", "account"), List.of("routing", "number"), List.of("passport", "number"),
            List.of("passport", "no"), List.of("passport", "id"), List.of("drivers", "license"),
            List.of("license", "number"), List.of("security", "code"));
    /** Substrings that mark a name written without separators ({@code userpassword}, {@code emailaddr}). */
    private static final List<String> GLUED = List.of("password", "passwd", "passphrase", "email", "apikey",
            "creditcard", "cardnumber", "birthdate", "dateofbirth", "phonenumber", "ipaddress", "socialsecurity");
    /** A last word that makes the name metadata about the sensitive thing rather than the thing. */
    private static final Set<String> METADATA = Set.of("count", "counts", "total", "usage", "used", "limit",
            "limits", "max", "min", "len", "length", "size", "budget", "type", "kind", "id", "ids", "at", "expires",
            "expiry", "expired", "expiration", "updated", "changed", "created", "verified", "confirmed", "enabled",
            "required", "policy", "format", "status", "date", "time", "timestamp", "domain", "sent", "opened",
            "flag", "provider");
    /** A secret written as a key and value inside text: {@code "password": "x"}, {@code token=x}. */
    private static final Pattern KEY_VALUE = Pattern.compile("(?i)(?<![A-Za-z0-9_])(\"?(?:password|passwd|pwd|"
            + "passphrase|secret|client_secret|token|access_token|refresh_token|api_?key|ssn|cvv|card_number|"
            + "credit_card)\"?\\s*[:=]\\s*)(\"[^\"]*\"|'[^']*'|[^\\s,;&}\\]]+)");

    private static final List<Detector> DETECTORS = List.of(
            new Detector("jwt", Pattern.compile("\\beyJ[A-Za-z0-9_-]{5,}\\.[A-Za-z0-9_-]{5,}\\.[A-Za-z0-9_-]*"), s -> true),
            new Detector("secret", Pattern.compile("\\b(?:(?:sk|pk|rk)[-_](?:live_|test_|proj-|ant-)?[A-Za-z0-9_-]{16,}"
                    + "|gh[pousr]_[A-Za-z0-9]{20,}|github_pat_[A-Za-z0-9_]{20,}|xox[abposr]-[A-Za-z0-9-]{10,}"
                    + "|AKIA[0-9A-Z]{16}|AIza[0-9A-Za-z_-]{30,})"), s -> true),
            new Detector("email", Pattern.compile(
                    "[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)*\\.[A-Za-z]{2,}"), s -> true),
            new Detector("iban", Pattern.compile("\\b[A-Z]{2}\\d{2}(?:[A-Z0-9]{11,30}|(?: [A-Z0-9]{4}){2,7}(?: [A-Z0-9]{1,3})?)\\b"),
                    SensitiveData::validIban),
            new Detector("card", Pattern.compile("(?<![\\d-])(?:\\d[ -]?){12,18}\\d(?![\\d-])"), SensitiveData::luhn),
            new Detector("ssn", Pattern.compile("(?<![\\d-])\\d{3}-\\d{2}-\\d{4}(?![\\d-])"), s -> true),
            new Detector("phone", Pattern.compile("(?<![\\w+])\\+\\d[\\d ().-]{6,20}\\d"), s -> digits(s).length() >= 8
                    && digits(s).length() <= 15),
            new Detector("ipv4", Pattern.compile(
                    "(?<![\\d.])(?:(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(?![\\d.])"),
                    s -> true),
            new Detector("secret", Pattern.compile("(?<![A-Za-z0-9+/_=-])[A-Za-z0-9+/_=-]{32,}(?![A-Za-z0-9+/_=-])"),
                    s -> s.chars().anyMatch(Character::isUpperCase) && s.chars().anyMatch(Character::isLowerCase)
                            && s.chars().anyMatch(Character::isDigit)));

    private SensitiveData() {
    }

    /** Whether a column's name says it holds personal data or a secret (see the class comment). */
    public static boolean sensitiveColumn(String name) {
        List<String> words = words(requireNonNull(name, "name"));
        if (words.isEmpty()) {
            return false;
        }
        for (List<String> compound : COMPOUNDS) {
            if (Collections.indexOfSubList(words, compound) >= 0) {
                return true;
            }
        }
        if (METADATA.contains(words.get(words.size() - 1))) {
            return false;
        }
        String glued = String.join("", words);
        return words.stream().anyMatch(WORDS::contains) || GLUED.stream().anyMatch(glued::contains);
    }

    /** The text with each value found in it (an email, a card number...) replaced by its tag ({@code <email>}). */
    public static String scrubText(String text) {
        if (plain(requireNonNull(text, "text"))) {
            return text;
        }
        String result = KEY_VALUE.matcher(requireNonNull(text, "text")).replaceAll(m -> Matcher.quoteReplacement(
                m.group(1) + (m.group(2).startsWith("\"") ? "\"" + MASKED + "\"" : MASKED)));
        for (Detector d : DETECTORS) {
            result = d.replace(result);
        }
        return result;
    }

    /** Whether a text holds a value recognised as personal data or a secret. */
    public static boolean containsSensitive(String text) {
        return !scrubText(text).equals(text);
    }

    /**
     * One value under a policy.
     *
     * @param sensitiveColumn whether the column's name marks it sensitive
     */
    public static Object value(PiiPolicy policy, boolean sensitiveColumn, Object value) {
        if (value == null || policy == PiiPolicy.ALLOW) {
            return value;
        }
        if (sensitiveColumn) {
            if (policy == PiiPolicy.DROP) {
                return DROPPED;
            }
            String text = value instanceof String s ? s.strip() : "";
            String scrubbed = scrubText(text);
            return scrubbed.matches("<[a-z0-9]+>") ? scrubbed : MASKED;
        }
        if (value instanceof String s) {
            String scrubbed = scrubText(s);
            return scrubbed.equals(s) ? s : policy == PiiPolicy.DROP ? DROPPED : scrubbed;
        }
        return value;
    }

    /** Rows under a policy; {@code columns} names each row's values in order. */
    public static List<List<Object>> rows(PiiPolicy policy, List<String> columns, List<? extends List<?>> rows) {
        boolean[] sensitive = new boolean[columns.size()];
        for (int i = 0; i < sensitive.length; i++) {
            sensitive[i] = sensitiveColumn(columns.get(i));
        }
        List<List<Object>> out = new ArrayList<>(rows.size());
        for (List<?> row : rows) {
            out.add(row(policy, sensitive, row));
        }
        return out;
    }

    /** One row under a policy, {@code sensitive[i]} saying whether column i is sensitive by name. */
    public static List<Object> row(PiiPolicy policy, boolean[] sensitive, List<?> row) {
        List<Object> values = new ArrayList<>(row.size());
        for (int i = 0; i < row.size(); i++) {
            values.add(value(policy, i < sensitive.length && sensitive[i], row.get(i)));
        }
        return values;
    }

    /** Text no detector can match: every kind needs a digit, {@code @}, {@code :}, {@code =}, {@code -}, {@code _} or {@code .}. */
    private static boolean plain(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= '0' && c <= '9' || c == '@' || c == ':' || c == '=' || c == '-' || c == '_' || c == '.') {
                return false;
            }
        }
        return true;
    }

    static List<String> words(String name) {
        String snake = name.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
        return Arrays.stream(snake.split("[^a-z0-9]+")).filter(w -> !w.isEmpty()).toList();
    }

    private static String digits(String s) {
        return s.replaceAll("\\D", "");
    }

    static boolean luhn(String candidate) {
        String d = digits(candidate);
        if (d.length() < 13 || d.length() > 19) {
            return false;
        }
        int sum = 0;
        boolean doubled = false;
        for (int i = d.length() - 1; i >= 0; i--) {
            int n = d.charAt(i) - '0';
            if (doubled) {
                n *= 2;
                if (n > 9) {
                    n -= 9;
                }
            }
            sum += n;
            doubled = !doubled;
        }
        return sum % 10 == 0;
    }

    static boolean validIban(String candidate) {
        String iban = candidate.replace(" ", "");
        if (iban.length() < 15 || iban.length() > 34) {
            return false;
        }
        String rearranged = iban.substring(4) + iban.substring(0, 4);
        int remainder = 0;
        for (char c : rearranged.toCharArray()) {
            int v = Character.isDigit(c) ? c - '0' : c - 'A' + 10;
            remainder = (v > 9 ? remainder * 100 + v : remainder * 10 + v) % 97;
        }
        return remainder == 1;
    }

    /** A kind of value, found by a pattern and confirmed by a check (Luhn, mod 97). */
    private record Detector(String tag, Pattern pattern, Predicate<String> check) {
        String replace(String text) {
            Matcher m = pattern.matcher(text);
            if (!m.find()) {
                return text;
            }
            StringBuilder out = new StringBuilder();
            do {
                m.appendReplacement(out, Matcher.quoteReplacement(check.test(m.group()) ? "<" + tag + ">" : m.group()));
            } while (m.find());
            m.appendTail(out);
            return out.toString();
        }
    }
}
