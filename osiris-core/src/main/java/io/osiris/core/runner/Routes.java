package io.osiris.core.runner;

import java.util.LinkedHashMap;
import java.util.Map;

/** Every route by the name plans and reports give it. */
final class Routes {
    static final String FILE_SCAN = "file-scan";
    static final String FILE_SCAN_INTO_LOAD = "file-scan-into-load";
    static final String CSV_COPY = "csv-copy";
    static final String CSV_COPY_INTO_FILE = "csv-copy-into-file";
    static final String ROWS_AS_CSV = "rows-as-csv";
    static final String ROWS_AS_CSV_INTO_FILE = "rows-as-csv-into-file";
    static final String APPEND = "append";
    static final String SPLIT_CSV_COPY = "split-csv-copy";
    static final String SPLIT_ROWS_AS_CSV = "split-rows-as-csv";
    static final String SPLIT_APPEND = "split-append";
    static final String SPLIT_IN_ENGINE = "split-in-engine";
    static final String SPLIT_IN_ENGINE_INTO_FILE = "split-in-engine-into-file";
    static final String SPLIT_CSV_COPY_INTO_FILE = "split-csv-copy-into-file";
    static final String SPLIT_ROWS_AS_CSV_INTO_FILE = "split-rows-as-csv-into-file";
    static final String DESCRIBE = "describe";
    static final String SQL = "sql";
    static final String BIND = "bind";
    static final String FILE_EXPORT = "file-export";
    static final String URI_EXPORT = "uri-export";
    static final String CSV_IMPORT = "csv-import";
    static final String ROWS_TO_LOADER = "rows-to-loader";
    static final String WRITTEN_BY_EXTRACT = "written-by-extract";
    static final String DRY = "dry";
    /**
     * Every step's data checks, as SQL in the engine, after the last transform and before the
     * first load: a step with checks is staged in the engine (no direct route), so its rows
     * are judged before any target is touched.
     */
    static final String CHECKS_BEFORE_LOADS = "checks-before-loads";
    static final String BIND_CHECKS = "bind-checks";

    private static final Map<String, ExtractRoute> EXTRACT = new LinkedHashMap<>();
    private static final Map<String, LoadRoute> LOAD = new LinkedHashMap<>();

    static {
        for (ExtractRoute r : new ExtractRoute[] {new FileScanRoute(), new FileScanIntoLoadRoute(),
                new CsvCopyRoute(false), new CsvCopyRoute(true), new RowsAsCsvRoute(false), new RowsAsCsvRoute(true),
                new AppendRoute(), new DescribeRoute(), new SplitRoute(SplitRoute.Method.CSV_COPY),
                new SplitRoute(SplitRoute.Method.ROWS_AS_CSV), new SplitRoute(SplitRoute.Method.APPEND),
                new SplitRoute(SplitRoute.Method.IN_ENGINE), new SplitRoute(SplitRoute.Method.IN_ENGINE_INTO_FILE),
                new SplitRoute(SplitRoute.Method.CSV_COPY_INTO_FILE),
                new SplitRoute(SplitRoute.Method.ROWS_AS_CSV_INTO_FILE)}) {
            EXTRACT.put(r.name(), r);
        }
        for (LoadRoute r : new LoadRoute[] {new FileExportRoute(), new UriExportRoute(), new CsvImportRoute(), new RowsToLoaderRoute(),
                new WrittenByExtractRoute(), new DryLoadRoute()}) {
            LOAD.put(r.name(), r);
        }
    }

    private Routes() {
    }

    static ExtractRoute extract(String name) {
        ExtractRoute route = EXTRACT.get(name);
        if (route == null) {
            throw new IllegalArgumentException("no extract route " + name);
        }
        return route;
    }

    static LoadRoute load(String name) {
        LoadRoute route = LOAD.get(name);
        if (route == null) {
            throw new IllegalArgumentException("no load route " + name);
        }
        return route;
    }

    /** Whether an extract route writes its one load's file or table itself. */
    static boolean writesLoad(String route) {
        return route.equals(CSV_COPY_INTO_FILE) || route.equals(ROWS_AS_CSV_INTO_FILE)
                || route.equals(FILE_SCAN_INTO_LOAD) || route.equals(SPLIT_CSV_COPY_INTO_FILE)
                || route.equals(SPLIT_ROWS_AS_CSV_INTO_FILE) || route.equals(SPLIT_IN_ENGINE_INTO_FILE);
    }

    /** Whether an extract route reads its source before the engine may decline its rows. */
    static boolean readsBeforeEngineDecides(String route) {
        return route.startsWith(CSV_COPY) || route.startsWith(ROWS_AS_CSV) || route.endsWith("-into-file");
    }
}
