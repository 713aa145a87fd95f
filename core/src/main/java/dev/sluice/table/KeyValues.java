package dev.sluice.table;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Key values as portable strings (chunk bounds in the ledger and in verification): binary and BIT key columns as
 * hex of their bytes, every other type as the server's text form (exact for integers of any size, DECIMAL,
 * temporals and character data).
 */
public final class KeyValues {
    private static final HexFormat HEX = HexFormat.of();

    private KeyValues() {
    }

    /** The key of the current row, reading result columns {@code first .. first + key.size() - 1}. */
    public static List<String> read(ResultSet rs, int first, List<Column> key) throws SQLException {
        List<String> out = new ArrayList<>(key.size());
        for (int i = 0; i < key.size(); i++) {
            if (key.get(i).bytesValue()) {
                out.add(HEX.formatHex(rs.getBytes(first + i)));
            } else {
                out.add(rs.getString(first + i));
            }
        }
        return out;
    }

    /** Binds one key value at parameter {@code index}. */
    public static void bind(PreparedStatement ps, int index, Column column, String value) throws SQLException {
        if (column.bytesValue()) {
            ps.setBytes(index, HEX.parseHex(value));
        } else {
            ps.setString(index, value);
        }
    }
}
