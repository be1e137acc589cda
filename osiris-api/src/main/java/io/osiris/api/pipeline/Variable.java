package io.osiris.api.pipeline;

import static java.util.Objects.requireNonNull;

/**
 * A pipeline variable, declared under {@code vars:} with its default and used as
 * {@code ${name}} in queries, filters, transform SQL and paths. Osiris never pastes a value
 * as text: in SQL it becomes a literal of the variable's type, written from the checked value;
 * in a path it must be one safe file-name segment.
 *
 * @param name  the name ({@code [A-Za-z_][A-Za-z0-9_]*}), as written in {@code ${name}}
 * @param type  the type, fixed by the default's YAML type
 * @param value the default as text ({@code 2000}, {@code 8.5}, {@code true}, {@code EUR}); in a
 *              pipeline bound for a run, the value the run uses
 */
public record Variable(String name, Type type, String value) {

    /** The types a variable can have: its default's YAML type. */
    public enum Type {
        /** A whole number, written bare in SQL. */
        INTEGER,
        /** A decimal number ({@code 8.5}), written bare in SQL. */
        DECIMAL,
        /** {@code true} or {@code false}, written {@code TRUE} or {@code FALSE} in SQL. */
        BOOLEAN,
        /** Text, written as a quoted string literal in the step's dialect (dates are text too). */
        STRING
    }

    public Variable {
        requireNonNull(name, "name");
        requireNonNull(type, "type");
        requireNonNull(value, "value");
    }

    /** A string variable with a default: {@code Variable.of("country", "FR")}. */
    public static Variable of(String name, String value) {
        return new Variable(name, Type.STRING, value);
    }

    /** An integer variable with a default: {@code Variable.of("min_year", 2000)}. */
    public static Variable of(String name, long value) {
        return new Variable(name, Type.INTEGER, Long.toString(value));
    }

    /** A boolean variable with a default. */
    public static Variable of(String name, boolean value) {
        return new Variable(name, Type.BOOLEAN, Boolean.toString(value));
    }

    /** A decimal variable with a default, written in plain notation. */
    public static Variable of(String name, java.math.BigDecimal value) {
        return new Variable(name, Type.DECIMAL, value.toPlainString());
    }
}
