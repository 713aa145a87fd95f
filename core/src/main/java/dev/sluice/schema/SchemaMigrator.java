package dev.sluice.schema;

import dev.sluice.db.Endpoints;
import dev.sluice.failure.Failures;
import dev.sluice.sql.SchemaCatalog;
import dev.sluice.task.TaskSpec;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The schema phase of a task: {@link #create} (before the full copy) reads the source schema, plans and runs the
 * destination DDL up to tables with their primary keys, routines, views and events; {@link #finish} (after the
 * copy) adds secondary indexes, foreign keys and triggers that are still missing. Both store a report per source
 * database through the {@link SchemaStore}.
 */
public final class SchemaMigrator {
    private final SchemaStore store;

    public SchemaMigrator(SchemaStore store) {
        this.store = store;
    }

    /** What a phase did, for the workflow: the number of objects created and the reports. */
    public record Result(int objects, List<SchemaReport> reports) {
    }

    public Result create(TaskSpec spec) {
        return run(spec, true);
    }

    public Result finish(TaskSpec spec) {
        return run(spec, false);
    }

    private Result run(TaskSpec spec, boolean create) {
        try (Connection src = Endpoints.open(spec.source());
             Connection dst = Endpoints.openForLongStatements(spec.destination(), Map.of())) {
            ServerProfile srcProfile = ServerProfile.of(src);
            ServerProfile dstProfile = ServerProfile.of(dst);
            SchemaReader reader = new SchemaReader(src);
            List<SourceDatabase> dbs = reader.read(spec.filter());
            SchemaCatalog catalog = SchemaPlanner.catalog(dbs, reader.viewColumns(dbs));
            ChangeLog log = new ChangeLog();
            SchemaPlanner planner = new SchemaPlanner(srcProfile, dstProfile, spec.mappingOrNone(), spec.filter(),
                    spec.optionsOrDefaults().schemaOrDefault(), log)
                    .guardTriggers(spec.has(dev.sluice.task.MigrationType.INCREMENTAL))
                    .holdUniqueKeys(spec.has(dev.sluice.task.MigrationType.FULL)
                            && spec.has(dev.sluice.task.MigrationType.INCREMENTAL));
            List<Step> plan = planner.plan(dbs, catalog);
            SchemaApplier applier = new SchemaApplier(dst, dstProfile, spec.optionsOrDefaults().existingObjectsOrDefault(), log)
                    .parallelIndexBuilds(spec.optionsOrDefaults().fullCopyOrDefault().workersOrDefault(),
                            () -> Endpoints.openForLongStatements(spec.destination(), Map.of()));
            SchemaApplier.Outcome outcome;
            RuntimeException failure = null;
            try {
                outcome = create ? applier.create(plan, store) : applier.finish(plan, skippedTables(spec));
                if (create) {
                    Set<String> kept = skippedTables(spec);
                    store.saveDeferredIndexes(IndexSteps.deferred(plan).stream()
                            .filter(d -> !kept.contains(d.database() + "." + d.table())).toList());
                    store.saveUniqueKeysAfterReplay(IndexSteps.afterReplay(plan.stream()
                            .filter(s -> !kept.contains(s.database() + "." + s.table())).toList()));
                }
            } catch (SchemaObjectsFailedException e) {
                outcome = e.outcome();
                failure = e;
            }
            List<SchemaReport> reports = saveReports(spec, dbs, srcProfile, dstProfile, log, outcome, !create);
            if (failure != null) {
                throw failure;
            }
            return new Result(outcome.total(), reports);
        } catch (SQLException e) {
            throw Failures.classify("schema " + (create ? "create" : "finish"), e);
        }
    }

    /** Tables the create phase kept as they were (policy skip): their indexes, keys and triggers are left alone. */
    private Set<String> skippedTables(TaskSpec spec) {
        Set<String> out = new HashSet<>();
        if (spec.optionsOrDefaults().existingObjectsOrDefault() != dev.sluice.task.TaskOptions.ConflictPolicy.SKIP) {
            return out;
        }
        store.preexisting().ifPresent(pre -> pre.stream().filter(k -> k.startsWith("relation "))
                .forEach(k -> out.add(k.substring("relation ".length()))));
        return out;
    }

    private List<SchemaReport> saveReports(TaskSpec spec, List<SourceDatabase> dbs, ServerProfile src,
                                           ServerProfile dst, ChangeLog log, SchemaApplier.Outcome outcome,
                                           boolean finished) {
        List<SchemaReport> out = new ArrayList<>();
        for (SourceDatabase d : dbs) {
            List<SchemaChange> changes = new ArrayList<>();
            List<SchemaChange> problems = new ArrayList<>();
            for (ChangeLog.Entry e : log.entries()) {
                if (e.database().equals(d.name())) {
                    (e.problem() ? problems : changes).add(e.change());
                }
            }
            SchemaReport base = store.report(d.name()).orElse(new SchemaReport(d.name(),
                    spec.mappingOrNone().database(d.name()), src.info().describe(), dst.info().describe(),
                    Map.of(), List.of(), List.of(), List.of(), false));
            SchemaReport merged = base.merge(outcome.created().getOrDefault(d.name(), Map.of()),
                    outcome.skipped().getOrDefault(d.name(), List.of()), changes, problems, finished);
            store.saveReport(merged);
            out.add(merged);
        }
        return out;
    }
}
