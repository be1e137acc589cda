package io.osiris.api.template;

/** What a template parameter holds, which decides how it is checked and rendered. */
public enum ParameterType {
    /** A table of the source; checked against discovery and quoted as an identifier. */
    TABLE,
    /** A column of the chosen table; checked and quoted as an identifier. */
    COLUMN,
    /** Several columns, comma-separated or a list. */
    COLUMN_LIST,
    /** A whole number, bound as a literal. */
    INTEGER,
    /** A number, bound as a literal. */
    NUMBER,
    /** Text, bound as a string literal, never spliced. */
    STRING,
    /** One of a fixed set of words ({@code asc}, {@code desc}). */
    CHOICE
}
