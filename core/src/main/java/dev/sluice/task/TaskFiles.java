package dev.sluice.task;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.sluice.settings.Settings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Pattern;

/** Reads a YAML task file into a {@link TaskSpec} and checks it, reporting every problem with its field path. */
public final class TaskFiles {
    private static final long MAX_CALL_SECONDS = Settings.MAX_CALL.toSeconds();
    private static final String LAMBDA_LIMIT = " (a Lambda call may last at most 15 minutes)";
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,47}");
    private static final ObjectMapper YAML = configure(new ObjectMapper(new YAMLFactory()));
    private static final ObjectMapper JSON = configure(new ObjectMapper());

    private TaskFiles() {
    }

    private static ObjectMapper configure(ObjectMapper m) {
        return m.setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY);
    }

    /** The mapper that reads and writes task specs (snake_case keys), for storing a spec as JSON. */
    public static ObjectMapper json() {
        return JSON;
    }

    public static TaskSpec read(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new TaskFileException(file.toString(), List.of("file not found; give the path of a YAML task file"));
        } catch (IOException e) {
            throw new TaskFileException(file.toString(), List.of("cannot read the file: " + e.getMessage()));
        }
        return parse(text, file.toString());
    }

    public static TaskSpec parse(String yaml, String origin) {
        TaskSpec spec;
        List<String> unknown = new ArrayList<>();
        try {
            JsonNode tree = YAML.readTree(yaml);
            spec = tree == null || tree.isMissingNode() ? null : readReportingEveryUnknownKey(tree, unknown);
        } catch (JsonProcessingException e) {
            List<String> all = new ArrayList<>(unknown);
            all.add(describe(e));
            throw new TaskFileException(origin, all);
        }
        if (spec == null) {
            throw new TaskFileException(origin, List.of("the file is empty; see README.md for an example task file"));
        }
        List<String> problems = new ArrayList<>(unknown);
        problems.addAll(validate(spec));
        if (!problems.isEmpty()) {
            throw new TaskFileException(origin, problems);
        }
        return spec;
    }

    /** Reads a spec stored as JSON (by {@link #toJson}); the same checks apply. */
    public static TaskSpec fromJson(String json) {
        try {
            return JSON.readValue(json, TaskSpec.class);
        } catch (JsonProcessingException e) {
            throw new TaskFileException("stored task", List.of(describe(e)));
        }
    }

    public static String toJson(TaskSpec spec) {
        try {
            return JSON.writeValueAsString(spec);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("task spec cannot be written as JSON", e);
        }
    }

    /**
     * Binds the tree; each unknown key is reported (with its path and the keys allowed there), removed and the
     * binding retried, so one run names every typo instead of the first.
     */
    private static TaskSpec readReportingEveryUnknownKey(JsonNode tree, List<String> unknown)
            throws JsonProcessingException {
        for (int i = 0; ; i++) {
            try {
                return YAML.treeToValue(tree, TaskSpec.class);
            } catch (UnrecognizedPropertyException u) {
                List<JsonMappingException.Reference> path = u.getPath();
                JsonNode parent = tree;
                for (JsonMappingException.Reference r : path.subList(0, Math.max(0, path.size() - 1))) {
                    parent = r.getFieldName() != null ? parent.path(r.getFieldName()) : parent.path(r.getIndex());
                }
                if (i >= 100 || !(parent instanceof ObjectNode o) || o.remove(u.getPropertyName()) == null) {
                    throw u;
                }
                unknown.add(describe(u));
            }
        }
    }

    private static String describe(JsonProcessingException e) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof com.fasterxml.jackson.core.exc.StreamReadException syntax) {
                String where = syntax.getLocation() == null ? "" : "line " + syntax.getLocation().getLineNr()
                        + ", column " + syntax.getLocation().getColumnNr() + ": ";
                return where + "not valid YAML: " + firstLine(syntax.getOriginalMessage());
            }
        }
        if (e instanceof UnrecognizedPropertyException u) {
            TreeSet<String> known = new TreeSet<>();
            u.getKnownPropertyIds().forEach(k -> known.add(String.valueOf(k)));
            return parentPath(u) + ": unknown key '" + u.getPropertyName() + "'; allowed here: " + String.join(", ", known);
        }
        if (e instanceof ValueInstantiationException || e instanceof InvalidFormatException) {
            Throwable root = e.getCause() != null ? e.getCause() : e;
            String msg = root instanceof IllegalArgumentException ? root.getMessage() : e.getOriginalMessage();
            return path((JsonMappingException) e) + ": " + msg;
        }
        if (e instanceof com.fasterxml.jackson.databind.exc.MismatchedInputException mi && mi.getTargetType() != null
                && !mi.getPath().isEmpty()) {
            return path(mi) + ": expected " + expected(mi.getTargetType());
        }
        if (e instanceof JsonMappingException m && !m.getPath().isEmpty()) {
            return path(m) + ": " + firstLine(m.getOriginalMessage());
        }
        String where = e.getLocation() == null ? ""
                : "line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ": ";
        return where + "not valid YAML: " + firstLine(e.getOriginalMessage());
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    private static String expected(Class<?> type) {
        if (type == String.class) {
            return "a single text value";
        }
        if (type == Integer.class || type == Long.class || type == int.class || type == long.class) {
            return "a whole number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (java.util.Collection.class.isAssignableFrom(type)) {
            return "a list";
        }
        if (java.util.Map.class.isAssignableFrom(type) || type.isRecord()) {
            return "a mapping of keys to values";
        }
        return "a " + type.getSimpleName();
    }

    private static String parentPath(JsonMappingException e) {
        String full = path(e);
        int dot = full.lastIndexOf('.');
        return dot < 0 ? "(top level)" : full.substring(0, dot);
    }

    private static String path(JsonMappingException e) {
        StringBuilder sb = new StringBuilder();
        for (JsonMappingException.Reference r : e.getPath()) {
            if (r.getFieldName() != null) {
                if (sb.length() > 0) {
                    sb.append('.');
                }
                sb.append(r.getFieldName());
            } else if (r.getIndex() >= 0) {
                sb.append('[').append(r.getIndex()).append(']');
            }
        }
        return sb.length() == 0 ? "(top level)" : sb.toString();
    }

    /** Every semantic problem of a parsed spec; empty when it is usable. */
    static List<String> validate(TaskSpec s) {
        List<String> p = new ArrayList<>();
        if (s.name() == null || s.name().isBlank()) {
            p.add("name: missing; give the task a name (letters, digits, '_', '.', '-'; up to 48)");
        } else if (!NAME.matcher(s.name()).matches()) {
            p.add("name: '" + s.name() + "' is not allowed; use letters, digits, '_', '.', '-' (up to 48, starting with a letter or digit)");
        }
        endpoint("source", s.source(), p);
        endpoint("destination", s.destination(), p);
        if (s.types() == null || s.types().isEmpty()) {
            p.add("types: missing; list one or more of: schema, full, incremental");
        }
        if (s.objects() == null || s.objects().isEmpty()) {
            p.add("objects: missing; list at least one entry such as '- database: shop'");
        } else {
            for (int i = 0; i < s.objects().size(); i++) {
                ObjectSelection o = s.objects().get(i);
                if (o == null || o.database() == null || o.database().isBlank()) {
                    p.add("objects[" + i + "].database: missing; name a database (wildcards * and ? allowed)");
                } else {
                    for (String t : o.columnsOrNone().keySet()) {
                        if (ObjectFilter.isPattern(t)) {
                            p.add("objects[" + i + "].columns." + t + ": column selection needs an exact table name");
                        }
                    }
                    whereFilters(o, "objects[" + i + "].where.", p);
                }
            }
        }
        mapping(s.mappingOrNone(), p);
        throttle(s.throttleOrNone(), p);
        options(s, p);
        return p;
    }

    private static void whereFilters(ObjectSelection o, String field, List<String> p) {
        for (Map.Entry<String, String> w : o.whereOrNone().entrySet()) {
            if (ObjectFilter.isPattern(w.getKey())) {
                p.add(field + w.getKey() + ": a row filter needs an exact table name");
                continue;
            }
            try {
                RowFilter.parse(w.getValue());
            } catch (IllegalArgumentException e) {
                p.add(field + w.getKey() + ": " + e.getMessage());
            }
        }
    }

    private static void endpoint(String field, EndpointSpec e, List<String> p) {
        if (e == null) {
            p.add(field + ": missing; give host, port, user and password (as env:VAR or file:PATH)");
            return;
        }
        if (e.host() == null || e.host().isBlank()) {
            p.add(field + ".host: missing; give a host name or IP address");
        }
        if (e.port() != null && (e.port() < 1 || e.port() > 65535)) {
            p.add(field + ".port: " + e.port() + " is not a valid port; use 1-65535 (MySQL's default is 3306)");
        }
        if (e.user() == null || e.user().isBlank()) {
            p.add(field + ".user: missing; give the MySQL account Sluice logs in with");
        }
        if (e.password() != null && !SecretRef.isReference(e.password())) {
            p.add(field + ".password: must be a reference, not the password itself; use env:VARIABLE, "
                    + "file:/path/to/file or arn:aws:secretsmanager:...");
        }
        if (e.connectTimeoutSeconds() != null && (e.connectTimeoutSeconds() < 1 || e.connectTimeoutSeconds() > 300)) {
            p.add(field + ".connect_timeout_seconds: " + e.connectTimeoutSeconds() + " is out of range; use 1-300");
        }
        if (e.readTimeoutSeconds() != null && (e.readTimeoutSeconds() < 1 || e.readTimeoutSeconds() > 86_400)) {
            p.add(field + ".read_timeout_seconds: " + e.readTimeoutSeconds() + " is out of range; use 1-86400 (the "
                    + "default is " + EndpointSpec.DEFAULT_READ_TIMEOUT_SECONDS + ")");
        }
        TlsMode tls = e.tlsOrDefault();
        if (e.caFile() != null && tls != TlsMode.VERIFY_CA && tls != TlsMode.VERIFY_IDENTITY) {
            p.add(field + ".ca_file: used only to verify the server; set " + field + ".tls: verify_ca or "
                    + "verify_identity (tls: " + tls.yamlName() + " would encrypt without checking the certificate)");
        }
        for (String[] f : new String[][] {{"ca_file", e.caFile()}, {"server_rsa_public_key_file", e.serverRsaPublicKeyFile()}}) {
            if (f[1] != null && !java.nio.file.Path.of(f[1]).isAbsolute()) {
                p.add(field + "." + f[0] + ": give an absolute path (the task may run in another directory)");
            }
        }
    }

    private static void mapping(NameMapping m, List<String> p) {
        check(m.tables(), "mapping.tables", 2, "'database.table'", p);
        check(m.columns(), "mapping.columns", 3, "'database.table.column'", p);
        if (m.databases() != null) {
            m.databases().forEach((k, v) -> {
                if (v == null || v.isBlank() || ObjectFilter.isPattern(k)) {
                    p.add("mapping.databases." + k + ": map one exact database name to a non-empty new name");
                }
            });
        }
    }

    private static void check(Map<String, String> map, String field, int parts, String form, List<String> p) {
        if (map == null) {
            return;
        }
        map.forEach((k, v) -> {
            if (k.split("\\.", -1).length != parts || ObjectFilter.isPattern(k)) {
                p.add(field + "." + k + ": the key must be " + form + " with exact names");
            }
            if (v == null || v.isBlank() || v.contains(".")) {
                p.add(field + "." + k + ": the new name must be a plain non-empty name (no dots)");
            }
        });
    }

    private static void throttle(ThrottleSpec t, List<String> p) {
        if (t.rowsPerSecond() != null && t.rowsPerSecond() < 0) {
            p.add("throttle.rows_per_second: must be 0 (unlimited) or more");
        }
        if (t.bytesPerSecond() != null && t.bytesPerSecond() < 0) {
            p.add("throttle.bytes_per_second: must be 0 (unlimited) or more");
        }
        if (t.maxThreadsRunning() != null && t.maxThreadsRunning() < 0) {
            p.add("throttle.max_threads_running: must be 0 (off) or more");
        }
    }

    private static void options(TaskSpec s, List<String> p) {
        TaskOptions o = s.optionsOrDefaults();
        TaskOptions.FullCopyOptions f = o.fullCopyOrDefault();
        if (f.workers() != null && (f.workers() < 1 || f.workers() > 256)) {
            p.add("options.full_copy.workers: " + f.workers() + " is out of range; use 1-256");
        }
        if (f.chunkRows() != null && f.chunkRows() < 1) {
            p.add("options.full_copy.chunk_rows: must be at least 1");
        }
        if (f.workerBudgetSeconds() != null && (f.workerBudgetSeconds() < 10 || f.workerBudgetSeconds() > MAX_CALL_SECONDS)) {
            p.add("options.full_copy.worker_budget_seconds: use 10-" + MAX_CALL_SECONDS + LAMBDA_LIMIT);
        }
        TaskOptions.IncrementalOptions inc = o.incrementalOrDefault();
        boolean startGiven = inc.startGtidSet() != null || inc.startFile() != null || inc.startTimestamp() != null;
        if (startGiven && s.has(MigrationType.FULL)) {
            p.add("options.incremental.start_*: a start position is only for incremental-only tasks; with 'full' "
                    + "the binlog starts where the full copy began");
        }
        if (inc.startTimestamp() != null) {
            try {
                StartTimestamp.parse(inc.startTimestamp());
            } catch (IllegalArgumentException e) {
                p.add(e.getMessage());
            }
        }
        if (inc.startFile() != null && inc.startPosition() == null) {
            p.add("options.incremental.start_position: missing; give it with start_file (e.g. 4)");
        }
        if (inc.sliceSeconds() != null && (inc.sliceSeconds() < 10 || inc.sliceSeconds() > MAX_CALL_SECONDS)) {
            p.add("options.incremental.slice_seconds: use 10-" + MAX_CALL_SECONDS + LAMBDA_LIMIT);
        }
        Double window = o.retryOrDefault().windowMinutes();
        if (window != null && (window.isNaN() || window < 0 || window > TaskOptions.RetryOptions.MAX_WINDOW_MINUTES)) {
            p.add("options.retry.window_minutes: " + window + " is out of range; use 0 (fail at the first lost "
                    + "connection) to 1440 (24 hours); the default is 720 (12 hours)");
        }
    }
}
