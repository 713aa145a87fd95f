package dev.sluice.fullcopy;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Key values as portable strings for the ledger: binary and BIT key columns as hex of their bytes, every other type
 * as the server's text form (exact for integers of any size, DECIMAL, temporals and character data).
 */
public final class KeyValues {
    private static final HexFormat HEX = HexFormat.of();

    private KeyValues() {
    }

    static boolean isBinary(ColumnInfo c) {
        return c.kind() == ColumnInfo.Kind.BINARY_STRING || c.kind() == ColumnInfo.Kind.BIT;
    }

    /** The key of the current row, reading result columns {@code first .. first + key.size() - 1}. */
    public static List<String> read(ResultSet rs, int first, List<ColumnInfo> key) throws SQLException {
        List<String> out = new ArrayList<>(key.size());
        for (int i = 0; i < key.size(); i++) {
            if (isBinary(key.get(i))) {
                out.add(HEX.formatHex(rs.getBytes(first + i)));
            } else {
                out.add(rs.getString(first + i));
            }
        }
        return out;
    }

    /** Binds one key value at parameter {@code index}. */
    public static void bind(PreparedStatement ps, int index, ColumnInfo column, String value) throws SQLException {
        if (isBinary(column)) {
            ps.setBytes(index, HEX.parseHex(value));
        } else {
            ps.setString(index, value);
        }
    }
}
