package dev.sluice.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;

class SqlScriptTest {
    private static List<String> sqls(String script) {
        return SqlScript.split(script).stream().map(SqlScript.Statement::sql).toList();
    }

    @Test
    void splitsOnSemicolonsOutsideQuotesAndComments() {
        assertEquals(List.of("INSERT INTO t VALUES ('a;b', \"c;d\", `e;f`)", "SELECT 'it''s; \\' still' AS x", "SELECT 2"),
                sqls("INSERT INTO t VALUES ('a;b', \"c;d\", `e;f`);\n"
                        + "-- a comment; with a semicolon\n"
                        + "# another; one\n"
                        + "/* block; comment */\n"
                        + "SELECT 'it''s; \\' still' AS x;SELECT 2"));
    }

    @Test
    void delimiterCommandsChangeTheTerminatorForRoutineBodies() {
        String script = """
                DELIMITER ;;
                CREATE TRIGGER t1 AFTER INSERT ON a FOR EACH ROW BEGIN
                    INSERT INTO b VALUES (new.id); -- don't split here
                  END;;
                delimiter $$
                CREATE FUNCTION f() RETURNS INT
                BEGIN
                  #OK; a hash comment with 'a quote
                  RETURN 1;
                END $$
                DELIMITER ;
                SELECT '$$;;';
                """;
        List<SqlScript.Statement> statements = SqlScript.split(script);
        assertEquals(3, statements.size(), statements.toString());
        assertTrue(statements.get(0).sql().startsWith("CREATE TRIGGER t1") && statements.get(0).sql().endsWith("END"));
        assertTrue(statements.get(0).sql().contains("(new.id); -- don't split here"));
        assertEquals(2, statements.get(0).line());
        assertTrue(statements.get(1).sql().startsWith("CREATE FUNCTION f()") && statements.get(1).sql().endsWith("END"));
        assertEquals(6, statements.get(1).line());
        assertEquals("SELECT '$$;;'", statements.get(2).sql());
        assertEquals(12, statements.get(2).line());
    }

    @Test
    void executableCommentsAreStatementsAndCommentOnlyTailsAreDropped() {
        assertEquals(List.of("/*!50610 ALTER TABLE film_text engine=InnoDB */",
                        "CREATE TABLE a (id INT, /*!50705 location GEOMETRY NOT NULL,*/ x INT)"),
                sqls("/*!50610 ALTER TABLE film_text engine=InnoDB */;\n"
                        + "CREATE TABLE a (id INT, /*!50705 location GEOMETRY NOT NULL,*/ x INT);\n-- the end\n"));
    }

    @Test
    void delimiterWithoutValueIsRejectedWithItsLine() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SqlScript.split("SELECT 1;\nDELIMITER  \nSELECT 2;"));
        assertTrue(e.getMessage().contains("line 2"), e.getMessage());
    }

    @Test
    void sakilaSchemaSplitsIntoItsObjects() throws IOException {
        List<SqlScript.Statement> statements = SqlScript.split(Files.readString(Sakila.schemaFile(), StandardCharsets.UTF_8));
        long triggers = statements.stream().filter(s -> s.sql().startsWith("CREATE TRIGGER")).count();
        long routines = statements.stream().filter(s -> s.sql().matches("(?s)CREATE (PROCEDURE|FUNCTION).*")).count();
        assertEquals(3, triggers); // the other three are in sakila-data.sql
        assertEquals(6, routines);
        assertTrue(statements.stream().noneMatch(s -> s.sql().toUpperCase().startsWith("DELIMITER")));
    }
}
