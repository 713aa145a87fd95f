package dev.sluice.precheck;

import dev.sluice.precheck.checks.BinlogCompressionCheck;
import dev.sluice.precheck.checks.BinlogEnabledCheck;
import dev.sluice.precheck.checks.BinlogFormatCheck;
import dev.sluice.precheck.checks.BinlogRetentionCheck;
import dev.sluice.precheck.checks.BinlogRowImageCheck;
import dev.sluice.precheck.checks.BinlogRowMetadataCheck;
import dev.sluice.precheck.checks.BinlogRowValueOptionsCheck;
import dev.sluice.precheck.checks.CharsetCheck;
import dev.sluice.precheck.checks.ConnectivityCheck;
import dev.sluice.precheck.checks.DefinerCheck;
import dev.sluice.precheck.checks.DestinationPrivilegesCheck;
import dev.sluice.precheck.checks.EngineCheck;
import dev.sluice.precheck.checks.ExcessPrivilegesCheck;
import dev.sluice.precheck.checks.ExistingTablesCheck;
import dev.sluice.precheck.checks.ForeignKeyCheck;
import dev.sluice.precheck.checks.GeneratedColumnsCheck;
import dev.sluice.precheck.checks.GtidCheck;
import dev.sluice.precheck.checks.EnumSetMembersCheck;
import dev.sluice.precheck.checks.InvisibleColumnsCheck;
import dev.sluice.precheck.checks.KeyTypeCheck;
import dev.sluice.precheck.checks.LocalInfileCheck;
import dev.sluice.precheck.checks.LongTransactionsCheck;
import dev.sluice.precheck.checks.LowerCaseTableNamesCheck;
import dev.sluice.precheck.checks.MappingConflictCheck;
import dev.sluice.precheck.checks.MaxAllowedPacketCheck;
import dev.sluice.precheck.checks.MissingObjectsCheck;
import dev.sluice.precheck.checks.OldestBinlogCheck;
import dev.sluice.precheck.checks.PartitionCheck;
import dev.sluice.precheck.checks.PrimaryKeyCheck;
import dev.sluice.precheck.checks.ReadOnlyCheck;
import dev.sluice.precheck.checks.RowFilterCheck;
import dev.sluice.precheck.checks.ServerIdCheck;
import dev.sluice.precheck.checks.SourcePrivilegesCheck;
import dev.sluice.precheck.checks.SqlModeCheck;
import dev.sluice.precheck.checks.StartTimestampCheck;
import dev.sluice.precheck.checks.TimeZoneCheck;
import dev.sluice.precheck.checks.TriggersAndEventsCheck;
import dev.sluice.precheck.checks.OnlineDdlCheck;
import dev.sluice.precheck.checks.VersionDirectionCheck;
import java.util.List;

/** The registry: every precheck in the order it runs and is reported. Adding a check = one class + one line here. */
public final class Checks {
    private Checks() {
    }

    /** All checks; {@link ConnectivityCheck} first (nothing else runs when it fails). */
    public static List<Check> all() {
        return List.of(
                new ConnectivityCheck(),
                // source binlog (incremental only)
                new BinlogEnabledCheck(),
                new BinlogFormatCheck(),
                new BinlogRowImageCheck(),
                new BinlogRowMetadataCheck(),
                new BinlogCompressionCheck(),
                new BinlogRowValueOptionsCheck(),
                new ServerIdCheck(),
                new GtidCheck(),
                new BinlogRetentionCheck(),
                new OldestBinlogCheck(),
                new StartTimestampCheck(),
                new LongTransactionsCheck(),
                // privileges
                new SourcePrivilegesCheck(),
                new DestinationPrivilegesCheck(),
                new ExcessPrivilegesCheck(),
                // destination
                new ReadOnlyCheck(),
                new ExistingTablesCheck(),
                new LocalInfileCheck(),
                new MaxAllowedPacketCheck(),
                new LowerCaseTableNamesCheck(),
                new VersionDirectionCheck(),
                new CharsetCheck(),
                new SqlModeCheck(),
                new TimeZoneCheck(),
                // objects
                new MissingObjectsCheck(),
                new MappingConflictCheck(),
                new PrimaryKeyCheck(),
                new EngineCheck(),
                new KeyTypeCheck(),
                new GeneratedColumnsCheck(),
                new RowFilterCheck(),
                new InvisibleColumnsCheck(),
                new EnumSetMembersCheck(),
                new ForeignKeyCheck(),
                new TriggersAndEventsCheck(),
                new DefinerCheck(),
                new PartitionCheck(),
                new OnlineDdlCheck());
    }
}
