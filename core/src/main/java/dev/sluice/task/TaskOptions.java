package dev.sluice.task;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.sluice.settings.Settings;

/**
 * The {@code options:} section of a task file: what to do with objects and rows already on the destination and
 * how each phase runs. Every field has a safe default, so the whole section may be left out.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TaskOptions(
        ConflictPolicy existingObjects,
        ExistingDataPolicy existingData,
        SchemaOptions schema,
        FullCopyOptions fullCopy,
        IncrementalOptions incremental,
        Boolean verifyAfterFullCopy,
        RetryOptions retry,
        OnlineDdl onlineDdl,
        BinlogPurgedPolicy onBinlogPurged) {

    public static final TaskOptions DEFAULTS = new TaskOptions(null, null, null, null, null, null, null, null, null);

    /** Options without an on_binlog_purged choice (fail). */
    public TaskOptions(ConflictPolicy existingObjects, ExistingDataPolicy existingData, SchemaOptions schema,
                       FullCopyOptions fullCopy, IncrementalOptions incremental, Boolean verifyAfterFullCopy,
                       RetryOptions retry, OnlineDdl onlineDdl) {
        this(existingObjects, existingData, schema, fullCopy, incremental, verifyAfterFullCopy, retry, onlineDdl, null);
    }

    /** Options without an online_ddl setting (auto). */
    public TaskOptions(ConflictPolicy existingObjects, ExistingDataPolicy existingData, SchemaOptions schema,
                       FullCopyOptions fullCopy, IncrementalOptions incremental, Boolean verifyAfterFullCopy,
                       RetryOptions retry) {
        this(existingObjects, existingData, schema, fullCopy, incremental, verifyAfterFullCopy, retry, null);
    }

    /** Options without a retry section (the default window). */
    public TaskOptions(ConflictPolicy existingObjects, ExistingDataPolicy existingData, SchemaOptions schema,
                       FullCopyOptions fullCopy, IncrementalOptions incremental, Boolean verifyAfterFullCopy) {
        this(existingObjects, existingData, schema, fullCopy, incremental, verifyAfterFullCopy, null, null);
    }

    public BinlogPurgedPolicy onBinlogPurgedOrDefault() {
        return onBinlogPurged == null ? BinlogPurgedPolicy.FAIL : onBinlogPurged;
    }

    /**
     * {@code on_binlog_purged}: what replication does when the binlog it needs was purged from the source: fail
     * (default; 'sluice resnapshot' then recovers), or resnapshot (recover at once: replication continues from the
     * source's current position and every selected table is copied again with its own hand-off; ADR 0093).
     */
    public enum BinlogPurgedPolicy {
        FAIL, RESNAPSHOT;

        @com.fasterxml.jackson.annotation.JsonCreator
        public static BinlogPurgedPolicy parse(String v) {
            return Enums.parse(BinlogPurgedPolicy.class, v);
        }

        @com.fasterxml.jackson.annotation.JsonValue
        public String text() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public ConflictPolicy existingObjectsOrDefault() {
        return existingObjects == null ? ConflictPolicy.FAIL : existingObjects;
    }

    public ExistingDataPolicy existingDataOrDefault() {
        return existingData == null ? ExistingDataPolicy.FAIL : existingData;
    }

    public SchemaOptions schemaOrDefault() {
        return schema == null ? SchemaOptions.DEFAULTS : schema;
    }

    public FullCopyOptions fullCopyOrDefault() {
        return fullCopy == null ? FullCopyOptions.DEFAULTS : fullCopy;
    }

    public IncrementalOptions incrementalOrDefault() {
        return incremental == null ? IncrementalOptions.DEFAULTS : incremental;
    }

    public boolean verifyAfterFullCopyOrDefault() {
        return verifyAfterFullCopy != null && verifyAfterFullCopy;
    }

    public RetryOptions retryOrDefault() {
        return retry == null ? RetryOptions.DEFAULTS : retry;
    }

    public OnlineDdl onlineDdlOrDefault() {
        return onlineDdl == null ? OnlineDdl.AUTO : onlineDdl;
    }

    /**
     * Online schema change tools run on the source (TiDB DM's online-ddl): {@code auto} (default) recognises the
     * tables of gh-ost and pt-online-schema-change by name, {@code gh-ost} or {@code pt-osc} only that tool's,
     * {@code off} treats them as ordinary tables ({@link OnlineDdlTables}, ADR 0090).
     */
    public enum OnlineDdl {
        AUTO, GH_OST, PT_OSC, OFF;

        /** Also YAML's booleans: a bare {@code off} reaches here as {@code false}; {@code true} is DM's "on". */
        @com.fasterxml.jackson.annotation.JsonCreator
        public static OnlineDdl parse(String v) {
            String b = v == null ? "" : v.trim().toLowerCase(java.util.Locale.ROOT);
            if (b.equals("false") || b.equals("no")) {
                return OFF;
            }
            return b.equals("true") || b.equals("yes") || b.equals("on") ? AUTO : Enums.parse(OnlineDdl.class, v);
        }

        @com.fasterxml.jackson.annotation.JsonValue
        public String yamlName() {
            return Enums.yamlName(this);
        }
    }

    /**
     * How long failures a retry may cure (lost connections, restarts, read-only destination, lock waits, too many
     * connections) are retried before the task fails: {@code window_minutes}, 0-1440, default 720 (DTS's twelve
     * hours); 0 fails at the first such error. Fractions are allowed (0.5 = 30 s).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record RetryOptions(Double windowMinutes) {
        public static final RetryOptions DEFAULTS = new RetryOptions(null);
        public static final double DEFAULT_WINDOW_MINUTES = 720;
        public static final double MAX_WINDOW_MINUTES = 1440;

        public double windowMinutesOrDefault() {
            return windowMinutes == null ? DEFAULT_WINDOW_MINUTES : windowMinutes;
        }

        public java.time.Duration window() {
            return java.time.Duration.ofMillis(Math.round(windowMinutesOrDefault() * 60_000));
        }
    }

    /** What the schema phase does when an object of the same name already exists on the destination. */
    public enum ConflictPolicy {
        FAIL, SKIP, DROP_AND_CREATE;

        @com.fasterxml.jackson.annotation.JsonCreator
        public static ConflictPolicy parse(String v) {
            return Enums.parse(ConflictPolicy.class, v);
        }

        @com.fasterxml.jackson.annotation.JsonValue
        public String yamlName() {
            return Enums.yamlName(this);
        }
    }

    /** What the precheck and full copy do when a destination table already holds rows. */
    public enum ExistingDataPolicy {
        FAIL, IGNORE, TRUNCATE;

        @com.fasterxml.jackson.annotation.JsonCreator
        public static ExistingDataPolicy parse(String v) {
            return Enums.parse(ExistingDataPolicy.class, v);
        }

        @com.fasterxml.jackson.annotation.JsonValue
        public String yamlName() {
            return Enums.yamlName(this);
        }
    }

    /** Schema phase settings: which parts wait until after the full copy, and how DEFINERs are treated. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record SchemaOptions(Boolean deferSecondaryIndexes, Boolean deferForeignKeys, Boolean deferTriggers,
                                DefinerPolicy definer) {
        public static final SchemaOptions DEFAULTS = new SchemaOptions(null, null, null, null);

        public boolean deferSecondaryIndexesOrDefault() {
            return deferSecondaryIndexes == null || deferSecondaryIndexes;
        }

        public boolean deferForeignKeysOrDefault() {
            return deferForeignKeys == null || deferForeignKeys;
        }

        public boolean deferTriggersOrDefault() {
            return deferTriggers == null || deferTriggers;
        }

        public DefinerPolicy definerOrDefault() {
            return definer == null ? DefinerPolicy.KEEP_IF_EXISTS : definer;
        }
    }

    /** DEFINER handling for views, routines, triggers and events. */
    public enum DefinerPolicy {
        KEEP_IF_EXISTS, DESTINATION_USER, KEEP;

        @com.fasterxml.jackson.annotation.JsonCreator
        public static DefinerPolicy parse(String v) {
            return Enums.parse(DefinerPolicy.class, v);
        }

        @com.fasterxml.jackson.annotation.JsonValue
        public String yamlName() {
            return Enums.yamlName(this);
        }
    }

    /** Full copy settings: parallel workers, chunk size and each worker call's time budget. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record FullCopyOptions(Integer workers, Long chunkRows, Long chunkBytes, Integer workerBudgetSeconds,
                                  Boolean destinationBinlog) {
        public static final FullCopyOptions DEFAULTS = new FullCopyOptions(null, null, null, null, null);

        public int workersOrDefault() {
            return workers == null ? 4 : workers;
        }

        public long chunkRowsOrDefault() {
            return chunkRows == null ? 50_000 : chunkRows;
        }

        public long chunkBytesOrDefault() {
            return chunkBytes == null ? 64L << 20 : chunkBytes;
        }

        public int workerBudgetSecondsOrDefault() {
            return workerBudgetSeconds == null ? 600 : workerBudgetSeconds;
        }

        /** Whether rows the copy writes go to the destination's own binlog (default no: sql_log_bin=0). */
        public boolean destinationBinlogOrDefault() {
            return destinationBinlog != null && destinationBinlog;
        }
    }

    /**
     * Incremental settings. For an incremental-only task the start may be given as a GTID set, a binlog file and
     * position, or a timestamp; with a full copy the start is the copy's hand-off position.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record IncrementalOptions(String startGtidSet, String startFile, Long startPosition, String startTimestamp,
                                     Boolean heartbeat, Integer sliceSeconds, Integer serverId) {
        public static final IncrementalOptions DEFAULTS =
                new IncrementalOptions(null, null, null, null, null, null, null);

        public boolean heartbeatOrDefault() {
            return heartbeat == null || heartbeat;
        }

        public int sliceSecondsOrDefault() {
            return sliceSeconds == null ? (int) Settings.MAX_CALL.toSeconds() : sliceSeconds;
        }
    }
}
