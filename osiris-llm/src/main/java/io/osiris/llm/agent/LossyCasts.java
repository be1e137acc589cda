package io.osiris.llm.agent;

import io.osiris.api.data.ColumnType;
import io.osiris.api.data.TypeKind;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Whether a value of one type may change on its way into another: the type map's warnings. */
final class LossyCasts {
    private static final Set<TypeKind> INTEGERS = Set.of(TypeKind.SMALLINT, TypeKind.INTEGER, TypeKind.BIGINT);
    private static final Set<TypeKind> FLOATS = Set.of(TypeKind.REAL, TypeKind.DOUBLE);
    /** Significant decimal digits a float keeps exactly. */
    private static final int REAL_DIGITS = 6;
    private static final int DOUBLE_DIGITS = 15;
    private static final Pattern FRACTIONAL_SECONDS = Pattern.compile("(?:TIMESTAMP|DATETIME2?)\\s*\\((\\d)\\)");

    private LossyCasts() {
    }

    /**
     * Why a value may change going from {@code source} (with its source's native type name, maybe
     * empty) to {@code target}, or empty when every value survives.
     */
    static String why(ColumnType source, String nativeType, ColumnType target) {
        String nat = nativeType.toUpperCase(Locale.ROOT);
        TypeKind from = source.kind();
        TypeKind to = target.kind();
        if (nat.contains("UNSIGNED") && from == TypeKind.BIGINT && to == TypeKind.BIGINT) {
            return "unsigned values above 9223372036854775807 do not fit a signed BIGINT";
        }
        if (from == TypeKind.DECIMAL && FLOATS.contains(to)) {
            int digits = to == TypeKind.REAL ? REAL_DIGITS : DOUBLE_DIGITS;
            return source.precision() > digits ? "a " + to + " keeps about " + digits + " of its "
                    + source.precision() + " digits" : "";
        }
        if ((from == TypeKind.DECIMAL && source.scale() > 0 || FLOATS.contains(from)) && INTEGERS.contains(to)) {
            return "the fraction is dropped";
        }
        if (from == TypeKind.DECIMAL && to == TypeKind.DECIMAL) {
            if (target.scale() < source.scale()) {
                return "decimals past " + target.scale() + " are rounded";
            }
            return target.precision() - target.scale() < source.precision() - source.scale()
                    ? "fewer integer digits: large values overflow" : "";
        }
        if (from == TypeKind.DOUBLE && to == TypeKind.REAL) {
            return "a REAL keeps about " + REAL_DIGITS + " digits";
        }
        if (INTEGERS.contains(from) && INTEGERS.contains(to) && rank(to) < rank(from)) {
            return "values beyond the range of " + to + " overflow";
        }
        if (from == TypeKind.BIGINT && FLOATS.contains(to)) {
            return "integers past 2^53 lose digits in a " + to;
        }
        if ((from == TypeKind.STRING && to == TypeKind.STRING || from == TypeKind.BINARY && to == TypeKind.BINARY)
                && target.precision() > 0 && (source.precision() == 0 || target.precision() < source.precision())) {
            return "values longer than " + target.precision() + " are cut or refused";
        }
        if (from == TypeKind.TIMESTAMP_TZ && to == TypeKind.TIMESTAMP) {
            return "the time zone is dropped";
        }
        if ((from == TypeKind.TIMESTAMP || from == TypeKind.TIMESTAMP_TZ) && to == TypeKind.DATE) {
            return "the time of day is dropped";
        }
        if ((from == TypeKind.TIMESTAMP || from == TypeKind.TIMESTAMP_TZ)
                && (to == TypeKind.TIMESTAMP || to == TypeKind.TIMESTAMP_TZ) && finerThanMicros(nat)) {
            return "fractions of a second finer than microseconds are cut";
        }
        return "";
    }

    private static boolean finerThanMicros(String nativeType) {
        if (nativeType.contains("TIMESTAMP_NS") || nativeType.contains("NANO")) {
            return true;
        }
        Matcher m = FRACTIONAL_SECONDS.matcher(nativeType);
        return m.find() && Integer.parseInt(m.group(1)) > 6;
    }

    private static int rank(TypeKind kind) {
        return switch (kind) {
            case SMALLINT -> 1;
            case INTEGER -> 2;
            default -> 3;
        };
    }
}
