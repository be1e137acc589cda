package io.osiris.test;

import io.osiris.api.data.ColumnInfo;
import io.osiris.api.data.ColumnType;
import io.osiris.api.data.RowSchema;
import io.osiris.api.data.TypeKind;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Rows to and from Java records and maps. */
final class JavaRows {
    private JavaRows() {
    }

    static Rows records(Class<? extends Record> type, List<? extends Record> records) {
        RecordComponent[] components = type.getRecordComponents();
        List<String> names = new ArrayList<>();
        List<Class<?>> classes = new ArrayList<>();
        for (RecordComponent c : components) {
            names.add(snakeCase(c.getName()));
            classes.add(c.getType());
        }
        List<List<Object>> values = new ArrayList<>();
        for (Record r : records) {
            List<Object> row = new ArrayList<>(components.length);
            for (RecordComponent c : components) {
                row.add(read(c, r));
            }
            values.add(row);
        }
        return typed(names, classes, values, type.getSimpleName() + " component");
    }

    static Rows maps(List<? extends Map<String, ?>> maps) {
        Map<String, Class<?>> columns = new LinkedHashMap<>();
        for (Map<String, ?> map : maps) {
            map.forEach((k, v) -> {
                if (v != null) {
                    columns.putIfAbsent(k, v.getClass());
                } else if (!columns.containsKey(k)) {
                    columns.put(k, null);
                }
            });
        }
        columns.replaceAll((k, v) -> v == null ? String.class : v);
        if (columns.isEmpty()) {
            throw new IllegalArgumentException("no keys to take the columns from; declare them with Rows.of(schema, rows)");
        }
        List<String> names = List.copyOf(columns.keySet());
        List<List<Object>> values = new ArrayList<>();
        for (Map<String, ?> map : maps) {
            List<Object> row = new ArrayList<>(names.size());
            names.forEach(n -> row.add(map.get(n)));
            values.add(row);
        }
        return typed(names, List.copyOf(columns.values()), values, "key");
    }

    /** Rows whose column types follow the Java classes, decimals sized to hold their values. */
    private static Rows typed(List<String> names, List<Class<?>> classes, List<List<Object>> values, String what) {
        List<ColumnInfo> columns = new ArrayList<>();
        for (int c = 0; c < names.size(); c++) {
            int index = c;
            ColumnType type = Values.typeOf(classes.get(c)).orElseThrow(() -> new IllegalArgumentException(
                    what + " '" + names.get(index) + "' is a " + classes.get(index).getName()
                            + ", which no column type holds; declare the columns with Rows.of(schema, rows)"));
            if (type.kind() == TypeKind.DECIMAL) {
                type = decimalFor(values, c);
            }
            columns.add(new ColumnInfo(names.get(c), type));
        }
        return Rows.of(new RowSchema(columns), values);
    }

    /** The narrowest DECIMAL that holds every value of a column (at least 18 digits, at most 38). */
    private static ColumnType decimalFor(List<List<Object>> values, int column) {
        int scale = 0;
        int integerDigits = 1;
        for (List<Object> row : values) {
            if (row.get(column) instanceof Number n) {
                BigDecimal d = n instanceof BigDecimal b ? b : new BigDecimal(n.toString());
                scale = Math.max(scale, Math.max(d.scale(), 0));
                integerDigits = Math.max(integerDigits, d.precision() - d.scale());
            }
        }
        int precision = Math.min(ColumnType.MAX_DECIMAL_PRECISION, Math.max(18, integerDigits + scale));
        return ColumnType.decimal(precision, Math.min(scale, precision));
    }

    static <R extends Record> List<R> as(Rows rows, Class<R> type) {
        RecordComponent[] components = type.getRecordComponents();
        int[] index = new int[components.length];
        Class<?>[] parameters = new Class<?>[components.length];
        for (int i = 0; i < components.length; i++) {
            index[i] = columnOf(rows, components[i].getName());
            if (index[i] < 0) {
                throw new IllegalArgumentException(type.getSimpleName() + "." + components[i].getName()
                        + " has no column; the columns are " + rows.columns());
            }
            parameters[i] = components[i].getType();
        }
        List<R> out = new ArrayList<>(rows.size());
        for (int r = 0; r < rows.size(); r++) {
            List<Object> row = rows.asLists().get(r);
            Object[] args = new Object[components.length];
            for (int i = 0; i < components.length; i++) {
                args[i] = argument(row.get(index[i]), parameters[i],
                        "row " + (r + 1) + ", column " + rows.columns().get(index[i]));
            }
            try {
                var constructor = type.getDeclaredConstructor(parameters);
                constructor.setAccessible(true); // a test's own records are often package-private
                out.add(constructor.newInstance(args));
            } catch (InvocationTargetException e) {
                throw new IllegalArgumentException("row " + (r + 1) + ": " + type.getSimpleName() + " refused it: "
                        + e.getCause().getMessage(), e.getCause());
            } catch (ReflectiveOperationException e) {
                throw new IllegalArgumentException("cannot create a " + type.getName() + " (is it public?): " + e, e);
            }
        }
        return List.copyOf(out);
    }

    private static Object argument(Object value, Class<?> type, String where) {
        if (value == null) {
            if (type.isPrimitive()) {
                throw new IllegalArgumentException(where + ": NULL into a " + type + "; use " + Values.boxed(type)
                        .getSimpleName());
            }
            return null;
        }
        Object converted;
        try {
            converted = Values.convert(value, type);
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException(where + ": " + value + " does not fit a " + type.getSimpleName(), e);
        }
        if (converted == null && type == String.class) {
            converted = value.toString();
        }
        if (converted == null) {
            throw new IllegalArgumentException(where + ": a " + value.getClass().getSimpleName() + " (" + value
                    + ") does not convert to " + type.getSimpleName());
        }
        return converted;
    }

    private static int columnOf(Rows rows, String component) {
        String wanted = loose(component);
        for (int i = 0; i < rows.columns().size(); i++) {
            if (loose(rows.columns().get(i)).equals(wanted)) {
                return i;
            }
        }
        return -1;
    }

    private static String loose(String name) {
        return name.replace("_", "").toLowerCase(Locale.ROOT);
    }

    private static Object read(RecordComponent c, Record r) {
        try {
            c.getAccessor().setAccessible(true);
            return c.getAccessor().invoke(r);
        } catch (ReflectiveOperationException e) {
            throw new IllegalArgumentException("cannot read " + c.getName() + " of " + r.getClass().getName() + ": " + e, e);
        }
    }

    /** {@code movieId} to {@code movie_id}; {@code URL} stays {@code url}. */
    static String snakeCase(String name) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < name.length(); i++) {
            char ch = name.charAt(i);
            if (Character.isUpperCase(ch) && i > 0 && !Character.isUpperCase(name.charAt(i - 1))) {
                sb.append('_');
            }
            sb.append(Character.toLowerCase(ch));
        }
        return sb.toString();
    }
}
