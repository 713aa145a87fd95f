package dev.sluice.verification;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits a keyed table into key ranges of about {@code chunkRows} rows on the source by walking the key index
 * ({@code ORDER BY key LIMIT 1 OFFSET n} from the previous boundary); boundary values are read as exact text, so
 * BIGINT UNSIGNED and DECIMAL keys keep every digit. Keys that cannot be ranged give one chunk.
 */
final class ChunkPlanner {
    private ChunkPlanner() {
    }

    static List<Chunk> plan(Connection source, TableTarget t, long chunkRows) throws SQLException {
        if (!t.chunkable()) {
            return List.of(Chunk.whole());
        }
        RowSql sql = new RowSql(t, Side.SOURCE);
        String select = "SELECT " + String.join(", ", t.key().stream().map(sql::fetched).toList())
                + " FROM " + t.quoted(Side.SOURCE) + " FORCE INDEX (" + dev.sluice.db.Sql.id(t.keyIndex()) + ")";
        List<List<String>> bounds = new ArrayList<>();
        List<String> lower = null;
        while (true) {
            Chunk from = new Chunk(0, lower, null);
            String q = select + sql.rangeWhere(from) + " ORDER BY " + sql.keyList() + " LIMIT 1 OFFSET " + chunkRows;
            try (PreparedStatement ps = source.prepareStatement(q)) {
                Values.bindAll(ps, sql.rangeParamKinds(from), RowSql.rangeParams(from));
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        break;
                    }
                    List<String> b = new ArrayList<>();
                    for (int i = 0; i < t.key().size(); i++) {
                        b.add(Values.read(rs, i + 1, t.key().get(i).kind()));
                    }
                    bounds.add(b);
                    lower = b;
                }
            }
        }
        List<Chunk> chunks = new ArrayList<>();
        for (int i = 0; i <= bounds.size(); i++) {
            chunks.add(new Chunk(i, i == 0 ? null : bounds.get(i - 1), i == bounds.size() ? null : bounds.get(i)));
        }
        return chunks;
    }
}
