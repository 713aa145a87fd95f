package dev.sluice.settings;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * Every setting of a Sluice process (a task's own options are in its task file), declared once here and read one
 * way: the Java system property ({@code -Dsluice.verify.chunkRows=500}), else the environment variable of the same
 * name in capitals with {@code _} for every other character ({@code SLUICE_VERIFY_CHUNKROWS}; the mapping Quarkus
 * uses), else the default. A value that does not parse stops with both names and what to set. The table of every
 * setting is docs/settings.md; {@code SettingsTest} checks that it lists each one declared here.
 */
public final class Settings {
    /**
     * The longest a call may work: Lambda stops a function after 15 minutes, so a full-copy worker's budget and an
     * incremental slice end a minute before (task-file limits {@code worker_budget_seconds}, {@code slice_seconds}).
     */
    public static final Duration MAX_CALL = Duration.ofMinutes(14);

    // the state table (read by the state beans, the AWS platform and task-complete)
    public static final Setting STATE_TABLE = new Setting("sluice.state.table", "the DynamoDB state table's name");
    public static final Setting DYNAMODB_ENDPOINT = new Setting("sluice.dynamodb.endpoint",
            "a DynamoDB-compatible endpoint instead of AWS (tests, benches)");
    public static final Setting AWS_REGION = new Setting("sluice.aws.region",
            "the region of the state table when AWS_REGION is not set");
    public static final Setting FINISHED_TASK_TTL_DAYS = new Setting("sluice.state.finished-task-ttl-days",
            "days a finished task's items are kept (0 = kept forever)");
    public static final Setting AWS_ENDPOINT = new Setting("sluice.aws.endpoint",
            "a Secrets Manager-compatible endpoint instead of AWS (tests)");
    public static final Setting SECRETS_CACHE_SECONDS = new Setting("sluice.secrets.cache-seconds",
            "how long a password read from Secrets Manager is cached (0 = not cached)");
    public static final Setting STACK_NAME = new Setting("sluice.stack.name",
            "the CloudFormation stack; on Lambda, the functions' metrics go to CloudWatch under it (embedded metric format)");
    // the phases
    public static final Setting FULLCOPY_WRITE_METHOD = new Setting("sluice.fullcopy.write-method",
            "load-data (default), multi-row-insert or prepared-batch");
    public static final Setting FULLCOPY_INLINE_INDEX_BUILDS = new Setting("sluice.fullcopy.inlineIndexBuilds",
            "false: no index builds right after a table's last chunk (comparisons)");
    public static final Setting VERIFY_CHUNKS_PER_BATCH = new Setting("sluice.verify.chunksPerBatch",
            "chunk ranges per verification batch (tests)");
    public static final Setting VERIFY_CHUNK_ROWS = new Setting("sluice.verify.chunkRows",
            "rows per verification chunk instead of the task's (tests)");
    public static final Setting INCREMENTAL_WORKERS = incremental("workers", "apply workers");
    public static final Setting INCREMENTAL_BATCH_ROWS = incremental("batchRows", "rows per applied batch");
    public static final Setting INCREMENTAL_BATCH_MILLIS = incremental("batchMillis", "longest wait to fill a batch");
    public static final Setting INCREMENTAL_QUEUE_EVENTS = incremental("queueEvents", "events queued per worker");
    public static final Setting INCREMENTAL_SLICE_SECONDS = incremental("sliceSeconds",
            "slice length instead of the task's slice_seconds");
    public static final Setting INCREMENTAL_HEARTBEAT_MILLIS = incremental("heartbeatMillis",
            "interval of the delay heartbeat on the source");
    public static final Setting INCREMENTAL_DESTINATION_BINLOG = incremental("destinationBinlog",
            "true: the applied changes are written to the destination's binlog");
    public static final Setting INCREMENTAL_MIRROR_MILLIS = incremental("mirrorMillis",
            "interval of the CHECKPOINT#BINLOG mirror");
    public static final Setting TEST_CRASH_AFTER_DDL = new Setting("sluice.test.crashAfterDdl",
            "tests: halt the process after a replicated DDL containing this text");
    // the command line
    public static final Setting HOME = new Setting("sluice.home", "the local state directory (default ./.sluice)");
    public static final Setting DEBUG = new Setting("sluice.debug", "set: errors print their stack trace");
    public static final Setting STATE_MACHINE_ARN = new Setting("sluice.state-machine.arn",
            "the Step Functions state machine of 'sluice start --aws'");

    private Settings() {
    }

    /** True inside AWS Lambda (its runtime sets {@code AWS_LAMBDA_FUNCTION_NAME}). */
    public static boolean onLambda() {
        return System.getenv("AWS_LAMBDA_FUNCTION_NAME") != null;
    }

    /** The region AWS gives a function ({@code AWS_REGION}), if any. */
    public static Optional<String> awsRegion() {
        return Optional.ofNullable(System.getenv("AWS_REGION"));
    }

    private static Setting incremental(String name, String meaning) {
        return new Setting("sluice.incremental." + name, meaning);
    }

    /** One setting: its system property, the environment variable derived from it, and what it means. */
    public record Setting(String property, String meaning) {
        /** {@code SLUICE_STATE_TABLE} for {@code sluice.state.table}. */
        public String environmentVariable() {
            return property.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(Locale.ROOT);
        }

        /** The value set (system property, else environment variable), blank counting as not set. */
        public Optional<String> value() {
            String v = System.getProperty(property);
            if (v == null || v.isBlank()) {
                v = System.getenv(environmentVariable());
            }
            return v == null || v.isBlank() ? Optional.empty() : Optional.of(v.strip());
        }

        public String string(String dflt) {
            return value().orElse(dflt);
        }

        public Optional<Long> optionalLong() {
            return value().map(v -> {
                try {
                    return Long.parseLong(v);
                } catch (NumberFormatException e) {
                    throw invalid(v, "a whole number");
                }
            });
        }

        public long longValue(long dflt) {
            return optionalLong().orElse(dflt);
        }

        public int intValue(int dflt) {
            return Math.toIntExact(longValue(dflt));
        }

        public boolean bool(boolean dflt) {
            return value().map(v -> switch (v.toLowerCase(Locale.ROOT)) {
                case "true" -> true;
                case "false" -> false;
                default -> throw invalid(v, "true or false");
            }).orElse(dflt);
        }

        private IllegalStateException invalid(String v, String expected) {
            return new IllegalStateException(property + " (or " + environmentVariable() + ") is '" + v
                    + "'; set it to " + expected + " (" + meaning + ")");
        }
    }
}
