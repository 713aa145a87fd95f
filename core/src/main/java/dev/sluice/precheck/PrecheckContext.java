package dev.sluice.precheck;

import dev.sluice.connectivity.ConnectivityReport;
import dev.sluice.connectivity.ConnectivityTester;
import dev.sluice.task.MigrationType;
import dev.sluice.task.NameMapping;
import dev.sluice.task.TaskSpec;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What the checks share, each loaded once on first use: the task, both endpoints ({@link ServerSide}: connection,
 * server info, variables, privileges), the connectivity report, the source inventory and destination facts.
 */
public final class PrecheckContext implements AutoCloseable {
    private final TaskSpec spec;
    private final ServerSide source;
    private final ServerSide destination;
    private ConnectivityReport connectivity;
    private Inventory inventory;
    private Map<String, String> destinationTables;
    private Set<String> destinationDatabases;
    private Optional<Set<String>> destinationAccounts;

    public PrecheckContext(TaskSpec spec) {
        this.spec = spec;
        this.source = new ServerSide("source", spec.source());
        this.destination = new ServerSide("destination", spec.destination());
    }

    public TaskSpec spec() {
        return spec;
    }

    public boolean has(MigrationType type) {
        return spec.has(type);
    }

    public NameMapping mapping() {
        return spec.mappingOrNone();
    }

    public ServerSide source() {
        return source;
    }

    public ServerSide destination() {
        return destination;
    }

    public ConnectivityReport connectivity() {
        if (connectivity == null) {
            connectivity = new ConnectivityTester().test(spec);
        }
        return connectivity;
    }

    public Inventory inventory() throws SQLException {
        if (inventory == null) {
            inventory = Inventory.load(source, spec);
        }
        return inventory;
    }

    /** Destination database name of a source table (after mapping). */
    public String targetDb(String sourceDb) {
        return mapping().database(sourceDb);
    }

    /** Destination {@code db.table} of a source table (after mapping). */
    public String target(Inventory.Table t) {
        return targetDb(t.db()) + "." + mapping().table(t.db(), t.name());
    }

    /** Base tables and views on the destination in the target databases: {@code db.table} → engine (null for views). */
    public Map<String, String> destinationTables() throws SQLException {
        if (destinationTables == null) {
            Set<String> dbs = new HashSet<>();
            for (Inventory.Database d : inventory().databases()) {
                dbs.add(targetDb(d.name()));
            }
            Map<String, String> out = new LinkedHashMap<>();
            if (!dbs.isEmpty()) {
                String in = dbs.stream().map(d -> "?").collect(Collectors.joining(", ", "(", ")"));
                for (Map<String, Object> r : destination.query("SELECT TABLE_SCHEMA, TABLE_NAME, ENGINE FROM "
                        + "information_schema.TABLES WHERE TABLE_SCHEMA IN " + in, dbs.toArray())) {
                    out.put(r.get("TABLE_SCHEMA") + "." + r.get("TABLE_NAME"),
                            r.get("ENGINE") == null ? null : String.valueOf(r.get("ENGINE")));
                }
            }
            destinationTables = out;
        }
        return destinationTables;
    }

    /** Databases that exist on the destination. */
    public Set<String> destinationDatabases() throws SQLException {
        if (destinationDatabases == null) {
            Set<String> out = new HashSet<>();
            for (Map<String, Object> r : destination.query("SELECT SCHEMA_NAME FROM information_schema.SCHEMATA")) {
                out.add(String.valueOf(r.get("SCHEMA_NAME")));
            }
            destinationDatabases = out;
        }
        return destinationDatabases;
    }

    /** Accounts on the destination as {@code user@host}, or empty when the account may not read mysql.user. */
    public Optional<Set<String>> destinationAccounts() {
        if (destinationAccounts == null) {
            try {
                Set<String> out = new HashSet<>();
                for (Map<String, Object> r : destination.query("SELECT User, Host FROM mysql.user")) {
                    out.add(r.get("USER") + "@" + String.valueOf(r.get("HOST")).toLowerCase(Locale.ROOT));
                }
                destinationAccounts = Optional.of(out);
            } catch (SQLException e) {
                destinationAccounts = Optional.empty();
            }
        }
        return destinationAccounts;
    }

    /** Names of the selected source tables and their destination names, in inventory order. */
    public List<Inventory.Table> selectedTables() throws SQLException {
        return inventory().tables();
    }

    @Override
    public void close() {
        source.close();
        destination.close();
    }
}
