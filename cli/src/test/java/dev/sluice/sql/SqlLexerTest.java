package dev.sluice.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class SqlLexerTest {
    private final SqlLexer lexer = new SqlLexer();

    private static String join(List<Token> ts) {
        StringBuilder sb = new StringBuilder();
        ts.forEach(t -> sb.append(t.text()));
        return sb.toString();
    }

    @Test
    void isLosslessAndKnowsQuotesCommentsAndVariables() {
        String sql = "SELECT `a``b`, 'it''s \\' x', \"dq\", _utf8mb4'z', X'0A', 1.5e3, .5, 1abc -- c\n"
                + "/* block */ /*!50705 SPATIAL */ # hash\n@v, @@session.sql_mode, @'q v', a.b, DEFINER=`root`@`%`";
        List<Token> ts = lexer.tokenize(sql);
        assertEquals(sql, join(ts));
        List<Token> sig = ts.stream().filter(t -> !t.isTrivia()).toList();
        assertEquals(TokenType.QUOTED_ID, sig.get(1).type());
        assertEquals("a`b", sig.get(1).name());
        assertEquals(TokenType.STRING, sig.get(3).type());
        assertEquals("'it''s \\' x'", sig.get(3).text());
        assertEquals(TokenType.STRING, sig.get(5).type());
        assertEquals("_utf8mb4", sig.get(7).text());
        assertEquals(TokenType.STRING, sig.get(8).type());
        assertEquals("X'0A'", sig.get(10).text());
        assertEquals(TokenType.NUMBER, sig.get(12).type());
        assertEquals(TokenType.NUMBER, sig.get(14).type());
        assertEquals(TokenType.WORD, sig.get(16).type());
        assertEquals("1abc", sig.get(16).text());
        long comments = ts.stream().filter(t -> t.type() == TokenType.COMMENT).count();
        assertEquals(4, comments);
        assertEquals(List.of("@v", "@@session.sql_mode", "@'q v'"),
                sig.stream().filter(t -> t.type() == TokenType.VARIABLE).map(Token::text).toList());
        Token at = sig.get(sig.size() - 2);
        assertEquals("@", at.text());
        assertEquals(TokenType.SYMBOL, at.type());
    }

    @Test
    void ansiQuotesMakesDoubleQuotesIdentifiers() {
        List<Token> ts = SqlLexer.forSqlMode("ANSI_QUOTES,STRICT_TRANS_TABLES").significant("SELECT \"a\"\"b\" FROM t");
        assertEquals(TokenType.QUOTED_ID, ts.get(1).type());
        assertEquals("a\"b", ts.get(1).name());
    }

    @Test
    void noBackslashEscapesEndsStringAtBackslashQuote() {
        List<Token> ts = SqlLexer.forSqlMode("NO_BACKSLASH_ESCAPES").significant("SELECT 'a\\', b");
        assertEquals("'a\\'", ts.get(1).text());
        assertEquals("b", ts.get(3).text());
    }
}
