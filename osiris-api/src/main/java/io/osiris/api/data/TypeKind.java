package io.osiris.api.data;

/**
 * The portable column types every connector maps its native types to, each with the one Java
 * class a {@link RowStream} hands out for its values (SQL NULL is always {@code null}).
 */
public enum TypeKind {
    /** {@link Boolean}. */
    BOOLEAN(Boolean.class),
    /** 16-bit integer, {@link Short}. */
    SMALLINT(Short.class),
    /** 32-bit integer, {@link Integer}. */
    INTEGER(Integer.class),
    /** 64-bit integer, {@link Long}. Unsigned 64-bit sources map to {@code DECIMAL(20,0)} instead. */
    BIGINT(Long.class),
    /** 32-bit IEEE float, {@link Float}. */
    REAL(Float.class),
    /** 64-bit IEEE float, {@link Double}. */
    DOUBLE(Double.class),
    /** Exact decimal with precision and scale, {@link java.math.BigDecimal}. */
    DECIMAL(java.math.BigDecimal.class),
    /** Character data of any length, {@link String}. */
    STRING(String.class),
    /** Calendar date, {@link java.time.LocalDate}. */
    DATE(java.time.LocalDate.class),
    /** Time of day, {@link java.time.LocalTime}. */
    TIME(java.time.LocalTime.class),
    /**
     * An elapsed time of fixed length, to the microsecond, {@link java.time.Duration}: MySQL's
     * {@code TIME}, which spans {@code -838:59:59} to {@code 838:59:59} and so is not a time of
     * day. Its text is {@link Intervals#format}.
     */
    INTERVAL(java.time.Duration.class),
    /** Date and time without a zone (MySQL DATETIME, PostgreSQL timestamp), {@link java.time.LocalDateTime}. */
    TIMESTAMP(java.time.LocalDateTime.class),
    /** An instant (MySQL TIMESTAMP, PostgreSQL timestamptz), {@link java.time.OffsetDateTime} in UTC. */
    TIMESTAMP_TZ(java.time.OffsetDateTime.class),
    /** Bytes, {@code byte[]}. */
    BINARY(byte[].class),
    /** A JSON document as its text, {@link String}. */
    JSON(String.class),
    /** {@link java.util.UUID}. */
    UUID(java.util.UUID.class);

    private final Class<?> javaType;

    TypeKind(Class<?> javaType) {
        this.javaType = javaType;
    }

    /** The class of the non-null values a {@link RowStream} returns for this kind. */
    public Class<?> javaType() {
        return javaType;
    }
}
